#!/usr/bin/env node
// Deterministic synthetic month for `npm run bench` (SPEC §9).
//
//   node bench/gen.mjs --rows 1000000 --people 50000 --units 400 --out bench/data/1e6 [--seed N]
//
// Writes <out>/roster.csv and <out>/events.csv, a combined register of the
// month 2026-02 (a `kind` column, the union of the three kinds' columns).
// The same arguments always give byte-identical files: every random choice
// comes from seeded mulberry32 streams, never Math.random or the clock.
//
// Guarantees that keep `assess` from rejecting anything (SPEC §8), so that the
// bench measures the happy path: every employee is on the roster, every unit
// is a roster unit, every date lies in 2026-02, incident and complaint ids are
// unique, and training rows are distinct (employee, session) pairs, so no two
// rows are identical.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../scripts/prng.mjs';

const YEAR = 2026;
const MONTH = 2;
const DAYS = 28;
const MONTH_PREFIX = '2026-02-';

/** Header of the combined register: kind, then the union of the kinds' columns (SPEC §3.1). */
export const EVENTS_HEADER = [
  'kind', 'id', 'date', 'employees', 'type', 'unit', 'loss', 'note',
  'received_at', 'resolved_at', 'responsible', 'category', 'channel', 'due_hours',
  'upheld', 'revisit', 'employee', 'status', 'session',
];
const COLUMN = Object.fromEntries(EVENTS_HEADER.map((name, i) => [name, i]));


const intBelow = (rng, n) => Math.floor(rng() * n);
const pick = (rng, list) => list[intBelow(rng, list.length)];

/** Picks from [[value, weight], ...] (weights need not sum to 1). */
function weighted(table) {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const [value, w] of table) cumulative.push([value, (acc += w) / total]);
  return (rng) => {
    const r = rng();
    for (const [value, upTo] of cumulative) if (r < upTo) return value;
    return cumulative[cumulative.length - 1][0];
  };
}

/** Integer fen → "1234.50" (no float ever holds the amount). */
const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const pad = (n, width) => String(n).padStart(width, '0');
const employeeId = (i) => `E${pad(i + 1, 6)}`;

/** RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. */
function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂玉萍红鹏华飞鑫波宇浩凯建国志文斌海峰林东雪梅琳晶晓亮春燕辉成龙婷颖欣佳俊'];
const UNIT_KINDS = ['营业厅', '线路班', '计费中心', '乡镇支局', '装维班', '机房', '客服中心', '网络部', '综合办', '市场部'];
const ROLES = weighted([['营业员', 30], ['线务员', 25], ['装维员', 20], ['话务员', 10], ['计费员', 8], ['班长', 5], ['主任', 2]]);

const INCIDENT_TYPE = weighted([
  // Types the default rules know; serious lapses are the rare ones.
  ['billing-overcharge', 18], ['service-language', 14], ['appearance', 12],
  ['handoff-dispute', 3], ['commendation', 8],
  // Types no rule matches: they must show up in `unmatched`, not vanish.
  ['equipment-fault', 20], ['line-repair-delay', 15], ['other', 10],
]);
const TRAINING_STATUS = weighted([['present', 90], ['late', 4], ['excused', 3], ['absent', 3]]);
const COMPLAINT_CATEGORY = ['计费争议', '服务态度', '网络质量', '装机时限', '故障修复', '其他'];
const COMPLAINT_CHANNEL = ['10000号', '营业厅', '信函', '网上营业厅', '上级转办'];
const DUE_HOURS = weighted([['24', 60], ['48', 20], ['72', 10], ['', 10]]);
const KIND = weighted([['training', 60], ['incident', 30], ['complaint', 10]]);

// Note fragments; ASCII commas and double quotes on purpose, so that the
// writer has to quote and escape them (RFC 4180) and the reader has to undo it.
const NOTE_PLAIN = ['用户来电反映', '现场核实', '已向用户致歉', '班组长已处理', '系统自动派单', '已退还多收费用', '回访用户满意', '与上道工序交接不清'];
const NOTE_QUOTED = ['用户称"月租多收了"', '工单备注"加急"', '用户原话:"再也不来了"', '"一站式"服务未落实'];
const NOTE_COMMA = ['经核实,情况属实', '已上门,未遇用户', '已处理,用户认可', '涉及两个班组,责任待定'];

/** A note of one to three fragments; some need quoting, most do not. */
function note(rng) {
  const parts = [pick(rng, NOTE_PLAIN)];
  const r = rng();
  if (r < 0.3) parts.push(pick(rng, NOTE_COMMA));
  else if (r < 0.5) parts.push(pick(rng, NOTE_QUOTED));
  if (rng() < 0.6) parts.push(pick(rng, NOTE_PLAIN));
  return csvField(parts.join('，'));
}

