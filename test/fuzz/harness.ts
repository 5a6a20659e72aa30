/**
 * The fuzzing harness (SPEC §8: exit 70 means a bug in assess, never bad
 * input). A case is a workspace — the bureau's January or February files,
 * its roster and rules, some of them mutated — and a command line. It runs
 * in-process through `main(argv, terminal)`, or as the real CLI for a
 * sample, and the property checked is the same either way:
 *
 * - the exit code is 0, 1, 2 or 75, never 70 (nor anything else);
 * - stderr holds no stack trace and no "internal error";
 * - on any exit but 0 nothing is written: the ledger (fresh or seeded) is
 *   byte-for-byte as before and the --out folder holds no file.
 *
 * Generators describe mutations as data, so that fast-check prints a case
 * that can be replayed, and a failing workspace can be kept (FUZZ_KEEP=DIR)
 * to become a fixtures/bad case.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { main } from '../../src/cli/main.js';
import type { Terminal } from '../../src/cli/terminal.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

// ------------------------------------------------------------------ the base workspace

const read = (p: string): Buffer => fs.readFileSync(path.join(ROOT, p));

/** The data files a case starts from: January's three narrow files, or February's combined register. */
const JAN_CSV = {
  'incidents.csv': read('fixtures/2026-01/incidents.csv'),
  'complaints.csv': read('fixtures/2026-01/complaints.csv'),
  'training.csv': read('fixtures/2026-01/training.csv'),
};

/** A CSV file as the HTML table that many Chinese HR systems save as `.xls` (SPEC §3.4). */
function htmlTable(csv: Buffer): Buffer {
  const text = iconv.decode(csv, csv.includes(0xe4) || csv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 'utf8' : 'gb18030').replace(/^\uFEFF/, '');
  const cell = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // The fixtures' notes hold no comma inside quotes that matters here: a plain split keeps the table's shape.
  const rows = text.trimEnd().split(/\r?\n/).map((l) => `<tr>${l.split(',').map((v) => `<td>${cell(v.replace(/^"|"$/g, ''))}</td>`).join('')}</tr>`);
  return Buffer.from(`<html><head><meta charset="utf-8"></head><body><table>\n${rows.join('\n')}\n</table></body></html>\n`, 'utf8');
}

/** The data files a case starts from: January's three narrow files, February's combined register, January as one workbook, or as HTML `.xls` tables. */
export const MONTHS: Record<'jan' | 'feb' | 'xlsx' | 'html', Record<string, Buffer>> = {
  jan: JAN_CSV,
  feb: { 'register.csv': read('fixtures/2026-02/register.csv') },
  xlsx: { '2026-01.xlsx': read('fixtures/2026-01-xlsx/2026-01.xlsx') },
  html: Object.fromEntries(Object.entries(JAN_CSV).map(([name, csv]) => [name.replace(/\.csv$/, '.xls'), htmlTable(csv)])),
};
export const ROSTER = read('fixtures/roster.csv');
export const RULES: Record<string, string> = Object.fromEntries(
  fs.readdirSync(path.join(ROOT, 'rules')).filter((n) => n.endsWith('.yaml')).sort().map((n) => [n, fs.readFileSync(path.join(ROOT, 'rules', n), 'utf8')]),
);

// ------------------------------------------------------------------ byte mutations (CSV)

/** Byte strings that break CSV and text decoding in the ways real exports do. */
const NASTY_BYTES: number[][] = [
  [0x22], // "
  [0x22, 0x22],
  [0x00], // NUL
  [0xff], // never valid UTF-8
  [0xc3], // a UTF-8 lead byte without its continuation
  [0xe4, 0xb8], // a CJK character cut short
  [0xef, 0xbb, 0xbf], // a BOM in the middle
  [0xff, 0xfe], // a UTF-16 BOM in the middle
  [0x2c], // ,
  [0x3b], // ;
  [0x09], // tab
  [0x0d], // lone CR
  [0x0a], // LF
  [0x0d, 0x0a],
  [0x5c], // backslash
  [0x2d], // - (a negative amount, or a formula)
  [0x3d], // =
  Array.from(Buffer.from('9999999999999999999999')),
  Array.from(Buffer.from('-3000')),
  Array.from(Buffer.from('2026/1/32')),
  Array.from(Buffer.from('￥')),
  Array.from(Buffer.from('\u2028')),
];

