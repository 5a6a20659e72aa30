/**
 * `assess ledger status` and `ledger drop` on a SQLite ledger, in both
 * languages (SPEC §10: every word assess writes to a person). The
 * PostgreSQL-only subcommands are tested against a real server in test/pg.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const JAN = ['complaints.csv', 'incidents.csv', 'training.csv'].map((f) => path.join(ROOT, 'fixtures/2026-01', f));
const FEB = [path.join(ROOT, 'fixtures/2026-02/register.csv')];

describe('assess ledger status and drop on a SQLite ledger', () => {
  it('say what is stored and what was dropped, in English and in Chinese', () => {
    const ledger = path.join(tempDir(), 'assess.db');
    for (const month of [JAN, FEB]) expect(assess([...month, '--ledger', ledger, '--format', 'csv']).code).toBe(0);

    const en = assess(['ledger', 'status', '2026', '--ledger', ledger, '--lang', 'en']);
    expect([en.code, en.stdout]).toEqual([0, `${ledger}: 2 of 12 months of 2026 stored (2026-01, 2026-02); missing: 2026-03, 2026-04, 2026-05, 2026-06, 2026-07, 2026-08, 2026-09, 2026-10, 2026-11, 2026-12\n`]);
    const zh = assess(['ledger', 'status', '2026', '--ledger', ledger], { env: { LANG: 'zh_CN.UTF-8' } });
    expect([zh.code, zh.stdout]).toEqual([0, `${ledger}：2026 年 12 个月中已存入 2 个月（2026-01、2026-02）；缺少：2026-03、2026-04、2026-05、2026-06、2026-07、2026-08、2026-09、2026-10、2026-11、2026-12\n`]);

    const dropped = assess(['ledger', 'drop', '2026-02', '--ledger', ledger, '--lang', 'zh']);
    expect([dropped.code, dropped.stdout]).toEqual([0, `已从台账 ${ledger} 中删除 2026-02 的考核结果\n`]);
    const again = assess(['ledger', 'drop', '2026-02', '--ledger', ledger, '--lang', 'zh']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`台账 ${ledger} 里没有 2026-02 的考核结果，未删除任何内容\n`);
    const after = assess(['ledger', 'status', '2026', '--ledger', ledger, '--lang', 'en']);
    expect(after.stdout).toContain(': 1 of 12 months of 2026 stored (2026-01);');
  });
});
