import pg from 'pg';
import { expect, inject, it } from 'vitest';

it('the shared server answers', async () => {
  const p = inject('pg');
  if ('skip' in p) return;
  const c = new pg.Client({ host: p.host, port: p.port, user: 'postgres', database: 'postgres' });
  await c.connect();
  const r = await c.query('SELECT current_setting($1) AS v', ['server_version_num']);
  expect(Number(r.rows[0].v)).toBeGreaterThanOrEqual(150000);
  await c.end();
});
