/**
 * `assess diff`: a month under the current rules and under proposed ones —
 * per person the score, bonus paid and projected allocation before → after,
 * only for the people a change affects, and the totals. What a manager reads
 * before changing a policy.
 */
import type { MonthReport, PersonReport } from '../pay/report.js';
import type { Fen, Hundredths } from '../types.js';
import { fen, hundredths } from '../types.js';
import type { Field, JsonValue } from './columns.js';
import { fieldsCsv, jsonText, toJsonObject } from './columns.js';
import { formatFen, formatScore } from './format.js';
import type { Lang } from './i18n.js';
import type { Cell, Column } from './table.js';
import { renderTable, styled } from './table.js';

interface Side {
  score: Hundredths;
  bonusPaid: Fen;
  projectedAllocation: Fen;
}

/** One person whose month differs between the two rule sets. */
export interface DiffRow {
  employee: string;
  name: string;
  unit: string;
  before: Side;
  after: Side;
}

export interface MonthDiff {
  month: string;
  people: number;
  changed: DiffRow[];
  totals: { before: Side; after: Side };
  rulesBefore: string;
  rulesAfter: string;
}

function side(p: PersonReport | undefined): Side {
  return {
    score: p?.effectiveScore ?? hundredths(0),
    bonusPaid: p?.bonusPaid ?? fen(0),
    projectedAllocation: p?.projectedAllocation ?? fen(0),
  };
}

function sameSide(a: Side, b: Side): boolean {
  return a.score === b.score && a.bonusPaid === b.bonusPaid && a.projectedAllocation === b.projectedAllocation;
}

function sumSides(people: PersonReport[]): Side {
  let score = 0;
  let bonusPaid = 0;
  let projected = 0;
  for (const p of people) {
    score += p.effectiveScore;
    bonusPaid += p.bonusPaid;
    projected += p.projectedAllocation;
  }
  return { score: hundredths(score), bonusPaid: fen(bonusPaid), projectedAllocation: fen(projected) };
}

/** Compares the same month under two rule sets (same people: same roster and inputs). */
export function diffReports(before: MonthReport, after: MonthReport): MonthDiff {
  const afterBy = new Map(after.people.map((p) => [p.employee, p]));
  const changed: DiffRow[] = [];
  for (const p of before.people) {
    const b = side(p);
    const a = side(afterBy.get(p.employee));
    if (!sameSide(a, b)) changed.push({ employee: p.employee, name: p.name, unit: p.unit, before: b, after: a });
  }
  return {
    month: before.month,
    people: before.people.length,
    changed,
    totals: { before: sumSides(before.people), after: sumSides(after.people) },
    rulesBefore: before.rulesHash,
    rulesAfter: after.rulesHash,
  };
}

const FIELDS: Field<DiffRow>[] = [
  { name: 'employee', kind: 'text', get: (r) => r.employee },
  { name: 'name', kind: 'text', get: (r) => r.name },
  { name: 'unit', kind: 'text', get: (r) => r.unit },
  { name: 'score_before', kind: 'score', get: (r) => r.before.score },
  { name: 'score_after', kind: 'score', get: (r) => r.after.score },
  { name: 'bonus_paid_before', kind: 'money', get: (r) => r.before.bonusPaid },
  { name: 'bonus_paid_after', kind: 'money', get: (r) => r.after.bonusPaid },
  { name: 'projected_allocation_before', kind: 'money', get: (r) => r.before.projectedAllocation },
  { name: 'projected_allocation_after', kind: 'money', get: (r) => r.after.projectedAllocation },
];

const TEXT = {
  en: {
    title: (m: string) => `What changes in ${m} under the new rules`,
    employee: 'employee', name: 'name', unit: 'unit', score: 'score', bonusPaid: 'bonus paid', projected: 'projected allocation',
    none: 'No one changes: the two rule sets give this month the same results.',
    total: 'total',
    changed: (n: number, of: number) => `${n} of ${of} people change`,
  },
  zh: {
    title: (m: string) => `${m} 按新规则的变化`,
    employee: '工号', name: '姓名', unit: '部门', score: '综合得分', bonusPaid: '实发奖金', projected: '预计年终分配',
    none: '无变化：两套规则对本月的结果相同。',
    total: '合计',
    changed: (n: number, of: number) => `${of} 人中 ${n} 人有变化`,
  },
} as const;

function change(before: string, after: string, worse: boolean, better: boolean): Cell {
  return { text: `${before} → ${after}`, style: worse ? 'bad' : better ? 'good' : undefined };
}

function sideCells(b: Side, a: Side): Cell[] {
  return [
    change(formatScore(b.score), formatScore(a.score), a.score < b.score, a.score > b.score),
    change(formatFen(b.bonusPaid), formatFen(a.bonusPaid), a.bonusPaid < b.bonusPaid, a.bonusPaid > b.bonusPaid),
    change(formatFen(b.projectedAllocation), formatFen(a.projectedAllocation), a.projectedAllocation < b.projectedAllocation, a.projectedAllocation > b.projectedAllocation),
  ];
}

/** The diff as a table, CSV (changed rows) or JSON. */
export function renderDiff(d: MonthDiff, opts: { format: 'table' | 'csv' | 'json'; lang: Lang; color: boolean }): string {
  if (opts.format === 'csv') return fieldsCsv(FIELDS, d.changed, { bom: false });
  if (opts.format === 'json') {
    const json: { [key: string]: JsonValue } = {
      month: d.month,
      people: d.people,
      changed: d.changed.map((r) => toJsonObject(FIELDS, r)),
      totals: {
        bonus_paid_before: formatFen(d.totals.before.bonusPaid),
        bonus_paid_after: formatFen(d.totals.after.bonusPaid),
        projected_allocation_before: formatFen(d.totals.before.projectedAllocation),
        projected_allocation_after: formatFen(d.totals.after.projectedAllocation),
      },
      rules_before: d.rulesBefore,
      rules_after: d.rulesAfter,
    };
    return jsonText(json);
  }
  const T = TEXT[opts.lang];
  if (d.changed.length === 0) return `${styled(T.title(d.month), 'bold', opts.color)}\n${T.none}\n`;
  const columns: Column[] = [
    { header: T.employee, align: 'left' },
    { header: T.name, align: 'left' },
    { header: T.unit, align: 'left' },
    { header: T.score, align: 'right' },
    { header: T.bonusPaid, align: 'right' },
    { header: T.projected, align: 'right' },
  ];
  const rows: Cell[][] = d.changed.map((r) => [r.employee, r.name, r.unit, ...sideCells(r.before, r.after)]);
  rows.push([{ text: T.total, style: 'bold' }, '', '', '', ...sideCells(d.totals.before, d.totals.after).slice(1)]);
  return `${renderTable(columns, rows, { color: opts.color, title: T.title(d.month) })}\n${T.changed(d.changed.length, d.people)}\n`;
}
