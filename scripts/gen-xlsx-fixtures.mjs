#!/usr/bin/env node
// Writes the spreadsheet fixtures of assess (SPEC §3.4) from the CSV fixtures:
//
//   fixtures/2026-01-xlsx/2026-01.xlsx   the CSV month 2026-01 as one workbook: a notes sheet (说明,
//                                        skipped), then one sheet per kind (事件, 投诉, 培训), each with
//                                        a title row above its header, as HR systems export them
//   fixtures/2026-01-xlsx/roster.xlsx    fixtures/roster.csv as a workbook (sheet 花名册)
//   fixtures/bad/workbook-*/             bad workbooks that exceljs can write (merged header, a
//                                        header lacking a column, no sheet with a header, a corrupt zip)
//
//   node scripts/gen-xlsx-fixtures.mjs
//
// Cells keep their types, as a spreadsheet export has them: ids and other text as text cells
// (0015 keeps its zeros), dates and date-times as date cells with a date format, money as
// numbers shown 0.00, 是/否 columns as boolean cells. Written with exceljs, then re-zipped
// with fixed entry dates and document properties: running it twice gives identical bytes.
//
// The fixtures that need LibreOffice (a workbook it wrote, an old binary .xls, an encrypted
// workbook) are made by hand, once; see the NOTE.md beside each.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
/** Every date the files carry: entries' modification times and document properties. */
const FIXED = new Date(Date.UTC(2026, 1, 1, 0, 0, 0));

/** A CSV fixture's rows: UTF-8 (with or without BOM) or GB18030, as assess reads them. */
function readCsv(file) {
  const bytes = readFileSync(file);
  let text;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = bytes.subarray(3).toString('utf8');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = iconv.decode(bytes, 'gb18030');
    }
  }
  const delimiter = [',', '\t', ';'].reduce((best, d) => (text.split('\n')[0].split(d).length > text.split('\n')[0].split(best).length ? d : best), ',');
  return parse(text, { delimiter, relax_column_count: false, skip_empty_lines: true });
}

// How each column's text becomes a typed cell, by its header (canonical or Chinese).
const DATE_HEADERS = new Set(['date', '日期', '发生日期', '培训日期', 'received_at', '受理时间', 'resolved_at', '办结时间', 'from', '入职日期', 'until', '离职日期']);
const MONEY_HEADERS = new Set(['wage', '月工资', 'bonus', '生产奖金', 'loss', '损失金额']);
const NUMBER_HEADERS = new Set(['due_hours', '处理时限']);
const BOOL_HEADERS = new Set(['upheld', '是否属实', 'revisit', '是否二次上门']);

/** `2026/1/9 8:05`, `2026-01-14`, `2026年1月5日` → a Date whose UTC fields are the wall-clock time, and its format. */
function dateCell(text) {
  const m = /^(\d{4})(?:[-/年])(\d{1,2})(?:[-/月])(\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) throw new Error(`not a date: ${text}`);
  const [, y, mo, d, h, mi, s] = m;
  const value = new Date(Date.UTC(+y, +mo - 1, +d, +(h ?? 0), +(mi ?? 0), +(s ?? 0)));
  const numFmt = h !== undefined ? 'yyyy/m/d h:mm' : text.includes('年') ? 'yyyy"年"m"月"d"日"' : 'yyyy-mm-dd';
  return { value, numFmt };
}

/** One CSV field as the cell a spreadsheet export would hold. */
function cell(header, text) {
  const h = header.replace(/^\uFEFF/, '').trim();
  if (text === '') return { value: null };
  if (DATE_HEADERS.has(h)) return dateCell(text);
  if (MONEY_HEADERS.has(h)) return { value: Number(text.replace(/[¥￥,]/g, '')), numFmt: '0.00' };
  if (NUMBER_HEADERS.has(h)) return { value: Number(text) };
  if (BOOL_HEADERS.has(h)) return { value: text === '是' || text === 'yes' || text === 'true' };
  return { value: text };
}

/** Adds a sheet: an optional title row, the header, then the typed rows. */
function addSheet(wb, name, rows, { title } = {}) {
  const ws = wb.addWorksheet(name);
  const [header, ...data] = rows;
  if (title) {
    ws.addRow([title]);
    ws.mergeCells(1, 1, 1, header.length); // a merged title above the header is fine; a merged header is not
  }
  ws.addRow(header.map((h) => h.replace(/^\uFEFF/, '')));
  for (const r of data) {
    const row = ws.addRow(r.map((v, i) => cell(header[i], v).value));
    r.forEach((v, i) => {
      const { numFmt } = cell(header[i], v);
      if (numFmt) row.getCell(i + 1).numFmt = numFmt;
    });
  }
  return ws;
}

function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'assess fixtures';
  wb.lastModifiedBy = 'assess fixtures';
  wb.created = FIXED;
  wb.modified = FIXED;
  return wb;
}

/** Writes the workbook with every zip entry dated FIXED, so that the bytes do not depend on the clock. */
async function save(wb, file) {
  const raw = await wb.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(raw);
  const out = new JSZip();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date: FIXED, createFolders: false });
  }
  const bytes = await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