export type ByteMutation =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; len: number }
  | { op: 'longLine'; at: number; len: number; quoted: boolean }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapDelimiter'; from: number; to: number }
  | { op: 'encode'; enc: 'utf16le' | 'gb18030' };

/** A position in a buffer from a fraction in [0, 1]. */
const pos = (buf: Buffer, at: number): number => Math.min(buf.length, Math.floor(at * (buf.length + 1)));

export function applyByteMutation(buf: Buffer, m: ByteMutation): Buffer {
  switch (m.op) {
    case 'truncate':
      return buf.subarray(0, pos(buf, m.at));
    case 'insert': {
      const p = pos(buf, m.at);
      return Buffer.concat([buf.subarray(0, p), Buffer.from(m.bytes), buf.subarray(p)]);
    }
    case 'delete': {
      const p = pos(buf, m.at);
      return Buffer.concat([buf.subarray(0, p), buf.subarray(p + m.len)]);
    }
    case 'longLine': {
      const p = pos(buf, m.at);
      const body = Buffer.alloc(m.len, m.quoted ? '长' : 'x');
      const line = m.quoted ? Buffer.concat([Buffer.from('"'), body, Buffer.from('"')]) : body;
      return Buffer.concat([buf.subarray(0, p), line, buf.subarray(p)]);
    }
    case 'duplicateLine': {
      const lines = buf.toString('latin1').split('\n');
      const i = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
      lines.splice(i, 0, lines[i] ?? '');
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'swapDelimiter': {
      const delims = [0x2c, 0x3b, 0x09, 0x7c];
      const from = delims[m.from % delims.length] as number;
      const to = delims[m.to % delims.length] as number;
      return Buffer.from(buf.map((b) => (b === from ? to : b)));
    }
    case 'encode':
      return Buffer.concat([Buffer.from(m.enc === 'utf16le' ? [0xff, 0xfe] : []), iconv.encode(buf.toString('utf8'), m.enc)]);
  }
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fraction }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fraction, bytes: fc.oneof(fc.constantFrom(...NASTY_BYTES), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fraction, len: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('longLine' as const), at: fraction, len: fc.integer({ min: 1000, max: 300_000 }), quoted: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapDelimiter' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('encode' as const), enc: fc.constantFrom('utf16le' as const, 'gb18030' as const) }) },
);

// ------------------------------------------------------------------ workbook mutations (xlsx)

/** Pieces of SpreadsheetML that a damaged or hand-made workbook can hold. */
const XML_TOKENS = [
  '<', '>', '</', '/>', '"', '&', '&amp;', '&#0;', '&#xD800;', '&bogus;', '<![CDATA[x]]>', ']]>', '<!--', '-->', '<?xml version="1.0"?>',
  '<row r="0">', '<row r="1048577">', '<row>', '</row>', '</sheetData>', '<sheetData>', '<mergeCell ref="A1:Z1"/>', '<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>',
  '<c r="A1" t="s"><v>999999</v></c>', '<c r="XFD1"><v>1</v></c>', '<c r="A1"><v>1e400</v></c>', '<c r="B2" t="n"><v>-0</v></c>', '<c r="C2" t="d"><v>nope</v></c>',
  '<c r="D2" t="b"><v>2</v></c>', '<c r="E2" t="e"><v>#REF!</v></c>', '<c r="F2" t="inlineStr"><is><t>长</t></is></c>', '<c r="G2" s="9999"><v>45000</v></c>', '<c r="H2"><f>A1+1</f></c>',
  '<c r="A2" s="1"><v>2958466</v></c>', '<c r="A2" s="1"><v>-1</v></c>', '<si><t>x</t></si>', '<sheet name="" sheetId="9" r:id="rId99"/>', 'date1904="1"',
  't="s"', 't="str"', 's="1"', 'r="A0"', 'r="ZZZZZ9"', '9007199254740993', '0015', '2026/1/32', '\u0000', '\uFFFE',
];

export type XmlMutation =
  | { op: 'bytes'; entry: number; mutation: ByteMutation }
  | { op: 'token'; entry: number; at: number; token: number }
  | { op: 'dropEntry'; entry: number };

export const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('bytes' as const), entry: fc.nat(), mutation: byteMutation }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('token' as const), entry: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }), token: fc.nat(XML_TOKENS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dropEntry' as const), entry: fc.nat() }) },
);