/** What a sign-in sheet says: sign-in times for some, the reason for the rest. */
function trainingNote(rng, status) {
  const minute = pad(intBelow(rng, 60), 2);
  if (status === 'late') return `迟到${5 + intBelow(rng, 40)}分钟`;
  if (status === 'excused') return rng() < 0.5 ? '病假' : csvField('事假,已审批');
  if (status === 'present' && rng() < 0.45) return csvField(`扫码签到 8:${minute},签退 ${9 + intBelow(rng, 3)}:${minute}`);
  return '';
}

/** 400 distinct unit names such as 营业厅001, 线路班002. */
function unitNames(count) {
  return Array.from({ length: count }, (_, i) => `${UNIT_KINDS[i % UNIT_KINDS.length]}${pad(i + 1, 3)}`);
}

/** The roster: every unit gets at least one person, the rest are spread at random. */
function makeRoster(people, units, seed, shape) {
  const rng = mulberry32(seed);
  const names = unitNames(units);
  const unitOf = new Uint16Array(people);
  const lines = [shape === 'wide' ? '工号,姓名,部门,岗位,月工资,生产奖金' : 'employee,name,unit,role,wage,bonus'];
  for (let i = 0; i < people; i++) {
    const u = i < units ? i : intBelow(rng, units);
    unitOf[i] = u;
    const name = pick(rng, SURNAMES) + pick(rng, GIVEN) + (rng() < 0.7 ? pick(rng, GIVEN) : '');
    const wage = 300000 + intBelow(rng, 900001); // 3000.00 .. 12000.00 yuan
    const bonus = intBelow(rng, 300001);          // 0.00 .. 3000.00 yuan
    lines.push(`${employeeId(i)},${name},${names[u]},${ROLES(rng)},${yuan(wage)},${yuan(bonus)}`);
  }
  return { text: `${lines.join('\n')}\n`, unitOf, names };
}

/** Dates of the month by weekday (2026-02-01 is a Sunday). */
function daysOnWeekdays(weekdays) {
  const first = new Date(Date.UTC(YEAR, MONTH - 1, 1)).getUTCDay();
  const out = [];
  for (let d = 1; d <= DAYS; d++) if (weekdays.includes((first + d - 1) % 7)) out.push(d);
  return out;
}
const MONDAYS = daysOnWeekdays([1]);
const FRIDAYS = daysOnWeekdays([5]);
const CLASS_DAYS = daysOnWeekdays([2, 3, 4]);

/**
 * Training session number s. The first twelve interleave the four Monday
 * meetings, four Friday studies and four job classes, so that even a small
 * file has all three training types; past twelve, more job classes.
 */
function session(s) {
  const round = Math.floor(s / 3);
  if (s < 12 && s % 3 === 0) return { day: MONDAYS[round], type: 'monday-meeting', name: `2026年2月第${round + 1}周周一例会` };
  if (s < 12 && s % 3 === 1) return { day: FRIDAYS[round], type: 'friday-study', name: `周五业务学习(第${round + 1}次)` };
  const n = s < 12 ? round : s - 8;
  return { day: CLASS_DAYS[n % CLASS_DAYS.length], type: 'job-class', name: `工种培训班第${n + 1}期` };
}

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
/** A multiplier coprime with n, near n·0.618, so that k ↦ k·a mod n scatters k over [0, n) without repeats. */
function scatterMultiplier(n) {
  let a = Math.max(1, Math.floor(n * 0.6180339887)) | 1;
  while (gcd(a, n) !== 1) a++;
  return a;
}

