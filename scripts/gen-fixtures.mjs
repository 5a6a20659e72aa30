#!/usr/bin/env node
// Writes the fixtures of assess: the roster and twelve months (2026-01 … 2026-12)
// of the Mohe County telecom bureau (漠河县电信局), plus the bad-input cases in
// fixtures/bad/. Everything is deterministic: a seeded PRNG (mulberry32), the
// calendar computed from fixed dates, no clock and no Math.random, so that
// running it twice gives byte-identical files.
//
//   node scripts/gen-fixtures.mjs
//
// Months 01–03 carry hand-written events (the article's January overcharge and
// February quarrel); months 04–12 are drawn from the PRNG at realistic rates.
// Each month is written in a different export shape (headers, delimiter,
// encoding, date style), because that is what the bureau's systems produce.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { mulberry32 } from './prng.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
const YEAR = 2026;
const SEED = 20260101;

// ---------------------------------------------------------------- PRNG


const pick = (rng, xs) => xs[Math.floor(rng() * xs.length)];
const between = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));

// ---------------------------------------------------------------- calendar
// Days are integers (days since 1970-01-01); times are minutes since then.
// Date.UTC is used only as calendar arithmetic on fixed dates.

const day = (y, m, d) => Date.UTC(y, m - 1, d) / 86400000;
const parseDay = (s) => {
  const [y, m, d] = s.split('-').map(Number);
  return day(y, m, d);
};
const ymd = (n) => {
  const dt = new Date(n * 86400000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
};
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (n) => (((n + 4) % 7) + 7) % 7;
const daysInMonth = (m) => day(YEAR, m + 1, 1) - day(YEAR, m, 1);
const at = (dayNumber, h, min) => dayNumber * 1440 + h * 60 + min;

/** Statutory holidays of 2026 (approximate official schedule): no meetings on these days. */
const HOLIDAYS = new Set(
  [
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ].flatMap(([a, b]) => {
    const out = [];
    for (let n = parseDay(a); n <= parseDay(b); n++) out.push(n);
    return out;
  }),
);
const isWorkday = (n) => weekday(n) >= 1 && weekday(n) <= 5 && !HOLIDAYS.has(n);

const pad2 = (n) => String(n).padStart(2, '0');

/** Formats a day: iso 2026-01-05, slash 2026/1/5, cn 2026年1月5日. */
function fmtDate(n, style) {
  const { y, m, d } = ymd(n);
  if (style === 'slash') return `${y}/${m}/${d}`;
  if (style === 'cn') return `${y}年${m}月${d}日`;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Formats a time: iso "2026-01-05 08:05", isoT "2026-01-05T08:05:00", slash "2026/1/5 8:05" (Excel), cn. */
function fmtDateTime(t, style) {
  if (t === null) return '';
  const n = Math.floor(t / 1440);
  const h = Math.floor((t % 1440) / 60);
  const mi = t % 60;
  if (style === 'isoT') return `${fmtDate(n, 'iso')}T${pad2(h)}:${pad2(mi)}:00`;
  if (style === 'iso') return `${fmtDate(n, 'iso')} ${pad2(h)}:${pad2(mi)}`;
  return `${fmtDate(n, style)} ${h}:${pad2(mi)}`;
}

/** Formats fen as yuan with two decimals; `yen` adds ¥ and thousands separators. */
function fmtMoney(fen, style) {
  if (fen === null) return '';
  const yuan = Math.floor(fen / 100);
  const cents = pad2(fen % 100);
  if (style === 'yen') return `¥${String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
  return `${yuan}.${cents}`;
}

// ---------------------------------------------------------------- roster

// 工号, 姓名, 部门, 岗位, 月工资 (fen), 生产奖金 (fen), 入职日期, 离职日期
const ROSTER = [
  ['0001', '王丽华', '营业厅', '营业班长', 540000, 120000, '2003-07-01', ''],
  ['0002', '李静', '营业厅', '营业员', 438000, 85000, '2012-03-15', ''],
  ['0003', '刘晓燕', '营业厅', '营业员', 445000, 85000, '2010-08-01', ''],
  ['0004', '陈颖', '营业厅', '营业员', 420000, 80000, '2018-07-02', ''],
  ['0005', '杨帆', '营业厅', '营业员', 412000, 80000, '2021-09-01', ''],
  ['0006', '赵雪梅', '营业厅', '营业员', 452000, 85000, '2008-04-10', ''],
  ['0007', '孙玉霞', '营业厅', '客户经理', 486000, 100000, '2006-11-20', ''],
  ['0008', '周婷', '营业厅', '营业员', 405000, 75000, '2023-07-03', ''],
  ['0009', '吴建国', '线路班', '线路班长', 568000, 130000, '1996-09-01', ''],
  ['0010', '郑海', '线路班', '线务员', 492000, 100000, '2009-05-12', ''],
  ['0011', '冯立军', '线路班', '线务员', 488000, 100000, '2007-10-08', ''],
  ['0012', '马强', '线路班', '机线员', 476000, 95000, '2014-04-01', ''],
  ['0013', '朱振东', '线路班', '机线员', 470000, 95000, '2016-03-21', ''],
  ['0014', '胡长林', '线路班', '线务员', 512000, 100000, '1988-09-01', '2026-06-30'],
  ['0015', '高峰', '线路班', '机线员', 468000, 90000, '2017-06-15', ''],
  ['0016', '林宝山', '线路班', '线务员', 484000, 95000, '2005-12-01', ''],
  ['0017', '何秀兰', '计费中心', '计费主管', 552000, 120000, '2001-02-19', ''],
  ['0018', '罗敏', '计费中心', '计费员', 458000, 85000, '2011-07-01', ''],
  ['0019', '梁晓东', '计费中心', '计费员', 446000, 85000, '2013-09-09', ''],
  ['0020', '宋佳', '计费中心', '计费员', 430000, 80000, '2019-07-15', ''],
  ['0021', '谢文博', '计费中心', '出账员', 424000, 80000, '2020-10-12', ''],
  ['0022', '韩志刚', '网络维护中心', '维护中心主任', 648000, 150000, '1998-08-03', ''],
  ['0023', '唐磊', '网络维护中心', '交换机务员', 502000, 100000, '2008-06-30', ''],
  ['0024', '许成', '网络维护中心', '传输维护员', 496000, 100000, '2010-01-18', ''],
  ['0025', '邓伟', '网络维护中心', '数据维护员', 488000, 95000, '2015-08-24', ''],
  ['0026', '曹宏', '网络维护中心', '动力维护员', 472000, 90000, '2012-11-05', ''],
  ['0027', '彭亮', '网络维护中心', '网络监控员', 446000, 85000, '2022-07-11', ''],
  ['0028', '曾庆华', '图强支局', '支局长', 596000, 130000, '1999-04-06', ''],
  ['0029', '肖红', '图强支局', '营业员', 408000, 75000, '2016-05-16', ''],
  ['0030', '田大勇', '图强支局', '机线员', 462000, 90000, '2011-03-28', ''],
  ['0031', '董淑芬', '图强支局', '营业员', 415000, 75000, '2009-09-14', ''],
  ['0032', '潘明', '图强支局', '机线员', 455000, 90000, '2018-04-23', ''],
  ['0033', '袁国庆', '西林吉支局', '支局长', 588000, 130000, '2000-10-01', ''],
  ['0034', '蒋玲', '西林吉支局', '营业员', 410000, 75000, '2015-02-02', ''],
  ['0035', '蔡金山', '西林吉支局', '机线员', 458000, 90000, '2010-06-07', ''],
  ['0036', '贾丹', '西林吉支局', '营业员', 402000, 70000, '2022-03-01', ''],
  ['0037', '丁宝林', '北极村支局', '支局长', 580000, 125000, '2002-05-20', ''],
  ['0038', '魏春燕', '北极村支局', '营业员', 406000, 70000, '2017-08-08', ''],
  ['0039', '薛刚', '北极村支局', '机线员', 452000, 85000, '2014-10-27', ''],
  ['0040', '叶子涵', '北极村支局', '营业员', 380000, 60000, '2026-04-01', ''],
].map(([id, name, unit, role, wage, bonus, from, until]) => ({
  id, name, unit, role, wage, bonus, from, until,
  fromDay: parseDay(from),
  untilDay: until === '' ? null : parseDay(until),
}));
const PERSON = new Map(ROSTER.map((p) => [p.id, p]));
const employedOn = (p, n) => p.fromDay <= n && (p.untilDay === null || n <= p.untilDay);
const staffOn = (n) => ROSTER.filter((p) => employedOn(p, n));

function rosterRows() {
  const header = ['工号', '姓名', '部门', '岗位', '月工资', '生产奖金', '入职日期', '离职日期'];
  const rows = ROSTER.map((p) => [p.id, p.name, p.unit, p.role, fmtMoney(p.wage), fmtMoney(p.bonus), p.from, p.until]);
  return [header, ...rows];
}

// ---------------------------------------------------------------- vocabulary of exports

const TYPE_ZH = {
  'handoff-dispute': '工序衔接口角',
  'billing-overcharge': '计费差错',
  appearance: '仪容仪表',
  'service-language': '服务用语',
  commendation: '表扬',
  'monday-meeting': '周一例会',
  'friday-study': '周五学习',
  'job-class': '工种培训',
};
const TYPE_ZH_ALT = {
  'handoff-dispute': '上下工序衔接口角',
  'billing-overcharge': '多计话费',
  appearance: '仪容仪表不规范',
  'service-language': '服务用语不规范',
  commendation: '用户表扬',
  'monday-meeting': '例会',
  'friday-study': '业务学习',
  'job-class': '培训班',
};
const STATUS_ZH = { present: '出席', absent: '缺席', excused: '请假', late: '迟到' };
const STATUS_ZH_ALT = { present: '到岗', absent: '旷会', excused: '公假', late: '迟到' };

/** How an export spells values: canonical English, Chinese, or the alternative Chinese aliases. */
const VOCAB = {
  en: { type: {}, status: {}, yes: 'yes', no: 'no', sep: ';', kind: { incident: 'incident', complaint: 'complaint', training: 'training' } },
  zh: { type: TYPE_ZH, status: STATUS_ZH, yes: '是', no: '否', sep: '、', kind: { incident: '事故', complaint: '投诉', training: '培训' } },
  zhAlt: { type: TYPE_ZH_ALT, status: STATUS_ZH_ALT, yes: 'Y', no: 'N', sep: '/', kind: { incident: '差错', complaint: '投诉', training: '会议' } },
};

/** Header names per kind and style, as [canonical field, header] pairs in column order. */
const HEADERS = {
  incident: {
    en: [['date', 'date'], ['employees', 'employees'], ['type', 'type'], ['id', 'id'], ['unit', 'unit'], ['loss', 'loss'], ['note', 'note']],
    zh: [['id', '编号'], ['date', '日期'], ['employees', '当事人'], ['type', '事件类型'], ['unit', '部门'], ['loss', '损失金额'], ['note', '备注']],
    zhAlt: [['id', '记录编号'], ['date', '发生日期'], ['employees', '涉及人员'], ['type', '事件类型'], ['unit', '责任单位'], ['loss', '损失'], ['note', '情况说明']],
  },
  complaint: {
    en: [['id', 'id'], ['received_at', 'received_at'], ['resolved_at', 'resolved_at'], ['responsible', 'responsible'], ['unit', 'unit'],
      ['category', 'category'], ['channel', 'channel'], ['due_hours', 'due_hours'], ['upheld', 'upheld'], ['revisit', 'revisit'], ['note', 'note']],
    zh: [['id', '投诉单号'], ['received_at', '受理时间'], ['resolved_at', '办结时间'], ['responsible', '第一责任人'], ['category', '投诉类别'],
      ['channel', '受理渠道'], ['due_hours', '处理时限'], ['upheld', '是否属实'], ['revisit', '是否二次上门'], ['note', '备注']],
    zhAlt: [['id', '单号'], ['received_at', '投诉时间'], ['resolved_at', '处理完成时间'], ['responsible', '责任人'], ['unit', '责任单位'],
      ['category', '投诉分类'], ['channel', '渠道'], ['due_hours', '时限小时'], ['upheld', '是否属实'], ['revisit', '用户跑第二趟'], ['note', '情况说明']],
  },
  training: {
    en: [['date', 'date'], ['employee', 'employee'], ['type', 'type'], ['status', 'status'], ['session', 'session']],
    zh: [['date', '日期'], ['employee', '工号'], ['type', '会议类型'], ['status', '出勤情况'], ['session', '场次']],
    zhAlt: [['date', '培训日期'], ['employee', '员工编号'], ['type', '培训类型'], ['status', '考勤'], ['session', '课程']],
  },
};

/**
 * The combined register's columns (a `记录类型` column names each row's kind).
 * One `事件类型` column carries both incident and training types: two headers
 * mapping to the same field in one file would be an error (SPEC §3.2).
 */
const REGISTER = [
  ['kind', '记录类型'], ['id', '编号'], ['date', '日期'], ['employees', '当事人'], ['type', '事件类型'], ['unit', '部门'],
  ['loss', '损失金额'], ['received_at', '受理时间'], ['resolved_at', '办结时间'], ['responsible', '第一责任人'],
  ['category', '投诉类别'], ['channel', '受理渠道'], ['due_hours', '处理时限'], ['upheld', '是否属实'],
  ['revisit', '是否二次上门'], ['employee', '工号'], ['status', '出勤情况'], ['session', '场次'], ['note', '备注'],
];

/** The canonical fields of one record as export text, in the given shape. */
function fieldsOf(kind, r, shape) {
  const v = VOCAB[shape.values];
  const type = (t) => v.type[t] ?? t;
  const yesNo = (b) => (b ? v.yes : v.no);
  if (kind === 'incident') {
    return {
      kind: r.type === 'commendation' && shape.values === 'zh' ? '事件' : v.kind.incident,
      id: r.id, date: fmtDate(r.day, shape.date), employees: r.employees.join(v.sep), type: type(r.type),
      unit: r.unit, loss: fmtMoney(r.loss, shape.money), note: r.note,
    };
  }
  if (kind === 'complaint') {
    return {
      kind: v.kind.complaint, id: r.id, received_at: fmtDateTime(r.received, shape.datetime),
      resolved_at: fmtDateTime(r.resolved, shape.datetime), responsible: r.responsible, unit: PERSON.get(r.responsible).unit,
      category: r.category, channel: r.channel, due_hours: String(r.due), upheld: yesNo(r.upheld), revisit: yesNo(r.revisit), note: r.note,
    };
  }
  return {
    kind: v.kind.training, date: fmtDate(r.day, shape.date), employee: r.employee, type: type(r.type),
    status: v.status[r.status] ?? r.status, session: r.session, note: '',
  };
}

/** Rows (header first) of one kind's file. */
function kindRows(kind, records, shape) {
  const cols = HEADERS[kind][shape.headers];
  return [cols.map(([, h]) => h), ...records.map((r) => {
    const f = fieldsOf(kind, r, shape);
    return cols.map(([c]) => f[c] ?? '');
  })];
}

/** Rows (header first) of a combined register: all kinds, ordered by date. */
function registerRows(month, shape) {
  const dated = [
    ...month.incidents.map((r) => ({ kind: 'incident', r, t: r.day * 1440, order: 0 })),
    ...month.complaints.map((r) => ({ kind: 'complaint', r, t: r.received, order: 1 })),
    ...month.training.map((r) => ({ kind: 'training', r, t: r.day * 1440, order: 2 })),
  ].sort((a, b) => a.t - b.t || a.order - b.order);
  return [REGISTER.map(([, h]) => h), ...dated.map(({ kind, r }) => {
    const f = fieldsOf(kind, r, shape);
    return REGISTER.map(([c]) => f[c] ?? '');
  })];
}

// ---------------------------------------------------------------- CSV and encodings

/** One CSV line, RFC 4180: quote fields holding the delimiter, a quote, CR or LF. */
function csvLine(fields, delim) {
  return fields.map((f) => (f.includes(delim) || /["\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(delim);
}

/** Encodes CSV text: utf8, utf8bom, gb18030 (Excel on Chinese Windows) or utf16le (Excel "Unicode text", with BOM). */
function encode(text, enc) {
  if (enc === 'utf8') return Buffer.from(text, 'utf8');
  if (enc === 'utf8bom') return Buffer.from(`\ufeff${text}`, 'utf8');
  if (enc === 'gb18030') return iconv.encode(text, 'gb18030');
  if (enc === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
  throw new Error(`unknown encoding ${enc}`);
}

const written = [];

/** Writes rows as a CSV file in the given dialect. */
function writeCsv(path, rows, { delim = ',', eol = '\n', enc = 'utf8' } = {}) {
  const text = rows.map((r) => csvLine(r, delim)).join(eol) + eol;
  writeText(path, encode(text, enc));
  written.push({ path, delim, enc });
}

function writeText(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

// ---------------------------------------------------------------- training sessions

/** Job-type classes (各工种培训班4期): one a quarter, on the third Wednesday, for the staff they concern. */
const JOB_CLASSES = {
  1: { session: '营业员规范服务培训班（第1期）', for: (p) => p.role.includes('营业') || p.role === '客户经理' },
  4: { session: '线路维护培训班（第2期）', for: (p) => ['线务员', '机线员', '线路班长'].includes(p.role) },
  7: { session: '网络与计费业务培训班（第3期）', for: (p) => p.unit === '网络维护中心' || p.unit === '计费中心' },
  10: { session: '新业务知识培训班（第4期）', for: (p) => p.unit === '营业厅' || p.role === '营业员' || p.role === '支局长' },
};

/** The month's sessions: every Monday meeting and Friday study on a workday, and the quarter's job class. */
function sessionsOf(m) {
  const out = [];
  let mondays = 0;
  let fridays = 0;
  const wednesdays = [];
  for (let d = 1; d <= daysInMonth(m); d++) {
    const n = day(YEAR, m, d);
    if (weekday(n) === 3) wednesdays.push(n);
    if (!isWorkday(n)) continue;
    if (weekday(n) === 1) out.push({ day: n, type: 'monday-meeting', session: `${m}月第${++mondays}次例会`, for: () => true });
    if (weekday(n) === 5) out.push({ day: n, type: 'friday-study', session: `${m}月第${++fridays}次业务学习`, for: () => true });
  }
  const cls = JOB_CLASSES[m];
  if (cls) out.push({ day: wednesdays[2], type: 'job-class', session: cls.session, for: cls.for });
  return out.sort((a, b) => a.day - b.day);
}

/** Training rows for every session and every person employed that day; `statusOf` decides attendance. */
function trainingOf(m, statusOf) {
  const rows = [];
  for (const s of sessionsOf(m)) {
    for (const p of staffOn(s.day).filter(s.for)) {
      rows.push({ day: s.day, employee: p.id, type: s.type, status: statusOf(s, p), session: s.session });
    }
  }
  return rows;
}

/** Hand-written attendance: everybody present except the listed `YYYY-MM-DD|id` → status. */
const exceptions = (list) => (s, p) => list[`${fmtDate(s.day, 'iso')}|${p.id}`] ?? 'present';

// ---------------------------------------------------------------- hand-shaped months 01–03

const D = parseDay;
const T = (s, h, mi) => at(parseDay(s), h, mi);

function january() {
  return {
    incidents: [
      { id: 'SG-202601-001', day: D('2026-01-14'), employees: ['0018'], type: 'billing-overcharge', unit: '计费中心', loss: 10000,
        note: '计费设备出现故障，给一位用户多计100元话费；局长核实后当场退还，主管部门上门致歉' },
      { id: 'SG-202601-002', day: D('2026-01-20'), employees: ['0008'], type: 'service-language', unit: '营业厅', loss: null,
        note: '受理业务时未使用“您好”“请”等规范服务用语' },
      { id: 'SG-202601-003', day: D('2026-01-27'), employees: ['0010'], type: 'commendation', unit: '线路班', loss: null,
        note: '零下四十度连夜抢修西林吉镇光缆，用户来信表扬' },
    ],
    complaints: [
      { id: 'TS202601001', received: T('2026-01-09', 8, 5), resolved: T('2026-01-10', 14, 5), responsible: '0012', category: '障碍修复',
        channel: '10000号', due: 24, upheld: true, revisit: false, note: '电话无拨号音，次日下午修复（超时限6小时）' },
      { id: 'TS202601002', received: T('2026-01-15', 10, 20), resolved: T('2026-01-15', 16, 40), responsible: '0002', category: '话费查询',
        channel: '营业厅', due: 24, upheld: true, revisit: true, note: '收费设备故障时开具临时收据，正式收据未按时送达，用户二次来厅' },
      { id: 'TS202601003', received: T('2026-01-22', 19, 45), resolved: T('2026-01-23', 9, 10), responsible: '0030', category: '装机移机',
        channel: '监督电话', due: 48, upheld: false, revisit: false, note: '用户反映装机慢，经核实已按时限安装' },
    ],
    training: trainingOf(1, exceptions({
      '2026-01-05|0010': 'late',
      '2026-01-12|0035': 'absent',
      '2026-01-19|0029': 'late',
      '2026-01-23|0035': 'absent',
    })),
  };
}

function february() {
  return {
    incidents: [
      { id: 'SG-202602-001', day: D('2026-02-05'), employees: ['0013'], type: 'commendation', unit: '线路班', loss: null,
        note: '春节前冒雪上门为孤寡老人修复电话，用户送来感谢信' },
      // The article: 今年2月，县局两名职工由于上下工序间的衔接发生口角 — both lose the month's
      // production bonus and the responsible unit is docked 2 points.
      { id: 'SG-202602-002', day: D('2026-02-10'), employees: ['0003', '0019'], type: 'handoff-dispute', unit: '营业厅', loss: 0,
        note: '上下工序衔接发生口角，未给用户造成损失' },
      { id: 'SG-202602-003', day: D('2026-02-26'), employees: ['0034'], type: 'service-language', unit: '西林吉支局', loss: null,
        note: '接听用户电话未报工号，用语生硬' },
    ],
    complaints: [
      { id: 'TS202602001', received: T('2026-02-03', 9, 30), resolved: T('2026-02-03', 15, 0), responsible: '0005', category: '话费查询',
        channel: '营业厅', due: 24, upheld: false, revisit: false, note: '用户对月租扣费有疑问，当场解释清楚' },
      { id: 'TS202602002', received: T('2026-02-11', 16, 20), resolved: T('2026-02-12', 11, 45), responsible: '0019', category: '话费争议',
        channel: '10000号', due: 48, upheld: true, revisit: false, note: '停复机工单未及时传递计费中心，已更正' },
      { id: 'TS202602003', received: T('2026-02-25', 21, 10), resolved: T('2026-02-27', 8, 40), responsible: '0016', category: '障碍修复',
        channel: '10000号', due: 24, upheld: true, revisit: false, note: '夜间受理，次日未安排抢修，第三日修复' },
    ],
    training: trainingOf(2, exceptions({
      '2026-02-06|0031': 'excused',
      '2026-02-13|0003': 'late',
      '2026-02-27|0012': 'absent',
    })),
  };
}

function march() {
  return {
    incidents: [
      { id: 'SG-202603-001', day: D('2026-03-04'), employees: ['0006'], type: 'appearance', unit: '营业厅', loss: null,
        note: '未按规定着工装、佩戴工号牌' },
      // A clerk pasted a spreadsheet formula into the note: outputs must never let it run.
      { id: 'SG-202603-002', day: D('2026-03-18'), employees: ['0024'], type: 'commendation', unit: '网络维护中心', loss: null,
        note: '=SUM(A1)' },
      { id: 'SG-202603-003', day: D('2026-03-20'), employees: ['0020'], type: 'billing-overcharge', unit: '计费中心', loss: 3650,
        note: '套餐变更未及时生效，多收月租36.50元，已退还' },
    ],
    complaints: [
      { id: 'TS202603001', received: T('2026-03-05', 9, 12), resolved: T('2026-03-05', 17, 30), responsible: '0030', category: '装机移机',
        channel: '10000号', due: 72, upheld: false, revisit: false,
        note: '用户称"新装宽带三天无人联系", 要求说明情况\n已上门致歉，当日装通' },
      { id: 'TS202603002', received: T('2026-03-14', 20, 40), resolved: T('2026-03-16', 10, 5), responsible: '0016', category: '障碍修复',
        channel: '监督电话', due: 24, upheld: true, revisit: true, note: '首次上门未带备件，用户跑了第二趟' },
      { id: 'TS202603003', received: T('2026-03-24', 11, 0), resolved: T('2026-03-24', 15, 30), responsible: '0020', category: '话费争议',
        channel: '营业厅', due: 48, upheld: false, revisit: false, note: '用户对套餐月租有疑问，已解释' },
    ],
    training: trainingOf(3, exceptions({
      '2026-03-06|0038': 'excused',
      '2026-03-09|0006': 'late',
      '2026-03-16|0025': 'absent',
      '2026-03-20|0025': 'absent',
      '2026-03-27|0025': 'excused',
    })),
  };
}

// ---------------------------------------------------------------- generated months 04–12

const FRONT_LINE = (p) => p.role.includes('营业') || p.role === '客户经理';
const NOTES = {
  appearance: ['未按规定着工装', '未佩戴工号牌', '上岗时仪容不整', '工装不整，未佩戴服务标识'],
  'service-language': ['未使用文明用语', '接听电话未报工号', '对用户解释不耐心，用语生硬', '受理业务时未使用“您好”'],
  commendation: ['主动加班保障通信畅通，受到用户来信表扬', '耐心解答用户疑问，用户来电表扬'],
  'commendation-front': ['帮助老年用户办理业务，用户送锦旗', '微笑服务耐心解释新业务，用户来电表扬'],
  'commendation-field': ['连夜上门抢修，用户来电表扬', '节假日坚持上门装机，用户来信表扬', '连夜抢通中断光缆，乡政府致信感谢'],
  'billing-overcharge': ['套餐资费设置错误，多收月租，已退还', '计费数据重复入账，多计话费，已退还', '长途话单重复计费，已核减'],
};
const CATEGORIES = [
  { category: '障碍修复', due: 24, who: (p) => ['机线员', '线务员'].includes(p.role) },
  { category: '装机移机', due: 72, who: (p) => p.role === '机线员' },
  { category: '服务态度', due: 24, who: FRONT_LINE },
  { category: '业务办理', due: 24, who: FRONT_LINE },
  { category: '话费争议', due: 48, who: (p) => p.unit === '计费中心' && p.role !== '计费主管' },
];
const CHANNELS = ['10000号', '10000号', '营业厅', '监督电话', '社会监督员'];

/** A random workday of month m (incidents happen at work). */
function workdayOf(rng, m) {
  for (;;) {
    const n = day(YEAR, m, between(rng, 1, daysInMonth(m)));
    if (isWorkday(n)) return n;
  }
}

/** Commendations read differently at the counter, on the lines and in the back office. */
function noteKey(type, p) {
  if (type !== 'commendation') return type;
  if (FRONT_LINE(p)) return 'commendation-front';
  if (['机线员', '线务员', '线路班长'].includes(p.role)) return 'commendation-field';
  return type;
}

/** Draws one incident of `type` for a person matching `who`, employed on the day. */
function drawIncident(rng, m, type, who) {
  const n = workdayOf(rng, m);
  const p = pick(rng, staffOn(n).filter(who));
  const loss = type === 'billing-overcharge' ? between(rng, 20, 400) * 50 : null;
  return { day: n, employees: [p.id], type, unit: p.unit, loss, note: pick(rng, NOTES[noteKey(type, p)]) };
}

function drawIncidents(rng, m) {
  const drawn = [];
  const lapses = between(rng, 1, 4);
  for (let i = 0; i < lapses; i++) drawn.push(['appearance', 'service-language'][Math.floor(rng() * 2)]);
  const praise = between(rng, 0, 2);
  for (let i = 0; i < praise; i++) drawn.push('commendation');
  // A billing error about once a quarter (one of them in May, whose export writes ¥ amounts).
  if ([5, 8, 11].includes(m)) drawn.push('billing-overcharge');
  const who = {
    appearance: FRONT_LINE,
    'service-language': (p) => FRONT_LINE(p) || p.role === '机线员',
    commendation: () => true,
    'billing-overcharge': (p) => p.unit === '计费中心',
  };
  const list = drawn.map((type) => drawIncident(rng, m, type, who[type]));
  const numbered = list.sort((a, b) => a.day - b.day).map((r, i) => ({ ...r, id: `SG-${YEAR}${pad2(m)}-${String(i + 1).padStart(3, '0')}` }));
  if (m === 7) {
    // A type the rules do not know, entered without a record number: the run
    // must count it as unmatched, not drop it.
    numbered.push({ id: '', day: day(YEAR, 7, 15), employees: ['0009', '0011'], type: '线路迁改延误', unit: '线路班', loss: null,
      note: '配合市政施工线路迁改延误一天' });
  }
  return numbered.sort((a, b) => a.day - b.day);
}

function drawComplaints(rng, m) {
  const count = between(rng, 1, 3);
  const monthEnd = at(day(YEAR, m + 1, 1), 0, 0);
  const out = [];
  for (let i = 0; i < count; i++) {
    const c = pick(rng, CATEGORIES);
    const n = day(YEAR, m, between(rng, 1, daysInMonth(m)));
    // Complaints are accepted 24 hours a day, mostly in office hours.
    const hour = rng() < 0.15 ? between(rng, 19, 23) : between(rng, 8, 17);
    const received = at(n, hour, between(rng, 0, 11) * 5);
    const took = Math.round((c.due * 60 * (0.1 + rng() * 1.15)) / 5) * 5;
    const resolved = received + took < monthEnd ? received + took : null;
    const p = pick(rng, staffOn(n).filter(c.who));
    const upheld = rng() < 0.55;
    const revisit = rng() < 0.08;
    const late = resolved !== null && took > c.due * 60;
    out.push({
      id: '', received, resolved, responsible: p.id, category: c.category, channel: pick(rng, CHANNELS), due: c.due, upheld, revisit,
      note: resolved === null ? '月末未办结' : late ? '超出处理时限' : revisit ? '用户二次来访' : upheld ? '已处理，用户满意' : '经核实不属实，已解释',
    });
  }
  if (m === 11) {
    // Still open when the month is exported: its hours run to the end of the month.
    out.push({ id: '', received: at(day(YEAR, 11, 28), 10, 0), resolved: null, responsible: '0039', category: '障碍修复',
      channel: '10000号', due: 24, upheld: true, revisit: false, note: '北极村光缆中断，大雪封路，月末未办结' });
  }
  return out.sort((a, b) => a.received - b.received).map((r, i) => ({ ...r, id: `TS${YEAR}${pad2(m)}${String(i + 1).padStart(3, '0')}` }));
}

/** Realistic attendance: most present, a few late, the odd excused or absent. */
function drawStatus(rng) {
  const x = rng();
  if (x < 0.005) return 'absent';
  if (x < 0.012) return 'excused';
  if (x < 0.027) return 'late';
  return 'present';
}

function generated(m) {
  const rng = mulberry32(SEED + m * 7919);
  const incidents = drawIncidents(rng, m);
  const complaints = drawComplaints(rng, m);
  const training = trainingOf(m, () => drawStatus(rng));
  return { incidents, complaints, training };
}

// ---------------------------------------------------------------- shapes per month

/**
 * The export shape of each month. `files` gives the encoding per kind for
 * separate files; a register month writes one register.csv.
 */
const SHAPES = {
  1: { layout: 'separate', headers: { incident: 'en', complaint: 'zh', training: 'zh' }, values: { incident: 'en', complaint: 'zh', training: 'zh' },
    date: { incident: 'iso', training: 'cn' }, datetime: 'slash', money: 'plain', delim: ',', eol: '\n',
    enc: { incident: 'utf8', complaint: 'utf8bom', training: 'gb18030' } },
  2: { layout: 'register', headers: 'zh', values: 'zh', date: 'slash', datetime: 'slash', money: 'plain', delim: ';', eol: '\n', enc: 'utf8bom' },
  3: { layout: 'separate', headers: { incident: 'zh', complaint: 'en', training: 'en' }, values: { incident: 'zh', complaint: 'en', training: 'en' },
    date: { incident: 'cn', training: 'iso' }, datetime: 'iso', money: 'plain', delim: ',', eol: '\r\n',
    enc: { incident: 'utf8', complaint: 'utf8', training: 'utf8' } },
  4: { layout: 'separate', headers: 'en', values: 'en', date: 'iso', datetime: 'isoT', money: 'plain', delim: ',', eol: '\n', enc: 'utf8' },
  5: { layout: 'separate', headers: 'zh', values: 'zh', date: 'slash', datetime: 'slash', money: 'yen', delim: ',', eol: '\r\n',
    enc: { incident: 'utf8bom', complaint: 'utf8bom', training: 'gb18030' } },
  6: { layout: 'register', headers: 'zh', values: 'zh', date: 'iso', datetime: 'iso', money: 'plain', delim: '\t', eol: '\r\n', enc: 'utf8bom' },
  7: { layout: 'separate', headers: 'zhAlt', values: 'zhAlt', date: 'cn', datetime: 'cn', money: 'plain', delim: ',', eol: '\r\n', enc: 'utf8bom' },
  8: { layout: 'separate', headers: 'en', values: 'en', date: 'iso', datetime: 'iso', money: 'plain', delim: ',', eol: '\r\n', enc: 'utf8' },
  9: { layout: 'register', headers: 'zh', values: 'zh', date: 'slash', datetime: 'slash', money: 'plain', delim: ';', eol: '\n', enc: 'utf8bom' },
  10: { layout: 'separate', headers: 'zh', values: 'zh', date: 'slash', datetime: 'slash', money: 'plain', eol: '\r\n',
    delim: { incident: ',', complaint: ',', training: '\t' }, enc: { incident: 'utf8bom', complaint: 'utf8bom', training: 'utf16le' } },
  11: { layout: 'separate', headers: 'en', values: 'en', date: 'iso', datetime: 'isoT', money: 'plain', delim: ',', eol: '\n', enc: 'utf8' },
  12: { layout: 'separate', headers: 'zh', values: 'zh', date: 'cn', datetime: 'slash', money: 'plain', delim: ',', eol: '\r\n', enc: 'gb18030' },
};

/** A shape setting that may be given once or per kind. */
const per = (setting, kind) => (typeof setting === 'object' ? setting[kind] : setting);

const FILE_OF = { incident: 'incidents.csv', complaint: 'complaints.csv', training: 'training.csv' };

function writeMonth(m, month) {
  const dir = join(FIXTURES, `${YEAR}-${pad2(m)}`);
  // Only the generator's own CSV files are replaced; anything else in the folder stays.
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.csv')) rmSync(join(dir, f));
  const s = SHAPES[m];
  if (s.layout === 'register') {
    const shape = { headers: 'zh', values: s.values, date: s.date, datetime: s.datetime, money: s.money };
    writeCsv(join(dir, 'register.csv'), registerRows(month, shape), { delim: s.delim, eol: s.eol, enc: s.enc });
    return;
  }
  const records = { incident: month.incidents, complaint: month.complaints, training: month.training };
  for (const kind of ['incident', 'complaint', 'training']) {
    const shape = {
      headers: per(s.headers, kind), values: per(s.values, kind), date: per(s.date, kind) ?? 'iso',
      datetime: s.datetime, money: s.money,
    };
    writeCsv(join(dir, FILE_OF[kind]), kindRows(kind, records[kind], shape), { delim: per(s.delim, kind), eol: s.eol, enc: per(s.enc, kind) });
  }
}

// ---------------------------------------------------------------- bad-input cases

const BAD = join(FIXTURES, 'bad');
const RULES = '../../../rules';

const TINY_ROSTER = [
  ['工号', '姓名', '部门', '岗位', '月工资', '生产奖金'],
  ['0001', '王丽华', '营业厅', '营业班长', '5400.00', '1200.00'],
  ['0015', '高峰', '线路班', '机线员', '4680.00', '900.00'],
  ['0018', '罗敏', '计费中心', '计费员', '4580.00', '850.00'],
];
const INC = 'date,employees,type,id,unit,loss,note';
const CPL = '投诉单号,受理时间,办结时间,第一责任人,投诉类别,受理渠道,处理时限,是否属实,是否二次上门,备注';
const TRN = '日期,工号,会议类型,出勤情况,场次';

/**
 * Data cases: name → { files: {name: text}, args, expect, roster? (rows) }.
 * Each holds one defect, on line 3 where it is a row, so `file:3` is expected.
 */
const DATA_CASES = {
  'missing-field': {
    why: 'an incident row without its required type',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,多计话费', '2026-01-20,0001,,SG-2,营业厅,,类型漏填'] },
    expect: ['incidents.csv:3', 'type'],
  },
  'bad-date': {
    why: 'a date that is no date (1月32日)',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026/1/32,0001,appearance,SG-2,营业厅,,'] },
    expect: ['incidents.csv:3', '2026/1/32'],
  },
  'spreadsheet-datetime': {
    why: 'a date-time that went through a spreadsheet (01/05/2026 08:05:00)',
    files: { 'complaints.csv': [CPL, 'TS1,2026/1/9 8:05,2026/1/9 15:00,0015,障碍修复,10000号,24,是,否,', 'TS2,01/05/2026 08:05:00,2026/1/5 12:00,0001,服务态度,营业厅,24,否,否,'] },
    expect: ['complaints.csv:3', 'formats.dates'],
  },
  'spreadsheet-saved': {
    why: 'a month saved by a spreadsheet: every date changed shape and an id lost its zeros (15 for 0015); both hints in one run',
    files: { 'complaints.csv': [CPL, 'TS1,01/09/2026 08:05:00,01/09/2026 15:00:00,0001,服务态度,营业厅,24,否,否,', 'TS2,01/12/2026 09:00:00,01/12/2026 17:00:00,15,障碍修复,10000号,24,是,否,'] },
    expect: ['complaints.csv:3', 'formats.dates', '0015', 'ids.pad'],
  },
  'roster-bad-amount': {
    why: 'a roster wage typed with a letter O (4,2OO)',
    roster: [...TINY_ROSTER.slice(0, 2), ['0019', '梁晓东', '计费中心', '计费员', '4,2OO', '850.00'], ...TINY_ROSTER.slice(2)],
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,'] },
    expect: ['roster.csv:3', '4,2OO'],
  },
  'amount-three-decimals': {
    why: 'a loss with three decimals (never rounded)',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-21,0018,billing-overcharge,SG-2,计费中心,100.005,'] },
    expect: ['incidents.csv:3', '100.005'],
  },
  'unknown-employee': {
    why: 'an incident for an id not on the roster',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-20,0099,appearance,SG-2,营业厅,,'] },
    expect: ['incidents.csv:3', '0099'],
  },
  'id-lost-zeros': {
    why: 'an id that a spreadsheet turned from 0015 into 15',
    files: { 'complaints.csv': [CPL, 'TS1,2026/1/9 8:05,2026/1/9 15:00,0001,服务态度,营业厅,24,否,否,', 'TS2,2026/1/12 9:00,2026/1/12 17:00,15,障碍修复,10000号,24,是,否,'] },
    expect: ['complaints.csv:3', '0015', 'ids.pad'],
  },
  'unknown-unit': {
    why: 'an incident naming a unit that is on no roster row',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-20,0001,appearance,SG-2,机房,,'] },
    expect: ['incidents.csv:3', '机房'],
  },
  'outside-month': {
    why: 'a February record in a run for --month 2026-01',
    args: ['--month', '2026-01'],
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-02-03,0001,appearance,SG-2,营业厅,,'] },
    expect: ['incidents.csv:3', '2026-01'],
  },
  'two-months': {
    why: 'records of January and February without --month',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-02-10,0001,appearance,SG-2,营业厅,,'] },
    expect: ['--month', '2026-01', '2026-02'],
  },
  'duplicate-row': {
    why: 'the same row twice (no id)',
    files: { 'incidents.csv': [INC, '2026-01-20,0001,appearance,,营业厅,,未佩戴工号牌', '2026-01-20,0001,appearance,,营业厅,,未佩戴工号牌'] },
    expect: ['incidents.csv:3', 'duplicate'],
  },
  'duplicate-id': {
    why: 'two different rows with the same record id',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-001,计费中心,100.00,', '2026-01-20,0001,appearance,SG-001,营业厅,,'] },
    expect: ['incidents.csv:3', 'SG-001'],
  },
  'wrong-field-count': {
    why: 'a row with one field too many',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-20,0001,appearance,SG-2,营业厅,,未佩戴工号牌,多余'] },
    expect: ['incidents.csv:3', 'field'],
  },
  'unclosed-quote': {
    why: 'a note whose opening quote is never closed',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-20,0001,appearance,SG-2,营业厅,,"未佩戴工号牌'] },
    expect: ['incidents.csv:3', 'quote'],
  },
  'no-kind': {
    why: 'a file whose headers match no record kind',
    files: { 'notes.csv': ['日期,姓名,内容', '2026/1/5,王丽华,例会纪要'] },
    expect: ['notes.csv', 'employees', 'responsible', 'status'],
  },
  'two-kinds': {
    why: 'a file whose headers match both incident and training',
    files: { 'mixed.csv': ['date,employees,employee,type,status', '2026-01-05,0001,0001,monday-meeting,present'] },
    expect: ['mixed.csv', 'incident', 'training'],
  },
  'unknown-status': {
    why: 'an attendance value that columns.yaml does not know (出差)',
    files: { 'training.csv': [TRN, '2026/1/5,0001,周一例会,出席,1月第1次例会', '2026/1/5,0015,周一例会,出差,1月第1次例会'] },
    expect: ['training.csv:3', '出差'],
  },
  'duplicate-header-field': {
    why: 'two headers of one file (部门, 单位) that map to the same field',
    files: { 'incidents.csv': ['日期,当事人,事件类型,部门,单位', '2026/1/20,0001,仪容仪表,营业厅,营业厅'] },
    expect: ['incidents.csv', '部门', '单位'],
  },
  'roster-missing-column': {
    why: 'a roster without its required wage column',
    roster: TINY_ROSTER.map((r) => r.filter((_, i) => i !== 4)),
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,'] },
    expect: ['roster.csv', 'wage'],
  },
  'missing-file': {
    why: 'an input file that does not exist',
    files: {},
    inputs: ['nope.csv'],
    expect: ['nope.csv'],
  },
  // Hostile and unlucky input (SPEC §8): each must be exit 1 naming the place, never exit 70.
  'roster-negative-wage': {
    why: 'a roster wage of -3000 (amounts are 0 or more)',
    roster: [...TINY_ROSTER.slice(0, 2), ['0019', '梁晓东', '计费中心', '计费员', '-3000', '850.00'], ...TINY_ROSTER.slice(2)],
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,'] },
    expect: ['roster.csv:3', '-3000', 'negative'],
  },
  'amount-too-large': {
    why: 'a loss beyond exact integers, and beyond scoring.max_amount (never rounded)',
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,', '2026-01-21,0018,billing-overcharge,SG-2,计费中心,123456789012345678901234,'] },
    expect: ['incidents.csv:3', '123456789012345678901234', 'max_amount'],
  },
  'roster-until-before-from': {
    why: 'a roster row whose leaving date is before its joining date',
    roster: [
      [...TINY_ROSTER[0], '入职日期', '离职日期'],
      [...TINY_ROSTER[1], '2003-07-01', ''],
      [...TINY_ROSTER[2], '2026-03-01', '2025-12-31'],
      [...TINY_ROSTER[3], '2010-05-01', ''],
    ],
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,'] },
    expect: ['roster.csv:3', '2025-12-31', 'before', '2026-03-01'],
  },
  'roster-overlap': {
    why: 'two roster rows of one employee that both cover January (a transfer dated wrong); names both lines',
    roster: [
      [...TINY_ROSTER[0], '入职日期', '离职日期'],
      [...TINY_ROSTER[1], '2003-07-01', ''],
      [...TINY_ROSTER[2], '2008-04-01', '2026-01-31'],
      [...TINY_ROSTER[3], '2010-05-01', ''],
      ['0015', '高峰', '营业厅', '营业员', '4680.00', '900.00', '2026-01-15', ''],
    ],
    files: { 'incidents.csv': [INC, '2026-01-14,0018,billing-overcharge,SG-1,计费中心,100.00,'] },
    expect: ['roster.csv:5', 'roster.csv:3', '0015'],
  },
  'too-many-columns': {
    why: 'a header of 10,000 columns',
    files: { 'wide.csv': [Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(','), Array.from({ length: 10_000 }, () => 'x').join(',')] },
    expect: ['wide.csv:1', '10000 columns'],
  },
};

/** A small, valid policy that each rules case breaks in one place. */
const POLICY = `# A minimal valid policy; each rules case in fixtures/bad breaks it in one place.
policy: 服务规范
effective: { from: 2026-01-01 }
rules:
  - id: handoff-dispute
    title: 上下工序衔接发生口角
    on: incident
    when: type == "handoff-dispute"
    effects: { bonus: "-100%", unit_points: -2 }

  - id: missed-monday-meeting
    title: 周一例会缺席
    on: training
    when: type == "monday-meeting" and status == "absent"
    effects: { points: -1 }
    cap: 4

scoring:
  base: 100
  min: 0
  max: 100
  pay_rate: 0.30
  allocation: pool
  unit_weight: 0
`;

const UNITS_POLICY = `# Unit points for complaints the customer had to come back for.
policy: 投诉处理
rules:
  - id: complaint-revisit
    title: 用户跑第二趟
    on: complaint
    when: revisit == true
    effects: { points: -2, unit_points: -1 }
`;

const replaceOnce = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`internal: "${from}" not in policy`);
  return text.replace(from, to);
};

/**
 * Rules cases: name → { files, at: [file, needle, nth], expect }. The expected
 * `file:LINE:COL` is where `needle` (its nth occurrence) starts, 1-based, in characters.
 */
const RULES_CASES = {
  'rules-yaml-syntax': {
    why: 'a tab used for indentation (YAML syntax error)',
    files: { 'policy.yaml': replaceOnce(POLICY, '    cap: 4\n', '\tcap: 4\n'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', '\tcap', 1],
    expect: [],
  },
  'rules-unknown-key': {
    why: 'a rule with a key the language does not have (severity)',
    files: { 'policy.yaml': replaceOnce(POLICY, '    cap: 4\n', '    cap: 4\n    severity: high\n'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'severity', 1],
    expect: ['severity'],
  },
  'rules-wrong-type': {
    why: 'cap given as a word instead of a number',
    files: { 'policy.yaml': replaceOnce(POLICY, '    cap: 4\n', '    cap: four\n'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'four', 1],
    expect: ['cap'],
  },
  'rules-duplicate-id': {
    why: 'two rules with the id handoff-dispute',
    files: { 'policy.yaml': replaceOnce(POLICY, 'id: missed-monday-meeting', 'id: handoff-dispute'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'handoff-dispute', 3],
    expect: ['handoff-dispute'],
  },
  'rules-bad-expression': {
    why: 'an expression that does not parse (and and)',
    files: { 'policy.yaml': replaceOnce(POLICY, '"monday-meeting" and status', '"monday-meeting" and and status'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'and status', 1],
    expect: ['and'],
  },
  'rules-misspelt-field': {
    why: 'the field status misspelt stauts',
    files: { 'policy.yaml': replaceOnce(POLICY, 'and status ==', 'and stauts =='), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'stauts', 1],
    expect: ['stauts'],
  },
  'rules-missing-scoring': {
    why: 'no file carries a scoring section',
    files: { 'policy.yaml': POLICY.slice(0, POLICY.indexOf('scoring:')), 'units.yaml': UNITS_POLICY },
    at: null,
    expect: ['scoring'],
  },
  'rules-duplicate-scoring': {
    why: 'two files carry a scoring section',
    files: { 'policy.yaml': POLICY, 'units.yaml': `${UNITS_POLICY}\n${POLICY.slice(POLICY.indexOf('scoring:'))}` },
    at: ['units.yaml', 'scoring:', 1],
    expect: ['scoring'],
  },
  'rules-unknown-kind': {
    why: 'on: names a kind that does not exist (incidnet)',
    files: { 'policy.yaml': replaceOnce(POLICY, 'on: incident', 'on: incidnet'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', 'incidnet', 1],
    expect: ['training'],
  },
};

/** Ten levels of ten aliases: a billion strings if expanded. */
function billionLaughs() {
  let text = '# Ten levels of ten aliases ("billion laughs"): a billion strings if expanded.\npolicy: lol\nx0: &a0 [lol]\n';
  for (let i = 1; i < 10; i++) text += `x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
  return text;
}

Object.assign(RULES_CASES, {
  'rules-alias-bomb': {
    why: 'YAML aliases that multiply (ten levels of ten, "billion laughs")',
    files: { 'policy.yaml': POLICY, 'units.yaml': billionLaughs() },
    at: ['units.yaml', '*a0', 1],
    expect: ['alias'],
  },
  'rules-deep-yaml': {
    why: 'lists nested 20,000 deep',
    files: { 'policy.yaml': POLICY, 'units.yaml': `policy: deep\nrules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` },
    at: null,
    // The 65th bracket: 'rules: ' takes seven columns.
    expect: ['units.yaml:2:72', 'nested more than 64'],
  },
  'rules-long-expression': {
    why: 'a when nested 20,000 parentheses deep (40,004 characters)',
    files: { 'policy.yaml': replaceOnce(POLICY, 'when: type == "handoff-dispute"', `when: ${'('.repeat(20_000)}type == "handoff-dispute"${')'.repeat(20_000)}`), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', '(((', 1],
    expect: ['40025 characters'],
  },
  'rules-nested-expression': {
    why: 'a when nested 60 parentheses deep',
    files: { 'policy.yaml': replaceOnce(POLICY, 'when: type == "handoff-dispute"', `when: ${'('.repeat(60)}type == "handoff-dispute"${')'.repeat(60)}`), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', `${'('.repeat(10)}type`, 1],
    expect: ['nested more than 50'],
  },
  'rules-huge-number': {
    why: 'points beyond exact integers',
    files: { 'policy.yaml': replaceOnce(POLICY, 'effects: { points: -1 }', 'effects: { points: -123456789012345678901234 }'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', '-123456789012345678901234', 1],
    expect: ['too large'],
  },
  'rules-mapping-key': {
    why: 'a mapping used as a key (found by the fuzz session: it printed a Node warning)',
    files: { 'policy.yaml': POLICY, 'units.yaml': `${UNITS_POLICY}? [a, b]\n: c\n` },
    at: ['units.yaml', '[a, b]', 1],
    expect: ['unknown key'],
  },
  'rules-bad-max-amount': {
    why: 'a negative scoring.max_amount',
    files: { 'policy.yaml': replaceOnce(POLICY, '  unit_weight: 0\n', '  unit_weight: 0\n  max_amount: -5\n'), 'units.yaml': UNITS_POLICY },
    at: ['policy.yaml', '-5', 1],
    expect: ['max_amount'],
  },
});

/** 1-based line and column (in characters) where the nth occurrence of needle starts. */
function positionOf(text, needle, nth) {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`internal: occurrence ${nth} of "${needle}" not found`);
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const col = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
  return `${line}:${col}`;
}

const writeJson = (path, value) => writeText(path, `${JSON.stringify(value, null, 2)}\n`);

function writeBadCases() {
  // workbook-* cases are binary workbooks made by scripts/gen-xlsx-fixtures.mjs or by hand (see their NOTE.md): kept.
  for (const name of existsSync(BAD) ? readdirSync(BAD) : []) if (!name.startsWith('workbook-')) rmSync(join(BAD, name), { recursive: true, force: true });
  const readme = ['# Bad-input cases', '',
    'One folder per rejection reason or rules error. Each `case.json` holds the CLI `args` (relative to the case folder,',
    'run with the case folder as the working directory), the expected `exit` code, and substrings that must appear in stderr.',
    'Generated by `node scripts/gen-fixtures.mjs`; edit the generator, not the files.',
    'The `workbook-*` cases (bad .xlsx and .xls files) are made by `node scripts/gen-xlsx-fixtures.mjs` or by hand;',
    'each has a NOTE.md saying how, and this generator leaves them alone.', ''];
  for (const [name, c] of Object.entries(DATA_CASES)) {
    const dir = join(BAD, name);
    writeCsv(join(dir, 'roster.csv'), c.roster ?? TINY_ROSTER, { enc: 'utf8bom' });
    for (const [file, lines] of Object.entries(c.files)) writeText(join(dir, file), `${lines.join('\n')}\n`);
    const inputs = c.inputs ?? Object.keys(c.files);
    writeJson(join(dir, 'case.json'), { args: ['--rules', RULES, '--dry-run', ...(c.args ?? []), ...inputs], exit: 1, expect: c.expect });
    readme.push(`- \`${name}\` — ${c.why}; expects ${c.expect.map((e) => `\`${e}\``).join(', ')}`);
  }
  const columns = readFileSync(join(ROOT, 'rules', 'columns.yaml'));
  for (const [name, c] of Object.entries(RULES_CASES)) {
    const dir = join(BAD, name);
    writeText(join(dir, 'rules', 'columns.yaml'), columns);
    for (const [file, text] of Object.entries(c.files)) writeText(join(dir, 'rules', file), text);
    const expect = c.at ? [`${c.at[0]}:${positionOf(c.files[c.at[0]], c.at[1], c.at[2])}`, ...c.expect] : c.expect;
    writeJson(join(dir, 'case.json'), { args: ['rules', 'check', '--rules', 'rules'], exit: 1, expect });
    readme.push(`- \`${name}\` — ${c.why}; expects ${expect.map((e) => `\`${e}\``).join(', ')}`);
  }
  writeText(join(BAD, 'README.md'), `${readme.join('\n')}\n`);
}

// ---------------------------------------------------------------- main

writeCsv(join(FIXTURES, 'roster.csv'), rosterRows(), { enc: 'utf8bom' });
const HAND = { 1: january, 2: february, 3: march };
for (let m = 1; m <= 12; m++) writeMonth(m, HAND[m] ? HAND[m]() : generated(m));
writeBadCases();

const quiet = process.argv.includes('--quiet');
if (!quiet) console.log(`wrote ${written.length} CSV files under fixtures/`);