/** The workbook with each mutation applied to one of its XML parts, zipped again (the container stays sound, so the reader's XML paths are what is tried). */
export async function mutateWorkbook(bytes: Buffer, mutations: readonly XmlMutation[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  for (const m of mutations) {
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]?.dir).sort();
    const name = names[m.entry % names.length] as string;
    if (m.op === 'dropEntry') {
      zip.remove(name);
      continue;
    }
    const before = Buffer.from(await (zip.file(name) as JSZip.JSZipObject).async('uint8array'));
    const after = m.op === 'bytes'
      ? applyByteMutation(before, m.mutation)
      : applyByteMutation(before, { op: 'insert', at: m.at, bytes: Array.from(Buffer.from(XML_TOKENS[m.token] as string, 'utf8')) });
    zip.file(name, after);
  }
  // A fixed date, so that a kept case replays byte for byte.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', date: new Date(Date.UTC(2026, 0, 1)) } as JSZip.JSZipGeneratorOptions<'nodebuffer'>);
}

// ------------------------------------------------------------------ text mutations (rules)

/** Pieces of YAML structure, expression syntax, unknown keys and huge numbers. */
const RULES_TOKENS = [
  '\n', '  ', '\t', '- ', ': ', ':', '[', ']', '{', '}', ',', '&a ', '*a', '*zz', '!!str ', '!!binary ', '!foo ', '"', "'", '#', '|', '>', '? ', '---\n', '...\n', '%YAML 1.1\n', '<<: ',
  '(', ')', ' and ', ' or ', ' not ', ' == ', ' != ', ' < ', ' >= ', ' in (', '"x"', '"2026-01-15"', 'hours(', 'days(', 'len(', 'contains(', 'nope(', ' + ', ' - ', ' * ', ' / ', '&&', '=',
  '\n    severity: high', '\n  - id: x\n    on: incident\n    effects: { points: -1 }', '\nfoo: 1', '\nscoring: { base: 100, min: 0, max: 100, pay_rate: 0.3 }', '\n    cap: 0', '\n    cap: -1',
  '99999999999999999999999', '9007199254740993', '1e400', '-1e-400', '.inf', '-.inf', '.nan', '0x1F', '1_000', '-0', '100.005', '-100%', '"-1000%"', '999999999999.99',
  '\u0000', '\uFEFF', '\u2028', '中文', '　',
];

export type TextMutation =
  | { op: 'insertToken'; file: number; at: number; token: string }
  | { op: 'truncate'; file: number; at: number }
  | { op: 'replaceWhen'; file: number; nth: number; expr: string }
  | { op: 'replaceNumber'; file: number; nth: number; with: string }
  | { op: 'deleteLine'; file: number; at: number };

const NUMBER_RE = /(?<=[:\s[,{])-?\d+(\.\d+)?(?=[\s,}\]\n]|$)/g;

export function applyTextMutation(rules: Record<string, string>, m: TextMutation): Record<string, string> {
  const names = Object.keys(rules).sort();
  const name = names[m.file % names.length] as string;
  const text = rules[name] as string;
  const at = (f: number) => Math.min(text.length, Math.floor(f * (text.length + 1)));
  let next = text;
  switch (m.op) {
    case 'insertToken':
      next = text.slice(0, at(m.at)) + m.token + text.slice(at(m.at));
      break;
    case 'truncate':
      next = text.slice(0, at(m.at));
      break;
    case 'replaceWhen': {
      let k = 0;
      const count = (text.match(/^(\s*(?:- )?(?:when|where):) .*$/gm) ?? []).length;
      if (count > 0) next = text.replace(/^(\s*(?:- )?(?:when|where):) .*$/gm, (line, key: string) => (k++ === m.nth % count ? `${key} ${JSON.stringify(m.expr)}` : line));
      break;
    }
    case 'replaceNumber': {
      let k = 0;
      const count = (text.match(NUMBER_RE) ?? []).length;
      if (count > 0) next = text.replace(NUMBER_RE, (n) => (k++ === m.nth % count ? m.with : n));
      break;
    }
    case 'deleteLine': {
      const lines = text.split('\n');
      lines.splice(Math.floor(m.at * lines.length), 1);
      next = lines.join('\n');
      break;
    }
  }
  return { ...rules, [name]: next };
}