/** Emits one row per call; `kind` decides which builder runs. */
function makeEventRows({ rows, people, seed, unitOf, names, shape, dupShare }) {
  const rng = mulberry32(seed ^ 0x9e3779b9);
  const kindRng = mulberry32(seed ^ 0x85ebca6b);
  // Kinds are drawn first from their own stream so that the training count is
  // known, which lets training rows be a scattered set of distinct
  // (session, employee) pairs instead of random, possibly duplicate, rows.
  const kinds = new Uint8Array(rows);
  let trainingTotal = 0;
  for (let r = 0; r < rows; r++) {
    const k = KIND(kindRng);
    kinds[r] = k === 'training' ? 0 : k === 'incident' ? 1 : 2;
    if (kinds[r] === 0) trainingTotal++;
  }
  const slots = Math.max(1, Math.ceil(trainingTotal / people)) * people;
  const scatter = scatterMultiplier(slots);
  let training = 0;
  let incident = 0;
  let complaint = 0;
  const blank = () => new Array(EVENTS_HEADER.length).fill('');

  const trainingRow = () => {
    const j = Number((BigInt(training++) * BigInt(scatter)) % BigInt(slots));
    const s = session(Math.floor(j / people));
    const row = blank();
    row[COLUMN.kind] = 'training';
    row[COLUMN.date] = MONTH_PREFIX + pad(s.day, 2);
    row[COLUMN.type] = s.type;
    row[COLUMN.employee] = employeeId(j % people);
    row[COLUMN.status] = TRAINING_STATUS(rng);
    row[COLUMN.session] = s.name;
    row[COLUMN.note] = trainingNote(rng, row[COLUMN.status]);
    return row;
  };

  const incidentRow = () => {
    const row = blank();
    const involved = new Set([intBelow(rng, people)]);
    const extra = rng() < 0.25 ? 1 + intBelow(rng, 2) : 0;
    while (involved.size < 1 + Math.min(extra, people - 1)) involved.add(intBelow(rng, people));
    const ids = [...involved].map(employeeId);
    const type = INCIDENT_TYPE(rng);
    row[COLUMN.kind] = 'incident';
    row[COLUMN.id] = `I${pad(++incident, 7)}`;
    row[COLUMN.date] = MONTH_PREFIX + pad(1 + intBelow(rng, DAYS), 2);
    row[COLUMN.employees] = ids.join(rng() < 0.8 ? ';' : '、');
    row[COLUMN.type] = type;
    row[COLUMN.unit] = rng() < 0.7 ? names[unitOf[[...involved][0]]] : '';
    if (type === 'billing-overcharge') row[COLUMN.loss] = yuan(100 + intBelow(rng, 50000));
    else if (rng() < 0.2) row[COLUMN.loss] = '0.00';
    if (rng() < 0.8) row[COLUMN.note] = note(rng);
    return row;
  };

  const complaintRow = () => {
    const row = blank();
    const who = intBelow(rng, people);
    const receivedMin = intBelow(rng, DAYS * 24 * 60);
    const resolvedMin = receivedMin + 30 + intBelow(rng, 72 * 60);
    row[COLUMN.kind] = 'complaint';
    row[COLUMN.id] = `C${pad(++complaint, 7)}`;
    row[COLUMN.received_at] = excelDateTime(receivedMin);
    // Open complaints and those closed after the month have no resolved_at.
    if (resolvedMin < DAYS * 24 * 60 && rng() < 0.95) row[COLUMN.resolved_at] = excelDateTime(resolvedMin);
    row[COLUMN.responsible] = employeeId(who);
    row[COLUMN.unit] = rng() < 0.7 ? names[unitOf[who]] : '';
    row[COLUMN.category] = pick(rng, COMPLAINT_CATEGORY);
    row[COLUMN.channel] = pick(rng, COMPLAINT_CHANNEL);
    row[COLUMN.due_hours] = DUE_HOURS(rng);
    row[COLUMN.upheld] = rng() < 0.4 ? 'yes' : 'no';
    row[COLUMN.revisit] = rng() < 0.08 ? 'yes' : 'no';
    if (rng() < 0.9) row[COLUMN.note] = note(rng);
    return row;
  };

  const builders = [trainingRow, incidentRow, complaintRow];
  if (shape !== 'wide') return (r) => builders[kinds[r]]().join(',');
  // The wide shape: the same records as a clerk's export shows them, then
  // exact copies of recent rows (an export appended twice, a sheet pasted
  // again) at `dupShare`, from their own stream.
  const dupRng = mulberry32(seed ^ 0xc2b2ae35);
  const recent = [];
  let next = 0;
  return (r) => {
    if (recent.length > 0 && dupRng() < dupShare) return recent[intBelow(dupRng, recent.length)];
    const line = wideRow(builders[kinds[r]]());
    if (recent.length < RECENT) recent.push(line);
    else recent[next++ % RECENT] = line;
    return line;
  };
}

/** How far back a duplicated row of the wide shape may come from. */
const RECENT = 4096;

/**
 * The wide shape's header (SPEC §9): a combined register with Chinese headers
 * as an HR system exports it, 17 columns: the kind, and the kinds' columns
 * but a complaint's category and channel, which no default rule reads (the
 * training session stays: without it two classes of one day would be the
 * same row). Every header is a rules/columns.yaml alias.
 */
export const WIDE_HEADER = [
  ['kind', '记录类型'], ['id', '编号'], ['date', '日期'], ['employees', '涉及人员'], ['type', '事件类型'],
  ['unit', '单位'], ['loss', '损失金额'], ['note', '备注'], ['received_at', '受理时间'], ['resolved_at', '办结时间'],
  ['responsible', '第一责任人'], ['due_hours', '处理时限'], ['upheld', '是否属实'],
  ['revisit', '是否二次上门'], ['employee', '工号'], ['status', '出勤情况'], ['session', '场次'],
];
const WIDE_FROM = WIDE_HEADER.map(([field]) => COLUMN[field]);