// ---------------------------------------------------------------- the month and its roster

const MONTH_DIR = join(FIXTURES, '2026-01-xlsx');
{
  const wb = newWorkbook();
  const notes = wb.addWorksheet('说明');
  notes.addRow(['漠河县电信局 2026年1月 考核数据']);
  notes.addRow(['本工作簿由人事系统导出：事件、投诉、培训各一张表。']);
  addSheet(wb, '事件', readCsv(join(FIXTURES, '2026-01', 'incidents.csv')), { title: '漠河县电信局 2026年1月 事件登记' });
  addSheet(wb, '投诉', readCsv(join(FIXTURES, '2026-01', 'complaints.csv')), { title: '漠河县电信局 2026年1月 投诉登记' });
  addSheet(wb, '培训', readCsv(join(FIXTURES, '2026-01', 'training.csv')), { title: '漠河县电信局 2026年1月 例会及学习考勤' });
  await save(wb, join(MONTH_DIR, '2026-01.xlsx'));
}
{
  const wb = newWorkbook();
  addSheet(wb, '花名册', readCsv(join(FIXTURES, 'roster.csv')), { title: '漠河县电信局 职工花名册' });
  await save(wb, join(MONTH_DIR, 'roster.xlsx'));
}

// ---------------------------------------------------------------- bad workbooks exceljs can write

const BAD = join(FIXTURES, 'bad');
const RULES = '../../../rules';
const TINY_ROSTER = [['工号', '姓名', '部门', '月工资', '生产奖金'], ['0001', '王丽华', '营业厅', '5400.00', '1200.00'], ['0002', '李静', '营业厅', '4380.00', '850.00']];
const INCIDENTS = [['date', 'employees', 'type', 'unit'], ['2026-01-20', '0001', 'service-language', '营业厅'], ['2026-01-21', '0002', 'appearance', '营业厅']];

/** A bad-workbook case: its roster, its workbook (bytes from `make`), case.json and NOTE.md. */
async function badCase(name, { file, make, expect, note }) {
  const dir = join(BAD, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'roster.csv'), `\uFEFF${TINY_ROSTER.map((r) => r.join(',')).join('\n')}\n`);
  await make(join(dir, file));
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify({ args: ['--rules', RULES, '--dry-run', file], exit: 1, expect }, null, 2)}\n`);
  writeFileSync(join(dir, 'NOTE.md'), `# ${name}\n\n${note}\n\nWritten by \`node scripts/gen-xlsx-fixtures.mjs\`.\n`);
}

await badCase('workbook-merged-header', {
  file: 'incidents.xlsx',
  expect: ['incidents.xlsx[事件]:2', 'merged', 'D2:E2'],
  note: 'A sheet under a merged title row (A1:D1, fine) whose header row has two cells merged (D2:E2, "unit" over two columns, the second empty): an error naming the sheet, row and area. exceljs keeps a merged area\'s value in its first cell only, as Excel does.',
  make: async (path) => {
    const wb = newWorkbook();
    const ws = addSheet(wb, '事件', INCIDENTS, { title: '2026年1月 事件登记' });
    ws.mergeCells('D2:E2');
    await save(wb, path);
  },
});

await badCase('workbook-partial-header', {
  file: 'roster-and-events.xlsx',
  expect: ['roster-and-events.xlsx[花名册]:1', 'wage', '月工资'],
  note: 'A roster sheet whose header has employee and unit but no wage: it matches two of the three columns a roster needs, so it is an error naming the missing one rather than a sheet skipped.',
  make: async (path) => {
    const wb = newWorkbook();
    addSheet(wb, '花名册', TINY_ROSTER.map((r) => r.slice(0, 3)));
    addSheet(wb, '事件', INCIDENTS);
    await save(wb, path);
  },
});

await badCase('workbook-no-header', {
  file: 'incidents.xlsx',
  expect: ['incidents.xlsx', 'no sheet has a header', '说明', 'Sheet2'],
  note: 'A workbook none of whose sheets has a header in its first ten rows (a notes sheet, and the incidents pasted without their header row): nothing can be read, so it is an error, not a silent empty month.',
  make: async (path) => {
    const wb = newWorkbook();
    wb.addWorksheet('说明').addRow(['2026年1月 事件登记，见下一张表']);
    addSheet(wb, 'Sheet2', INCIDENTS.slice(1).concat(INCIDENTS.slice(1)));
    await save(wb, path);
  },
});

await badCase('workbook-corrupt', {
  file: 'incidents.xlsx',
  expect: ['incidents.xlsx', 'not a readable workbook', 'damaged'],
  note: 'A valid workbook of two incidents (exceljs), cut to its first 60% of bytes, as an interrupted download or copy leaves it: the zip has no central directory.',
  make: async (path) => {
    const wb = newWorkbook();
    addSheet(wb, '事件', INCIDENTS);
    const bytes = await save(wb, path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  },
});
