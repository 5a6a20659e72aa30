/**
 * report.xlsx and year.xlsx: written by exceljs's streaming writer, read
 * back from the file by a second reader (exceljs's file reader, which parses
 * the zip and its XML: nothing of the writer's memory), and byte-stable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EffectLog } from '../../src/assess/effects.js';
import type { Effect } from '../../src/assess/types.js';
import { writeWorkbookAtomic } from '../../src/cli/files.js';
import { FILE_FIELDS, rejectFields, SCORE_FIELDS, TOTAL_FIELDS, TRACE_FIELDS, UNIT_FIELDS } from '../../src/render/month.js';
import { monthWorkbook, yearWorkbook } from '../../src/render/report.js';
import { hasHeading } from '../../src/render/workbook.js';
import { cellText, columnWidths } from '../../src/render/xlsx.js';
import { YEAR_FIELDS } from '../../src/render/year.js';
import { fen, hundredths } from '../../src/types.js';
import { sampleMonth } from './sample.js';

const dirs: string[] = [];
function tempFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-xlsx-'));
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

describe('report.xlsx', () => {
  it('holds the five sheets, named and headed in Chinese, with typed cells', async () => {
    const file = tempFile('report.xlsx');
    await writeWorkbookAtomic(file, monthWorkbook(sampleMonth(), { lang: 'zh', bureau: '漠河县电信局' }));
    const wb = await readBack(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['得分', '单位', '明细', '退回', '汇总']);

    const scores = sheet(wb, '得分');
    expect(scores.getRow(1).values).toEqual([undefined, '月份', '工号', '姓名', '单位', '得分', '加减分', '单位得分', '综合得分', '月工资', '生产奖金', '扣发奖金', '实发奖金', '效益工资(预留)', '年度累计预留', '预计年终分配']);
    expect(scores.getRow(1).font?.bold).toBe(true);
    const first = scores.getRow(2);
    // The employee id is text (a spreadsheet keeps 0001), money a number shown 0.00, the score a number.
    expect(first.getCell(2).value).toBe('0001');
    expect(first.getCell(3).value).toBe('张三');
    expect(first.getCell(5).value).toBe(97.5);
    expect(first.getCell(11).value).toBe(1260);
    expect(first.getCell(11).numFmt).toBe('0.00');
    expect(first.getCell(12).value).toBe(0);
    // A name that looks like a formula is text, never a formula.
    expect(scores.getRow(5).getCell(3).value).toBe('=HYPERLINK("x")');
    expect(scores.getRow(5).getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(scores.rowCount).toBe(5);

    // Frozen header with a filter, A4 with the title in the page header.
    expect(scores.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(scores.autoFilter).toBe('A1:O1');
    expect(scores.pageSetup.paperSize).toBe(9);
    expect(scores.headerFooter.oddHeader).toContain('漠河县电信局 2026-01 月度考核 得分');
    // Column widths fit CJK: 效益工资(预留) is 14 columns wide.
    expect(scores.getColumn(13).width).toBeGreaterThanOrEqual(14);

    const trace = sheet(wb, '明细');
    expect(trace.getRow(2).values).toEqual([undefined, '2026-01', 'handoff-dispute', '上下工序衔接发生口角', 'person', '0001', '营业厅', -2.5, 1260, 'incidents.csv:3']);
    expect(trace.getRow(3).getCell(9).value).toBe('aggregate');
    expect(sheet(wb, '退回').getRow(2).getCell(1).value).toBe('incidents.csv:9');
  });

  it('has a summary of the month: totals, rules hash, files and unmatched counts', async () => {
    const file = tempFile('report.xlsx');
    await writeWorkbookAtomic(file, monthWorkbook(sampleMonth(), { lang: 'en', bureau: '' }));
    const wb = await readBack(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['scores', 'units', 'trace', 'rejects', 'summary']);
    const summary = sheet(wb, 'summary');
    const rows = new Map<string, ExcelJS.Cell>();
    summary.eachRow((row) => rows.set(`${String(row.getCell(1).value)}/${String(row.getCell(2).value)}/${String(row.getCell(3).value ?? '')}`, row.getCell(4)));
    expect(rows.get('Month/Month/')?.value).toBe('2026-01');
    expect(rows.get('Totals/People/')?.value).toBe(4);
    expect(rows.get('Totals/Withheld/')?.value).toBe(5040);
    expect(rows.get('Totals/Withheld/')?.numFmt).toBe('0.00');
    expect(rows.get('Totals/Points/')?.value).toBe(-4.5);
    expect(rows.get('Rules/Rules hash/')?.value).toBe('deadbeef');
    expect(rows.get('File/incidents.csv/Rows read')?.value).toBe(10);
    expect(rows.get('File/incidents.csv/Rejected')?.value).toBe(1);
    expect(rows.get('Unmatched/incident/handof-dispute')?.value).toBe(2);
    expect(summary.headerFooter.oddHeader).toContain('Assessment 2026-01 summary');
  });

  it('is byte-identical when written again at another time', async () => {
    const a = tempFile('a.xlsx');
    const b = tempFile('b.xlsx');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-05-05T10:00:00Z'));
    await writeWorkbookAtomic(a, monthWorkbook(sampleMonth(), { lang: 'zh', bureau: 'x' }));
    vi.setSystemTime(new Date('2031-07-07T17:33:20Z'));
    await writeWorkbookAtomic(b, monthWorkbook(sampleMonth(), { lang: 'zh', bureau: 'x' }));
    expect(fs.readFileSync(b).equals(fs.readFileSync(a))).toBe(true);
    // The date stamped is the month's, in the properties as in the zip.
    const wb = await readBack(a);
    expect(wb.created.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('continues a trace longer than a sheet on "trace (2)", "trace (3)"', async () => {
    const effect = (i: number): Effect => ({
      rule: 'late',
      title: '迟到',
      target: 'person',
      employee: String(i).padStart(4, '0'),
      unit: '营业厅',
      points: hundredths(-100),
      bonusForfeited: fen(0),
      veto: false,
      source: { file: 'training.csv', line: i + 2 },
    });
    const report = { ...sampleMonth(), effects: EffectLog.from(Array.from({ length: 7 }, (_, i) => effect(i))) };
    const file = tempFile('report.xlsx');
    await writeWorkbookAtomic(file, monthWorkbook(report, { lang: 'en', bureau: '' }), { maxRows: 4 });
    const wb = await readBack(file);
    // 3 rows a sheet: every sheet continues as it must (the summary's 14 rows too).
    const summaries = ['summary', 'summary (2)', 'summary (3)', 'summary (4)', 'summary (5)'];
    expect(wb.worksheets.map((w) => w.name)).toEqual(['scores', 'scores (2)', 'units', 'trace', 'trace (2)', 'trace (3)', 'rejects', ...summaries]);
    const traced = ['trace', 'trace (2)', 'trace (3)'].flatMap((name) => {
      const ws = sheet(wb, name);
      expect(ws.getRow(1).getCell(1).value).toBe('Month');
      const ids: unknown[] = [];
      ws.eachRow((row, n) => n > 1 && ids.push(row.getCell(5).value));
      return ids;
    });
    expect(traced).toEqual(['0000', '0001', '0002', '0003', '0004', '0005', '0006']);
  });

  it('waits for the zip to drain while writing a big sheet, so rows never pile up in memory', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [String(i).padStart(6, '0'), `events.csv:${i + 2}`, i / 4]);
    const spec = {
      sheets: [{ name: 't', title: 't', columns: [{ heading: 'a', kind: 'text' as const }, { heading: 'b', kind: 'text' as const }, { heading: 'c', kind: 'score' as const }], rows }],
      date: new Date(0),
    };
    const stats = await writeWorkbookAtomic(tempFile('big.xlsx'), spec);
    expect(stats.rows).toBe(30_000);
    expect(stats.checks).toBeGreaterThan(0);
    expect(stats.waits).toBeGreaterThan(0);
  }, 60_000);

  it('keeps a name with control characters readable', async () => {
    const month = sampleMonth();
    const first = month.people[0];
    if (!first) throw new Error('sample has people');
    month.people[0] = { ...first, name: 'A\u0001B\uFFFF' };
    const file = tempFile('report.xlsx');
    await writeWorkbookAtomic(file, monthWorkbook(month, { lang: 'en', bureau: '&Co' }));
    const wb = await readBack(file);
    expect(sheet(wb, 'scores').getRow(2).getCell(3).value).toBe('A\uFFFDB\uFFFD');
    // `&` starts a code in a page header: it is doubled.
    expect(sheet(wb, 'scores').headerFooter.oddHeader).toContain('&&Co Assessment 2026-01 scores');
    expect(cellText('x'.repeat(40_000))).toHaveLength(32_767);
  });

  it('has a heading in both languages for every field', () => {
    const fields = [SCORE_FIELDS, UNIT_FIELDS, TRACE_FIELDS, rejectFields('en'), FILE_FIELDS, TOTAL_FIELDS, YEAR_FIELDS].flat();
    expect(fields.filter((f) => !hasHeading(f.name)).map((f) => f.name)).toEqual([]);
  });

  it('sizes columns by display width, CJK counting two', () => {
    expect(columnWidths([{ heading: 'Name', kind: 'text' }, { heading: 'x', kind: 'money' }], [['欧阳娜娜娜娜', 1260]])).toEqual([14, 9]);
  });
});

describe('year.xlsx', () => {
  it('holds the allocation and the pool', async () => {
    const file = tempFile('year.xlsx');
    const year = {
      year: 2026,
      people: [
        { employee: '0012', name: '马强', unit: '线路班', months: 12, withheld: fen(1713600), avgScore: hundredths(9971), allocation: fen(1700000), difference: fen(-13600) },
      ],
      pool: fen(1713600),
      allocated: fen(1700000),
      undistributed: fen(13600),
      monthsAssessed: ['2026-01'],
      monthsMissing: [],
    };
    await writeWorkbookAtomic(file, yearWorkbook(year, { lang: 'zh', bureau: '' }));
    const wb = await readBack(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年终分配', '汇总']);
    const row = sheet(wb, '年终分配').getRow(2);
    expect(row.getCell(2).value).toBe('0012');
    expect(row.getCell(6).value).toBe(17136);
    expect(row.getCell(6).numFmt).toBe('0.00');
    expect(row.getCell(9).value).toBe(-136);
    expect(sheet(wb, '汇总').getRow(3).getCell(4).value).toBe(17136);
  });
});