/** Raw values as the export writes them: Chinese aliases of rules/columns.yaml, or text no rule knows. */
const WIDE_VALUE = {
  kind: { training: '培训', incident: '事故', complaint: '投诉' },
  status: { present: '出席', late: '迟到', excused: '请假', absent: '缺席' },
  type: {
    'billing-overcharge': '多收费', 'service-language': '服务用语不规范', appearance: '仪容仪表',
    'handoff-dispute': '工序衔接口角', commendation: '用户表扬', 'monday-meeting': '周一例会',
    'friday-study': '业务学习', 'job-class': '工种培训',
    'equipment-fault': '设备故障', 'line-repair-delay': '线路抢修超时', other: '其他',
  },
  upheld: { yes: '是', no: '否' },
  revisit: { yes: '是', no: '否' },
};

/** A canonical-shape row (EVENTS_HEADER order) → one line of the wide shape. */
function wideRow(row) {
  const out = new Array(WIDE_FROM.length);
  for (let i = 0; i < WIDE_FROM.length; i++) {
    const field = WIDE_HEADER[i][0];
    let v = row[WIDE_FROM[i]];
    const map = WIDE_VALUE[field];
    if (map && v !== '') v = map[v] ?? v;
    // Dates as Excel writes them: 2026/2/9.
    else if (field === 'date' && v !== '') v = `${YEAR}/${MONTH}/${Number(v.slice(8))}`;
    out[i] = v;
  }
  return out.join(',');
}

/** Minutes since 2026-02-01 00:00 → Excel's "2026/2/9 8:05". */
function excelDateTime(minutes) {
  const day = 1 + Math.floor(minutes / 1440);
  const hour = Math.floor((minutes % 1440) / 60);
  return `${YEAR}/${MONTH}/${day} ${hour}:${pad(minutes % 60, 2)}`;
}

/** Writes rows in ~1 MB chunks, waiting for 'drain' when the stream asks for it. */
async function writeRows(path, header, count, rowAt) {
  const out = createWriteStream(path);
  let chunk = `${header}\n`;
  for (let r = 0; r < count; r++) {
    chunk += `${rowAt(r)}\n`;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Generates one month into `out`; returns what was written. */
export async function generate({ rows, people, units, out, seed = 20260201, shape = 'narrow', dupShare = shape === 'wide' ? 0.025 : 0 }) {
  if (units > people) throw new Error(`--units (${units}) cannot exceed --people (${people})`);
  mkdirSync(out, { recursive: true });
  const roster = makeRoster(people, units, seed, shape);
  const rosterOut = createWriteStream(join(out, 'roster.csv'));
  rosterOut.end(roster.text);
  await once(rosterOut, 'finish');
  const rowAt = makeEventRows({ rows, people, seed, unitOf: roster.unitOf, names: roster.names, shape, dupShare });
  const header = shape === 'wide' ? WIDE_HEADER.map(([, zh]) => zh) : EVENTS_HEADER;
  await writeRows(join(out, 'events.csv'), header.join(','), rows, rowAt);
  return { rows, people, units, seed, shape, dupShare, roster: join(out, 'roster.csv'), events: join(out, 'events.csv') };
}

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`gen: --${name} must be a positive integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}

async function cli() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      people: { type: 'string', default: '50000' },
      units: { type: 'string', default: '400' },
      seed: { type: 'string', default: '20260201' },
      shape: { type: 'string', default: 'narrow' },
      dup: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.out) {
    console.error('usage: node bench/gen.mjs --rows N --people N --units N --out DIR [--seed N] [--shape narrow|wide] [--dup SHARE]');
    process.exit(2);
  }
  if (values.shape !== 'narrow' && values.shape !== 'wide') {
    console.error(`gen: --shape must be narrow or wide, got "${values.shape}"`);
    process.exit(2);
  }
  const dupShare = values.dup === undefined ? undefined : Number(values.dup);
  if (dupShare !== undefined && !(dupShare >= 0 && dupShare < 1)) {
    console.error(`gen: --dup must be a share in [0, 1), got "${values.dup}"`);
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  await generate({
    rows: positiveInt('rows', values.rows),
    people: positiveInt('people', values.people),
    units: positiveInt('units', values.units),
    seed: positiveInt('seed', values.seed),
    shape: values.shape,
    dupShare,
    out: values.out,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(`gen: ${values.rows} rows, ${values.people} people, ${values.units} units → ${values.out} in ${seconds.toFixed(2)} s`);
}

// Run as a script, not when imported by bench/run.mjs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await cli();