const FIELDS = ['date', 'type', 'loss', 'status', 'received_at', 'resolved_at', 'due_hours', 'upheld', 'revisit', 'employees', 'note', 'unit', 'count', 'total', 'rate', 'stauts', 'id', 'employee'];

/** Random expressions: mostly well-formed from the grammar of SPEC §4, some deep, some noisy. */
export const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...FIELDS),
    fc.constantFrom('0', '1', '2.5', '100', '0.9', '99999999999999999999', '9007199254740993', '100.005', '"absent"', '"present"', '"handoff-dispute"', '"2026-01-15"', '"2026-13-45"', '""', 'true', 'false', '"中文"'),
    fc.tuple(tie('expr'), fc.constantFrom(' and ', ' or ', ' == ', ' != ', ' < ', ' <= ', ' > ', ' >= ', ' + ', ' - ', ' * ', ' / '), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('expr').map((e) => `not ${e}`),
    tie('expr').map((e) => `-${e}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(tie('expr'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 })).map(([a, items]) => `${a} in (${items.join(', ')})`),
    fc.tuple(fc.constantFrom('hours', 'days', 'len', 'contains', 'sum'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
})).expr.chain((e) => fc.oneof(
  { weight: 6, arbitrary: fc.constant(e) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => `${'('.repeat(n)}${e}${')'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(e.length), fc.constantFrom(...RULES_TOKENS)).map(([i, t]) => e.slice(0, i) + t + e.slice(i)) },
));

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insertToken' as const), file: fc.nat(), at: fraction, token: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...RULES_TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), file: fc.nat(), at: fraction }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replaceWhen' as const), file: fc.nat(), nth: fc.nat(), expr: expression }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replaceNumber' as const), file: fc.nat(), nth: fc.nat(), with: fc.constantFrom('99999999999999999999999', '9007199254740993', '-3000', '0', '1e400', '-1', '100.005', '0.001', '1000000000', '-0.00', '10000.01', '.inf', '"12"', 'null', '[]', '{}') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), file: fc.nat(), at: fraction }) },
);

// ------------------------------------------------------------------ a case

/** What a case runs: which command, with which options. */
export type Command = 'run' | 'run-dry' | 'run-allow' | 'rules-check' | 'explain' | 'diff' | 'year' | 'history';

export interface FuzzCase {
  month: 'jan' | 'feb' | 'xlsx' | 'html';
  /** Byte mutations per data file name ('roster.csv' for the roster). */
  data: Array<{ file: number; mutations: ByteMutation[] }>;
  /** Mutations of the XML inside the month's workbook (month 'xlsx'). */
  workbook?: XmlMutation[];
  rules: TextMutation[];
  command: Command;
  format: 'table' | 'csv' | 'json';
  lang: 'en' | 'zh';
  withMonth: boolean;
  /** Start from a ledger that already holds a month (its bytes must not change on failure). */
  seeded: boolean;
}

