/**
 * Spreadsheet inputs through the real CLI (SPEC §3.4): the fixture month as
 * one workbook (scripts/gen-xlsx-fixtures.mjs) gives exactly the CSV month's
 * results; a workbook LibreOffice wrote; rosters found as workbooks; .xls
 * files that are HTML tables or tab-separated text.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const CSV_MONTH = ['incidents.csv', 'complaints.csv', 'training.csv'].map((f) => `fixtures/2026-01/${f}`);
const WORKBOOK = 'fixtures/2026-01-xlsx/2026-01.xlsx';

interface MonthJson {
  people: unknown[];
  units: unknown[];
  totals: unknown;
  unmatched: unknown;
  rejected: unknown[];
  files: { file: string; sha256: string; kind: string; rows_read: number; accepted: number; rejected: number }[];
}

function json(args: string[], cwd = ROOT): { out: MonthJson; stderr: string } {
  const r = assess([...args, '--dry-run', '--format', 'json'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return { out: JSON.parse(r.stdout) as MonthJson, stderr: r.stderr };
}

function csvRows(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
}

describe('the fixture month as a workbook', () => {
  it('gives exactly the CSV month\'s scores, bonuses and projected allocations', () => {
    const csv = json(CSV_MONTH).out;
    const { out: xlsx, stderr } = json([WORKBOOK]);
    expect(xlsx.people).toEqual(csv.people);
    expect(xlsx.units).toEqual(csv.units);
    expect(xlsx.totals).toEqual(csv.totals);
    expect(xlsx.unmatched).toEqual(csv.unmatched);
    expect(xlsx.rejected).toEqual([]);
    expect(csv.people.length).toBe(39); // 0040 joins in April
    // The notes sheet is skipped, in one line.
    expect(stderr).toContain('2026-01.xlsx[说明]: no header row among its first 10 rows; sheet skipped');
    expect(stderr.split('\n').filter((l) => l.includes('skipped'))).toHaveLength(1);
  });

  it('lists one file per sheet, each with the workbook\'s SHA-256, and the roster workbook found beside it', () => {
    const { out } = json([WORKBOOK]);
    const sha = (f: string) => createHash('sha256').update(fs.readFileSync(path.join(ROOT, f))).digest('hex');
    const month = sha(WORKBOOK);
    expect(out.files.map((f) => [f.file, f.kind, f.sha256])).toEqual([
      ['fixtures/2026-01-xlsx/roster.xlsx[花名册]', 'roster', sha('fixtures/2026-01-xlsx/roster.xlsx')],
      ['fixtures/2026-01-xlsx/2026-01.xlsx[事件]', 'incident', month],
      ['fixtures/2026-01-xlsx/2026-01.xlsx[投诉]', 'complaint', month],
      ['fixtures/2026-01-xlsx/2026-01.xlsx[培训]', 'training', month],
    ]);
    const csv = json(CSV_MONTH).out;
    expect(out.files.map((f) => f.rows_read)).toEqual(csv.files.map((f) => f.rows_read));
  });

  it('traces every effect to the sheet and row the spreadsheet shows, in trace.csv and the ledger', () => {
    const dir = tempDir();
    const a = assess([...CSV_MONTH, '--ledger', path.join(dir, 'csv.db'), '--out', path.join(dir, 'csv')]);
    expect(a.code, a.stderr).toBe(0);
    const b = assess([WORKBOOK, '--ledger', path.join(dir, 'xlsx.db'), '--out', path.join(dir, 'xlsx')]);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['scores.csv', 'units.csv']) {
      expect(fs.readFileSync(path.join(dir, 'xlsx', f), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'csv', f), 'utf8'));
    }
    const csvTrace = csvRows(fs.readFileSync(path.join(dir, 'csv', 'trace.csv'), 'utf8'));
    const xlsxTrace = csvRows(fs.readFileSync(path.join(dir, 'xlsx', 'trace.csv'), 'utf8'));
    expect(xlsxTrace.length).toBe(csvTrace.length);
    expect(xlsxTrace.length).toBeGreaterThan(5);
    // Each sheet has a title row above its header: its rows are the CSV's lines plus one.
    const sheetOf: Record<string, string> = { 'incidents.csv': '事件', 'complaints.csv': '投诉', 'training.csv': '培训' };
    const moved = csvTrace.slice(1).map((row) => {
      const source = row[row.length - 1] as string;
      const m = /^fixtures\/2026-01\/(\w+\.csv):(\d+)$/.exec(source);
      if (m === null) return row; // an aggregate rule's effect has no row
      const [, file, line] = m;
      return [...row.slice(0, -1), `${WORKBOOK}[${sheetOf[file as string]}]:${Number(line) + 1}`];
    });
    expect(moved.filter((r) => r[r.length - 1]?.includes('.xlsx[')).length).toBeGreaterThan(5);
    expect(xlsxTrace.slice(1)).toEqual(moved);
    // The ledger keeps the same provenance, and the sheets as the month's files.
    const db = new Database(path.join(dir, 'xlsx.db'), { readonly: true });
    try {
      const stored = db.prepare("SELECT source_file || ':' || source_line AS s FROM effects_trace WHERE source_file IS NOT NULL ORDER BY seq").pluck().all() as string[];
      expect(stored).toEqual(moved.map((r) => r[r.length - 1]).filter((s) => s?.includes('.xlsx[')));
      const files = db.prepare('SELECT file FROM run_files ORDER BY file').pluck().all() as string[];
      expect(files).toContain(`${WORKBOOK}[投诉]`);
    } finally {
      db.close();
    }
    // explain shows the same provenance.
    const person = xlsxTrace.find((r) => r[3] === 'person')?.[4] as string;
    const e = assess(['explain', person, WORKBOOK]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/2026-01\.xlsx\[(事件|投诉|培训)\]:\d+/);
  });

  it('takes the roster workbook from --roster, and refuses roster.csv beside roster.xlsx', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(ROOT, WORKBOOK), path.join(dir, '2026-01.xlsx'));
    fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01-xlsx/roster.xlsx'), path.join(dir, 'staff.xlsx'));
    const rules = ['--rules', path.join(ROOT, 'rules')];
    const csv = json(CSV_MONTH).out;
    expect(json(['2026-01.xlsx', '--roster', 'staff.xlsx', ...rules], dir).out.people).toEqual(csv.people);
    fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01-xlsx/roster.xlsx'), path.join(dir, 'roster.xlsx'));
    fs.copyFileSync(path.join(ROOT, 'fixtures/roster.csv'), path.join(dir, 'roster.csv'));
    const r = assess(['2026-01.xlsx', ...rules, '--dry-run'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('found both roster.csv and roster.xlsx');
    expect(r.stdout).toBe('');
  });
});

describe('a workbook LibreOffice wrote', () => {
  it('gives the CSV month\'s results (rich-text shared strings, LibreOffice\'s entry order)', () => {
    const csv = json(CSV_MONTH).out;
    const { out } = json(['fixtures/2026-01/incidents.csv', 'fixtures/2026-01/training.csv', 'fixtures/2026-01-libreoffice/complaints.xlsx']);
    expect(out.people).toEqual(csv.people);
    expect(out.unmatched).toEqual(csv.unmatched);
    expect(out.files.find((f) => f.kind === 'complaint')).toMatchObject({ file: 'fixtures/2026-01-libreoffice/complaints.xlsx[complaints]', rows_read: 3, accepted: 3 });
  });
});

describe('shared strings by the fast path (src/read/fastsst.ts)', () => {
  const SST = /^assess stats: .* sst-fast=(\d+) sst-saxes=(\d+) /m;
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = assess([...args, '--dry-run', '--format', 'json'], { env: { ...env, ASSESS_DEBUG: 'stats' } });
    expect(r.code, r.stderr).toBe(0);
    const m = SST.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    return { stdout: r.stdout, fast: Number(m?.[1]), saxes: Number(m?.[2]) };
  };

  it('reads the fixture workbooks\' strings, and gives what saxes gives (ASSESS_PLAIN=1)', () => {
    const fast = run([WORKBOOK]);
    const plain = run([WORKBOOK], { ASSESS_PLAIN: '1' });
    expect([fast.fast, fast.saxes]).toEqual([2, 0]); // the month's workbook and the roster's
    expect([plain.fast, plain.saxes]).toEqual([0, 2]);
    expect(fast.stdout).toBe(plain.stdout);
  });

  it('leaves rich-text runs to saxes (LibreOffice), with the same results', () => {
    const args = ['fixtures/2026-01/incidents.csv', 'fixtures/2026-01/training.csv', 'fixtures/2026-01-libreoffice/complaints.xlsx'];
    const r = run(args);
    expect([r.fast, r.saxes]).toEqual([0, 1]);
    expect(r.stdout).toBe(run(args, { ASSESS_PLAIN: '1' }).stdout);
  });
});

describe('typed cells', () => {
  it('keeps text ids, reads dates without a time-zone shift, numbers in their shortest form, formulas by their cached value', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'roster.csv'), '工号,姓名,部门,月工资,生产奖金\n0015,王芳,营业厅,4200.00,800.00\n0016,李明,营业厅,3900.00,700.00\n');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事件');
    ws.addRow(['发生日期', '当事人', '事件类型', '损失金额']);
    const r1 = ws.addRow([new Date(Date.UTC(2026, 0, 31, 23, 30)), '0015', 'billing-overcharge', 36.5]);
    r1.getCell(1).numFmt = 'yyyy/m/d h:mm';
    // A formula: its cached result is used, never evaluated (the formula alone would give 0016's id as a number).
    const r2 = ws.addRow([new Date(Date.UTC(2026, 0, 1)), { formula: 'TEXT(16,"0000")', result: '0016' }, 'service-language', { formula: '0.1+0.2', result: 0.30000000000000004 }]);
    r2.getCell(1).numFmt = 'yyyy"年"m"月"d"日"';
    await wb.xlsx.writeFile(path.join(dir, 'incidents.xlsx'));
    const r = assess(['incidents.xlsx', '--rules', path.join(ROOT, 'rules'), '--dry-run', '--allow-rejects', '--format', 'json'], { cwd: dir, env: { TZ: 'Asia/Shanghai' } });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Omit<MonthJson, 'people'> & { people: { employee: string; bonus_forfeited: string }[] };
    // 23:30 on 31 January stays in January in any time zone; 0.1+0.2 has more than two decimals: rejected, not rounded.
    expect(out.rejected).toEqual([expect.objectContaining({ source: 'incidents.xlsx[事件]:3' })]);
    expect((out.rejected[0] as { reason: string }).reason).toContain('0.30000000000000004');
    expect(out.people.find((p) => p.employee === '0015')?.bonus_forfeited).not.toBe('0.00');
  });
});

describe('.xls files that are not Excel workbooks', () => {
  const ROSTER = '\uFEFF工号,姓名,部门,月工资,生产奖金\n0001,王丽华,营业厅,5400.00,1200.00\n0002,李静,营业厅,4380.00,850.00\n';

  it('reads an HTML table (GB18030, a title row, unclosed cells) as the table it is', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'roster.csv'), ROSTER);
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table border=1><tr><td colspan=4>漠河县电信局 2026年1月 培训考勤
<tr><td>日期<td>工号<td>会议类型<td>出勤情况
<tr><td>2026年1月5日<td style="mso-number-format:'\\@'">0001<td>周一例会<td>出席
<tr><td>2026年1月5日<td>0002<td>周一例会<td>缺席
<tr><td>2026年1月5日<td>0003<td>周一例会<td>出席
</table></body></html>`;
    fs.writeFileSync(path.join(dir, 'training.xls'), iconv.encode(html, 'gb18030'));
    const r = assess(['training.xls', '--rules', path.join(ROOT, 'rules'), '--dry-run', '--allow-rejects', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Omit<MonthJson, 'people'> & { people: { employee: string; points: number }[] };
    expect(out.files.find((f) => f.kind === 'training')).toMatchObject({ file: 'training.xls', rows_read: 3, accepted: 2, rejected: 1 });
    expect(out.rejected).toEqual([expect.objectContaining({ source: 'training.xls:5' })]);
    expect(out.people.find((p) => p.employee === '0002')?.points).toBeLessThan(0);
  });

  it('reads tab-separated text saved as .xls (UTF-16, as Excel\'s "Unicode text") like a CSV file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'roster.csv'), ROSTER);
    const tsv = '日期\t工号\t会议类型\t出勤情况\r\n2026年1月5日\t0001\t周一例会\t出席\r\n2026年1月5日\t0002\t周一例会\t缺席\r\n';
    fs.writeFileSync(path.join(dir, 'training.xls'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const { out } = json(['training.xls', '--rules', path.join(ROOT, 'rules')], dir);
    expect(out.files.find((f) => f.kind === 'training')).toMatchObject({ file: 'training.xls', rows_read: 2, accepted: 2 });
  });
});

describe('large sheets on worker threads (src/engine/sheets.ts)', () => {
  const STATS = /^assess stats: .* sheet-worker=(\d+) sheet-main=(\d+) sheet-worker-failed=(\d+) sheet-segments=(\d+) sheet-early=(\d+) sheet-before-rules=(\d+) sheet-early-stopped=(\d+)( .*)?\n/m;

  /** One run of `workbook` (the roster found beside it) with --out and a fresh ledger: its files, stdout, stderr without the stats line, and the stats. */
  function run(env: Record<string, string>, workbook = WORKBOOK) {
    const dir = tempDir();
    const r = assess([workbook, '--ledger', path.join(dir, 'l.db'), '--out', path.join(dir, 'out'), '--format', 'json'], { env: { ...env, ASSESS_DEBUG: 'stats' } });
    const m = STATS.exec(r.stderr);
    // A run that failed wrote nothing.
    const out = fs.existsSync(path.join(dir, 'out')) ? fs.readdirSync(path.join(dir, 'out')).sort() : [];
    const files = Object.fromEntries(out.map((f) => [f, fs.readFileSync(path.join(dir, 'out', f))]));
    let ledger: unknown[] = [];
    if (fs.existsSync(path.join(dir, 'l.db'))) {
      const db = new Database(path.join(dir, 'l.db'), { readonly: true });
      ledger = [db.prepare('SELECT * FROM effects_trace ORDER BY seq').all(), db.prepare('SELECT * FROM people ORDER BY employee').all()];
      db.close();
    }
    return {
      code: r.code, stdout: r.stdout, stderr: r.stderr.replace(STATS, '').replaceAll(dir, '<tmp>'), files, ledger,
      rows: Number(m?.[1]), main: Number(m?.[2]), failed: Number(m?.[3]), segments: Number(m?.[4]), early: Number(m?.[5]), beforeRules: Number(m?.[6]),
    };
  }

  type Run = ReturnType<typeof run>;

  function expectSameOutputs(two: Run, one: Run): void {
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.ledger).toEqual(one.ledger);
    expect(Object.keys(two.files)).toEqual(Object.keys(one.files));
    for (const [name, bytes] of Object.entries(one.files)) expect(two.files[name]?.equals(bytes), name).toBe(true);
  }

  /**
   * Sheets read by one parser, and by two or three that share them segment by segment (a segment as
   * short as one row): a worker and this thread, which parses one segment in six by default, or
   * every segment the worker cuts; two workers and this thread; two workers.
   */
  const SPLITS: Record<string, string>[] = [
    { ASSESS_SHEET_SPLIT_BYTES: '1000000000' },
    { ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1' },
    { ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1', ASSESS_SHEET_MAIN_EVERY: '1' },
    { ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '3', ASSESS_SHEET_SEGMENT_ROWS: '2', ASSESS_SHEET_QUEUE_CHARS: '1', ASSESS_SHEET_MAIN_EVERY: '2' },
    { ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1', ASSESS_SHEET_MAIN_EVERY: '0' },
  ];

  it('gives the one-thread read\'s outputs, byte for byte, and says that the workers read the rows', () => {
    const one = run({ ASSESS_WORKERS: '0', ASSESS_SHEET_WORKER_BYTES: '1' });
    expect(one.code, one.stderr).toBe(0);
    expect([one.rows, one.early, one.beforeRules]).toEqual([0, 0, 0]);
    // Every event sheet on workers (one sheet after the other), and workers that may post only one batch ahead.
    for (const split of SPLITS) {
      for (const queue of ['16777216', '1']) {
        const two = run({ ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_SHEET_QUEUE_CHARS: queue, ...split });
        expect(two.code, two.stderr).toBe(0);
        const rows = (JSON.parse(two.stdout) as MonthJson).files.filter((f) => f.kind !== 'roster').reduce((n, f) => n + f.rows_read, 0);
        expect(rows).toBeGreaterThan(10);
        // The largest sheet's workers started before the rules were loaded; the others' after its shared strings were read.
        expect([two.rows + two.main, two.failed, two.early, two.beforeRules]).toEqual([rows, 0, 1, 1]);
        // Split, every segment of every sheet came from its parser: more segments than sheets.
        if (split.ASSESS_SHEET_PARSERS) expect(two.segments).toBeGreaterThan(rows / Number(split.ASSESS_SHEET_SEGMENT_ROWS) - 3);
        else expect(two.segments).toBe(0);
        // This thread parsed its share of the segments, and only when it is one of the parsers.
        const every = Number(split.ASSESS_SHEET_MAIN_EVERY ?? 6);
        if (!split.ASSESS_SHEET_PARSERS || every === 0) expect(two.main).toBe(0);
        else if (every === 1) expect(two.rows).toBeLessThan(4); // the worker parses only the sheet's end
        else expect(two.main).toBeGreaterThan(rows / every / 2);
        expectSameOutputs(two, one);
      }
    }
  });

  // As for a CSV file (test/e2e/wide.test.ts), the duplicate tables are sized once from a sheet's first
  // rows and the bytes they took, instead of growing row by row: on this thread, on a worker, and split.
  it('reserves the duplicate tables from a sheet\'s first rows, whoever parses them', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(ROOT, 'fixtures/roster.csv'), path.join(dir, 'roster.csv'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('培训');
    ws.addRow(['date', 'employee', 'type', 'status', 'session']);
    const ROWS = 12_000;
    for (let i = 0; i < ROWS; i++) {
      ws.addRow([`2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, String(1 + (i % 39)).padStart(4, '0'), 'monday-meeting', 'present', `第${i + 1}次`]);
    }
    await wb.xlsx.writeFile(path.join(dir, 'training.xlsx'));
    const paths: Record<string, string>[] = [{ ASSESS_WORKERS: '0' }, { ASSESS_SHEET_WORKER_BYTES: '1' }, { ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2' }];
    const runs = paths.map((env) => {
      const r = assess(['training.xlsx', '--rules', path.join(ROOT, 'rules'), '--dry-run', '--format', 'csv'], { cwd: dir, env: { ...env, ASSESS_DEBUG: 'stats' } });
      expect(r.code, r.stderr).toBe(0);
      const m = /^assess stats: .* sheet-worker=(\d+) .* seen-rows=(\d+) .* seen-reserved=(\d+) seen-grown=(\d+) /m.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      const [worker = 0, entries, reserved, grown] = (m as RegExpExecArray).slice(1).map(Number);
      // Every row is kept, so the tables hold one entry each; the reserve, made after 4096 rows, was for the rest of them or more, and nothing grew.
      expect(entries).toBe(ROWS);
      expect(reserved).toBeGreaterThanOrEqual(ROWS - 4096);
      expect(reserved).toBeLessThan(4 * ROWS);
      expect(grown).toBe(0);
      return { worker, stdout: r.stdout };
    });
    expect(runs.map((r) => r.worker > 0)).toEqual([false, true, true]);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
  });

  it('reads each sheet on this thread when the worker that cuts it dies at its start, before it says whose any segment is', () => {
    const one = run({ ASSESS_WORKERS: '0' });
    // A heap too small to start in: the worker fails before it sends this thread anything.
    const two = run({ ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1', ASSESS_SHEET_WORKER_MB: '1' });
    expect(two.code, two.stderr).toBe(0);
    expect([two.rows, two.main, two.failed]).toEqual([0, 0, 3]);
    expectSameOutputs(two, one);
  });

  /** Shared strings added to the fixture's for `edited`: only blanks, and nothing. */
  const ADDED_STRINGS = ['<si><t xml:space="preserve"> \u3000 </t></si>', '<si><t></t></si>'];

  /**
   * The fixture month's workbook with every worksheet's XML passed through `edit`, beside its
   * roster. `edit` is given the index of the first of ADDED_STRINGS, which follow the fixture's.
   */
  async function edited(edit: (xml: string, added: number) => string): Promise<string> {
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(ROOT, WORKBOOK)));
    const strings = await (zip.file('xl/sharedStrings.xml') as JSZip.JSZipObject).async('string');
    const added = strings.split('<si>').length - 1;
    zip.file('xl/sharedStrings.xml', strings.replace('</sst>', `${ADDED_STRINGS.join('')}</sst>`).replace(/uniqueCount="\d+"/, `uniqueCount="${added + ADDED_STRINGS.length}"`));
    let changed = 0;
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
      const xml = await (zip.file(name) as JSZip.JSZipObject).async('string');
      const after = edit(xml, added);
      if (after !== xml) changed += 1;
      zip.file(name, after);
    }
    expect(changed).toBeGreaterThan(1);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '2026-01.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01-xlsx/roster.xlsx'), path.join(dir, 'roster.xlsx'));
    return path.join(dir, '2026-01.xlsx');
  }

  /** Rows after the first: a row end tag the cut must not trust, in each of the forms XML allows. */
  const afterFirstRow = (xml: string, text: string): string => xml.replace('</row>', `</row>${text}`);

  /** `gives` when workers parse the sheet; `here` when this thread, which has the shared strings, parses all but its end (if different). */
  const HOSTILE: { name: string; edit: (xml: string, added: number) => string; gives: 'split' | 'fallback'; here?: 'split' }[] = [
    // Rows that do not give their number, and empty rows between them: each row's line counts from the one before, across segments.
    { name: 'rows without numbers, and empty rows', edit: (x) => x.replace(/(<row)\s+r="\d+"/g, '$1').replaceAll('</row>', '</row><row/>'), gives: 'split' },
    { name: 'elements with a namespace prefix', edit: (x) => x.replace(/<(\/?)(?![?!])([A-Za-z])/g, '<$1x:$2').replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '), gives: 'split' },
    { name: 'a comment hiding a row end tag', edit: (x) => afterFirstRow(x, '<!-- </row> -->'), gives: 'fallback' },
    { name: 'a CDATA section in a cell', edit: (x) => x.replace(/<v>([^<]*)<\/v>/, '<v><![CDATA[$1]]></v>'), gives: 'fallback' },
    { name: 'a processing instruction among the rows', edit: (x) => afterFirstRow(x, '<?pi </row>?>'), gives: 'fallback' },
    { name: 'merged cells among the rows', edit: (x) => afterFirstRow(x, '<mergeCell ref="A1:B1"/>'), gives: 'fallback' },
    { name: 'a row numbered 0', edit: (x) => x.replace(/(<\/row><row r=")\d+/, '$10'), gives: 'fallback' },
    { name: 'a row inside a cell', edit: (x) => x.replace(/(<c [^>]*>)(<v>)/, '$1<row r="7"></row>$2'), gives: 'fallback' },
    { name: 'an element around some rows', edit: (x) => x.replace('<row ', '<wrap><row ').replace(/(<\/row>)(<\/sheetData>)/, '$1</wrap>$2'), gives: 'fallback' },
    // Shared strings, which a worker does not have: rows that show nothing but such strings are the main thread's to drop.
    {
      name: 'rows of shared strings that are only blanks or nothing, between rows',
      edit: (x, added) => x.replaceAll('</row><row r="', `</row><row><c t="s"><v>${added}</v></c><c t="s"><v>${added + 1}</v></c><c t="s"><v>${added + 1}</v></c></row><row r="`),
      gives: 'split',
    },
    {
      name: 'rows of shared string indexes past the end of the table, and past int32',
      edit: (x) => x.replaceAll('</row><row r="', '</row><row><c t="s"><v>99999</v></c><c t="s"><v>4294967296</v></c></row><row r="'),
      gives: 'split',
    },
    // A cell written twice beside a shared string: the second may blank out the first, or be no cell at all. This thread has the strings.
    { name: 'a column written twice beside a shared string', edit: (x, added) => x.replace(/(<\/row><row [^>]*>)(<c r="A\d+")/, `$1<c r="A3" t="s"><v>${added + 1}</v></c>$2`), gives: 'fallback', here: 'split' },
  ];

  // Each piece read by a worker (two of them), and by this thread (all but the end).
  it.each(HOSTILE.flatMap((h) => ['0', '1'].map((every) => ({ ...h, every, gives: every === '1' ? (h.here ?? h.gives) : h.gives }))))('reads a sheet with $name as the one-thread read does (ASSESS_SHEET_MAIN_EVERY=$every)', async ({ edit, gives, every }) => {
    const workbook = await edited(edit);
    const one = run({ ASSESS_WORKERS: '0' }, workbook);
    const two = run({ ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1', ASSESS_SHEET_MAIN_EVERY: every }, workbook);
    expect(two.code).toBe(one.code);
    if (gives === 'split') {
      expect(two.code, two.stderr).toBe(0);
      expect([two.failed, two.segments > 3, two.main > 0]).toEqual([0, true, every === '1']);
    } else expect(two.failed).toBeGreaterThan(0);
    expectSameOutputs(two, one);
  });

  it('stops the workers that started early on a sheet that is no event part, and on a run that stops before the month', () => {
    // The roster's workbook comes first, so its sheet gets the early workers; the month takes none of them.
    const dir = path.join(ROOT, 'fixtures/2026-01-xlsx');
    const args = ['roster.xlsx', '2026-01.xlsx', '--rules', '../../rules', '--dry-run', '--format', 'json'];
    const one = assess(args, { cwd: dir, env: { ASSESS_WORKERS: '0' } });
    const early = assess(args, { cwd: dir, env: { ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_DEBUG: 'stats' } });
    expect(one.code, one.stderr).toBe(0);
    const m = STATS.exec(early.stderr);
    // The event sheets' own workers read them; the roster's, started first, were stopped.
    expect(Number(m?.[1])).toBeGreaterThan(10);
    expect({ main: m?.[2], failed: m?.[3], early: m?.[5], beforeRules: m?.[6], stopped: m?.[7] }).toEqual({ main: '0', failed: '0', early: '0', beforeRules: '0', stopped: '1' });
    expect([early.code, early.stdout, early.stderr.replace(STATS, '')]).toEqual([0, one.stdout, one.stderr]);
    // Rules that do not load: the workers started before them must not keep the process alive.
    const stopped = assess(['2026-01.xlsx', '--rules', 'no-such-rules'], { cwd: dir, env: { ASSESS_SHEET_WORKER_BYTES: '1' }, timeoutMs: 20_000 });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('no-such-rules');
  });

  it('reports a sheet whose compressed data breaks off partway as the one-thread read does, whoever was parsing it', () => {
    // The training sheet's deflate stream damaged two thirds in: its header reads, and the worker that cuts it stops.
    const bytes = fs.readFileSync(path.join(ROOT, WORKBOOK));
    // The entry's local header (30 bytes, then its name), which comes before the central directory's.
    const local = bytes.indexOf('xl/worksheets/sheet4.xml') - 30;
    expect(bytes.readUInt32LE(local)).toBe(0x04034b50);
    const size = bytes.readUInt32LE(local + 18);
    const data = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    bytes.fill(0xff, data + Math.floor(size * 0.66), data + Math.floor(size * 0.66) + 16);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '2026-01.xlsx'), bytes);
    fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01-xlsx/roster.xlsx'), path.join(dir, 'roster.xlsx'));
    const args = ['2026-01.xlsx', '--rules', path.join(ROOT, 'rules'), '--dry-run'];
    const one = assess(args, { cwd: dir, env: { ASSESS_WORKERS: '0' } });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('sheet4');
    for (const every of ['0', '1', '6']) {
      const env = { ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_SHEET_PARSERS: '2', ASSESS_SHEET_SEGMENT_ROWS: '1', ASSESS_SHEET_MAIN_EVERY: every };
      const two = assess(args, { cwd: dir, env, timeoutMs: 20_000 });
      expect([two.code, two.stderr], `ASSESS_SHEET_MAIN_EVERY=${every}`).toEqual([one.code, one.stderr]);
    }
  });

  it('reports a header with merged cells, which a sheet lists after its rows, as the one-thread read does', () => {
    const dir = path.join(ROOT, 'fixtures/bad/workbook-merged-header');
    const args = ['--rules', '../../../rules', '--dry-run', 'incidents.xlsx'];
    const one = assess(args, { cwd: dir, env: { ASSESS_WORKERS: '0' } });
    const two = assess(args, { cwd: dir, env: { ASSESS_SHEET_WORKER_BYTES: '1', ASSESS_DEBUG: 'stats' } });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('D2:E2');
    expect(two.code).toBe(1);
    expect(two.stderr).toBe(one.stderr);
  });
});
