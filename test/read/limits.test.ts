/**
 * Hostile and unlucky data (SPEC §8): amounts below zero or beyond
 * scoring.max_amount, numbers beyond exact integers, roster rows whose dates
 * cover no day, headers of thousands of columns or without a line end, and
 * fields of megabytes. Each is a rejected row or one problem naming the
 * place; memory stays bounded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_AMOUNT } from '../../src/limits.js';
import { parseColumns } from '../../src/read/columns.js';
import { readRowsFromText } from '../../src/read/csv.js';
import { MAX_COLUMNS, detectLayout } from '../../src/read/layout.js';
import { makeRowTyper } from '../../src/read/typer.js';
import type { ColumnsConfig, TypedRow } from '../../src/read/types.js';
import { parseNumber } from '../../src/read/values.js';
import { fen, type Fen } from '../../src/types.js';
import { UserError, message, rejectReason } from '../../src/problems.js';
import type { Problem } from '../../src/problems.js';

const CFG: ColumnsConfig = parseColumns(readFileSync(new URL('../../rules/columns.yaml', import.meta.url), 'utf8'), 'columns.yaml').config;

async function typeCsv(text: string, maxAmount?: Fen): Promise<TypedRow[]> {
  const [header, ...rows] = await readRowsFromText(text, { file: 'in.csv' });
  if (header === undefined) throw new Error('no header');
  const layout = detectLayout(header.fields, CFG, 'in.csv');
  if (!layout.ok) throw new Error(message(layout.problem, 'en'));
  const typer = makeRowTyper(layout.layout, CFG, maxAmount);
  return rows.map(typer);
}

const reasons = (rows: TypedRow[]): string[] => rows.map((r) => (r.ok ? 'ok' : `${r.reject.source.line}: ${rejectReason(r.reject, 'en')}`));

describe('amounts', () => {
  it('defaults scoring.max_amount to 1,000,000 yuan', () => {
    expect(DEFAULT_MAX_AMOUNT).toBe(100_000_000);
  });

  it('refuses negative amounts and amounts above max_amount, naming each; accepts 0 and the maximum', async () => {
    const text = [
      '工号,姓名,部门,月工资,生产奖金',
      '0001,甲,营业厅,-3000,0',
      '0002,乙,营业厅,1000000.00,0',
      '0003,丙,营业厅,1000000.01,0',
      '0004,丁,营业厅,"9,007,199,254,740,993",0',
      '0005,戊,营业厅,4200,-0.01',
      '0006,己,营业厅,0,0',
    ].join('\n');
    expect(reasons(await typeCsv(text))).toEqual([
      '2: wage (月工资) "-3000" is negative; amounts are 0 or more',
      'ok',
      '4: wage (月工资) "1000000.01" is larger than 1000000 yuan, the most an amount may be (scoring.max_amount)',
      '5: wage (月工资) "9,007,199,254,740,993" is larger than 1000000 yuan, the most an amount may be (scoring.max_amount)',
      '6: bonus (生产奖金) "-0.01" is negative; amounts are 0 or more',
      'ok',
    ]);
  });

  it('uses the max_amount it is given', async () => {
    const text = 'date,employees,type,loss\n2026-01-05,0001,x,500.00\n2026-01-05,0001,x,500.01\n';
    expect(reasons(await typeCsv(text, fen(50000)))).toEqual(['ok', '3: loss "500.01" is larger than 500 yuan, the most an amount may be (scoring.max_amount)']);
  });

  it('refuses a number beyond exact integers instead of rounding it', async () => {
    expect(parseNumber('9007199254740991')).toBe(9007199254740991);
    expect(parseNumber('9007199254740993')).toBeNull();
    const text = '受理时间,第一责任人,处理时限\n2026-01-05 08:00,0001,123456789012345678901\n';
    expect(reasons(await typeCsv(text))).toEqual(['2: due_hours (处理时限) "123456789012345678901" is too large (at most 9007199254740991)']);
  });

  it('cuts a field of megabytes in its message', async () => {
    const text = `date,employees,type,loss\n2026-01-05,0001,x,${'9'.repeat(3_000_000)}x\n`;
    const [reason] = reasons(await typeCsv(text));
    expect(reason).toBe(`2: loss "${'9'.repeat(30)}…(3000001 characters)" is not an amount in yuan (expected e.g. 4200.00)`);
  });
});

describe('roster dates', () => {
  it('refuses an until before its from, and accepts one day', async () => {
    const text = '工号,姓名,部门,月工资,入职日期,离职日期\n0001,甲,营业厅,4000,2026-03-01,2025-12-31\n0002,乙,营业厅,4000,2026-03-01,2026-03-01\n';
    expect(reasons(await typeCsv(text))).toEqual([
      '2: until (离职日期) 2025-12-31 is before from (入职日期) 2026-03-01: the row covers no day (swap them, or fix the date)',
      'ok',
    ]);
  });
});

describe('CSV shape', () => {
  it('refuses a header of 10,000 columns on line 1', () => {
    const r = detectLayout(Array.from({ length: 10_000 }, (_, i) => `c${i}`), CFG, 'wide.csv');
    expect(r.ok ? null : r.problem.code).toBe('TOO_MANY_COLUMNS');
    expect(r.ok ? null : r.problem.source).toEqual({ file: 'wide.csv', line: 1 });
    expect(r.ok ? '' : message(r.problem, 'en')).toBe(`the header has 10000 columns; a file may have at most ${MAX_COLUMNS} (is this the right file, and its delimiter a comma, semicolon or tab?)`);
  });

  it('refuses a first line of megabytes without a line end, quickly', async () => {
    const started = Date.now();
    const err = await readRowsFromText(`date,${'x'.repeat(3 * 1024 * 1024)}`, { file: 'one-line.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problems.map((p) => [p.code, p.source, message(p, 'en')])).toEqual([
      ['HEADER_TOO_LONG', { file: 'one-line.csv', line: 1 }, 'the first line is longer than 1 MB without a line end: this is not a CSV file with a header line'],
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads a quoted field of several megabytes', async () => {
    const note = '长'.repeat(1_500_000);
    const rows = await readRowsFromText(`date,note\n2026-01-05,"${note}"\n`, { file: 'big.csv' });
    expect(rows[1]?.fields[1]?.length).toBe(note.length);
  });

  it('refuses a row longer than 8 MB, naming its line', async () => {
    const err = await readRowsFromText(`date,note\n2026-01-05,x\n2026-01-06,"${'x'.repeat(9 * 1024 * 1024)}`, { file: 'huge.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problems[0]?.source).toEqual({ file: 'huge.csv', line: 3 });
    expect(message((err as UserError).problems[0] as Problem, 'en')).toContain('longer than 8 MB');
  });
});