export const csvCase: fc.Arbitrary<FuzzCase> = fc.record({
  month: fc.constantFrom('jan' as const, 'feb' as const),
  data: fc.array(fc.record({ file: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 2 }),
  rules: fc.constant([]),
  command: fc.constantFrom<Command>('run', 'run', 'run-dry', 'run-allow', 'run-allow', 'explain', 'diff'),
  format: fc.constantFrom('table' as const, 'csv' as const, 'json' as const),
  lang: fc.constantFrom('en' as const, 'zh' as const),
  withMonth: fc.boolean(),
  seeded: fc.boolean(),
});

/** A month as a workbook with its XML parts damaged, or as HTML `.xls` tables with their bytes damaged (SPEC §3.4). */
export const spreadsheetCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.record({
    month: fc.constant('xlsx' as const),
    data: fc.constant<FuzzCase['data']>([]),
    workbook: fc.array(xmlMutation, { minLength: 1, maxLength: 4 }),
    rules: fc.constant<TextMutation[]>([]),
    command: fc.constantFrom<Command>('run', 'run-dry', 'run-allow', 'explain'),
    format: fc.constantFrom('table' as const, 'csv' as const, 'json' as const),
    lang: fc.constantFrom('en' as const, 'zh' as const),
    withMonth: fc.boolean(),
    seeded: fc.boolean(),
  }),
  fc.record({
    month: fc.constant('html' as const),
    data: fc.array(fc.record({ file: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 2 }),
    rules: fc.constant<TextMutation[]>([]),
    command: fc.constantFrom<Command>('run', 'run-dry', 'run-allow'),
    format: fc.constantFrom('table' as const, 'csv' as const, 'json' as const),
    lang: fc.constantFrom('en' as const, 'zh' as const),
    withMonth: fc.boolean(),
    seeded: fc.boolean(),
  }),
);

export const rulesCase: fc.Arbitrary<FuzzCase> = fc.record({
  month: fc.constantFrom('jan' as const, 'feb' as const),
  data: fc.constant([]),
  rules: fc.array(textMutation, { minLength: 1, maxLength: 3 }),
  command: fc.constantFrom<Command>('rules-check', 'rules-check', 'run', 'run-allow', 'run-dry', 'diff', 'year', 'history'),
  format: fc.constantFrom('table' as const, 'csv' as const, 'json' as const),
  lang: fc.constantFrom('en' as const, 'zh' as const),
  withMonth: fc.boolean(),
  seeded: fc.boolean(),
});

/** The files of a case's workspace: relative path → bytes. */
export async function workspaceOf(c: FuzzCase): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const data = { ...MONTHS[c.month], 'roster.csv': ROSTER } as Record<string, Buffer>;
  if (c.workbook !== undefined) data['2026-01.xlsx'] = await mutateWorkbook(data['2026-01.xlsx'] as Buffer, c.workbook);
  const names = Object.keys(data).sort();
  for (const d of c.data) {
    const name = names[d.file % names.length] as string;
    data[name] = d.mutations.reduce(applyByteMutation, data[name] as Buffer);
  }
  for (const [name, bytes] of Object.entries(data)) files.set(name, bytes);
  const rules = c.rules.reduce(applyTextMutation, RULES);
  for (const [name, text] of Object.entries(rules)) files.set(`rules/${name}`, Buffer.from(text, 'utf8'));
  return files;
}

/** The command line of a case, run in its workspace. */
export function argvOf(c: FuzzCase): string[] {
  const data = Object.keys(MONTHS[c.month] as object).sort();
  const common = ['--rules', 'rules', '--ledger', 'ledger.db', '--format', c.format, '--lang', c.lang];
  const month = c.withMonth ? ['--month', c.month === 'feb' ? '2026-02' : '2026-01'] : [];
  switch (c.command) {
    case 'run':
      return ['run', ...data, '--roster', 'roster.csv', ...common, ...month, '--out', 'out'];
    case 'run-dry':
      return ['run', ...data, '--roster', 'roster.csv', ...common, ...month, '--dry-run', '--out', 'out'];
    case 'run-allow':
      return ['run', ...data, '--roster', 'roster.csv', ...common, ...month, '--allow-rejects', '--out', 'out'];
    case 'rules-check':
      return ['rules', 'check', ...common];
    case 'explain':
      return ['explain', '0001', ...data, '--roster', 'roster.csv', ...common, ...month];
    case 'diff':
      return ['diff', ...data, '--roster', 'roster.csv', ...common, ...month, '--base-rules', path.join(ROOT, 'rules')];
    case 'year':
      return ['year', '2026', '--allow-missing', ...common];
    case 'history':
      return ['history', '0001', ...common];
  }
}

