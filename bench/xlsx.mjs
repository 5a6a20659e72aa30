// The bench's workbook (SPEC §3.4, issue 11): the narrow 10^5-row month saved as one .xlsx
// (one sheet, shared strings, date cells, numbers), and the read rates of assess on it beside
// assess on the CSV, each beside its bare reference, in one run:
//
//   csv:   bench/csvparse-ref.mjs events.csv      vs  assess events.csv
//   xlsx:  bench/xlsx-ref.mjs events.xlsx         vs  assess events.xlsx
//
// The xlsx reference is a bare streaming read with the libraries assess reads workbooks with
// (yauzl + saxes): the shared strings, then every cell of the sheet into a row array. The target
// is assess on the workbook ≤ 1.5× that reference.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATE_COLUMNS = new Set(['date', 'received_at', 'resolved_at']);
const NUMBER_COLUMNS = new Set(['loss', 'due_hours']);

/** `2026-02-02` or `2026-02-02 08:05` (as bench/gen.mjs writes them) → a date cell and its format. */
function dateCell(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return { value: text };
  const [, y, mo, d, h, mi, s] = m;
  return { value: new Date(Date.UTC(+y, +mo - 1, +d, +(h ?? 0), +(mi ?? 0), +(s ?? 0))), numFmt: h === undefined ? 'yyyy-mm-dd' : 'yyyy/m/d h:mm' };
}

/**
 * Writes `csv` as the workbook `xlsx` (exceljs's streaming writer, shared strings on, as
 * Excel saves), unless an up-to-date copy is there. Returns its path.
 */
export async function ensureWorkbook(csv, xlsx) {
  const stampPath = `${xlsx}.stamp`;
  const stamp = JSON.stringify({ csv: statSync(csv).size, csvTime: statSync(csv).mtimeMs, gen: createHash('sha256').update(readFileSync(join(HERE, 'xlsx.mjs'))).digest('hex') });
  if (existsSync(xlsx) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return xlsx;
  rmSync(stampPath, { force: true });
  const started = process.hrtime.bigint();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('events');
  let header = null;
  let rows = 0;
  for await (const record of createReadStream(csv).pipe(parse())) {
    if (header === null) {
      header = record;
      ws.addRow(record).commit();
      continue;
    }
    const cells = record.map((v, i) => {
      if (v === '') return { value: null };
      if (DATE_COLUMNS.has(header[i])) return dateCell(v);
      if (NUMBER_COLUMNS.has(header[i]) && /^-?\d+(\.\d+)?$/.test(v)) return { value: Number(v) };
      return { value: v };
    });
    const row = ws.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
    });
    row.commit();
    rows++;
  }
  ws.commit();
  await wb.commit();
  writeFileSync(stampPath, stamp);
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`generated ${xlsx.split('/').slice(-2).join('/')}: ${rows} rows in ${s.toFixed(2)} s, ${(statSync(xlsx).size / 1e6).toFixed(1)} MB`);
  return xlsx;
}