// ------------------------------------------------------------------ running and checking

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** A ledger holding January, made once per process by the real pipeline; seeded cases start from its bytes. */
let seedLedger: Buffer | null = null;
async function seed(): Promise<Buffer> {
  if (seedLedger) return seedLedger;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-fuzz-seed-'));
  try {
    for (const [name, bytes] of Object.entries(MONTHS.jan as Record<string, Buffer>)) fs.writeFileSync(path.join(dir, name), bytes);
    fs.writeFileSync(path.join(dir, 'roster.csv'), ROSTER);
    const r = await runInProcess(dir, ['run', 'incidents.csv', 'complaints.csv', 'training.csv', '--rules', path.join(ROOT, 'rules'), '--ledger', 'ledger.db', '--format', 'csv']);
    if (r.code !== 0) throw new Error(`the seed ledger was not made: ${r.stderr}`);
    seedLedger = fs.readFileSync(path.join(dir, 'ledger.db'));
    return seedLedger;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs assess in this process, in `cwd`, capturing its output. */
export async function runInProcess(cwd: string, argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const term: Terminal = {
    out: (t) => void (stdout += typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    err: (l) => void (stderr += `${l}\n`),
    errRaw: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { LANG: 'C.UTF-8', NO_COLOR: '1', PATH: process.env.PATH ?? '' },
    cwd,
    exitCode: 0,
  };
  const code = await main(argv, term);
  return { code, stdout, stderr };
}

/** Runs the built CLI as a child process; the worker split is forced on from 2 KB so that its path is fuzzed too. */
export function runCli(cwd: string, argv: string[]): Outcome {
  const env = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', ASSESS_SPLIT_BYTES: '2048' };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/assess.js'), ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** What is wrong with an outcome, or null when the property holds. */
export function violation(o: Outcome, wrote: { ledgerChanged: boolean; outFiles: string[] }): string | null {
  if (![0, 1, 2, 75].includes(o.code)) return `exit ${o.code}`;
  if (STACK_LINE.test(o.stderr) || STACK_LINE.test(o.stdout)) return 'a stack trace';
  if (o.stderr.includes('internal error')) return 'an internal error';
  // A Node warning ("(node:123) Warning: …") is noise a clerk cannot act on (the CLI sample shows them).
  if (/^\(node:\d+\) \w*Warning/m.test(o.stderr)) return 'a Node warning';
  if (o.code !== 0 && wrote.ledgerChanged) return `exit ${o.code} but the ledger changed`;
  if (o.code !== 0 && wrote.outFiles.length > 0) return `exit ${o.code} but --out holds ${wrote.outFiles.join(', ')}`;
  return null;
}

export interface Checked {
  outcome: Outcome;
  problem: string | null;
}

/** Makes the workspace of `c` in a fresh folder, runs it (in-process or as the CLI), checks the property, and cleans up. */
export async function checkCase(c: FuzzCase, how: 'in-process' | 'cli' = 'in-process'): Promise<Checked> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-fuzz-'));
  try {
    const files = await workspaceOf(c);
    fs.mkdirSync(path.join(dir, 'rules'));
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    const ledger = path.join(dir, 'ledger.db');
    const before = c.seeded ? await seed() : null;
    if (before) fs.writeFileSync(ledger, before);
    const argv = argvOf(c);
    const outcome = how === 'cli' ? runCli(dir, argv) : await runInProcess(dir, argv);
    const after = fs.existsSync(ledger) ? fs.readFileSync(ledger) : null;
    const ledgerChanged = before === null ? after !== null : after === null || !after.equals(before);
    const outDir = path.join(dir, 'out');
    const outFiles = fs.existsSync(outDir) ? fs.readdirSync(outDir) : [];
    const problem = violation(outcome, { ledgerChanged, outFiles });
    if (problem !== null && process.env.FUZZ_KEEP) keep(c, files, argv, outcome, problem);
    return { outcome, problem };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Keeps a failing case's workspace under $FUZZ_KEEP, one folder per distinct first problem line. */
function keep(c: FuzzCase, files: Map<string, Buffer>, argv: string[], o: Outcome, problem: string): void {
  const first = (o.stderr.split('\n').find((l) => /internal error|^\s+at /.test(l)) ?? problem).replace(/\d+/g, 'N').slice(0, 80);
  const slug = first.replace(/[^A-Za-z]+/g, '-').slice(0, 60);
  const dir = path.join(process.env.FUZZ_KEEP as string, slug);
  if (fs.existsSync(dir)) {
    const n = Number(fs.readFileSync(path.join(dir, 'count'), 'utf8')) + 1;
    fs.writeFileSync(path.join(dir, 'count'), String(n));
    return;
  }
  for (const [name, bytes] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  fs.writeFileSync(path.join(dir, 'count'), '1');
  fs.writeFileSync(path.join(dir, 'case.json'), `${JSON.stringify({ problem, argv, case: c, code: o.code, stderr: o.stderr.slice(0, 4000) }, null, 2)}\n`);
}
