/**
 * `assess explain`: one person's month rebuilt from the base score, effect by
 * effect, each with its rule and the source row, then the caps, clamp, unit
 * score, effective score, bonus and withheld pay — so that a clerk can show a
 * person exactly why their month came out as it did.
 */
import { requireTrace } from '../assess/effects.js';
import type { Effect, UnitMonth } from '../assess/types.js';
import type { MonthReport, PersonReport } from '../pay/report.js';
import type { Effects, Ratio, Rule, Scoring } from '../rules/types.js';
import type { Hundredths } from '../types.js';
import type { JsonValue } from './columns.js';
import { jsonText } from './columns.js';
import { formatFen, formatScore, scoreNumber } from './format.js';
import type { Lang } from './i18n.js';
import type { Cell, Column, Row } from './table.js';
import { renderTable, styled } from './table.js';

/** What explain shows about one person in one month. */
export interface Explanation {
  month: string;
  person: PersonReport;
  unit: UnitMonth | null;
  /** Effects on the person, in input order. */
  effects: Effect[];
  /** Effects on the person's unit. */
  unitEffects: Effect[];
  scoring: Scoring;
  /** Each rule by id: its title in each language, its declared effects and cap, to show beside its effects. */
  rules: Map<string, Rule>;
}

/**
 * A rule's declared effects in a few words, e.g. `unit -2, bonus -100%`
 * (`单位 -2，扣发奖金 100%` in Chinese), with its cap.
 */
export function describeEffects(e: Effects, cap: Hundredths | null = null, lang: Lang = 'en'): string {
  const T = TEXT[lang];
  const parts: string[] = [];
  if (e.points !== 0) parts.push(`${T.saysPoints} ${signed(e.points)}`);
  if (e.unitPoints !== 0) parts.push(`${T.saysUnit} ${signed(e.unitPoints)}`);
  if (e.bonus && 'percent' in e.bonus) parts.push(T.saysBonus(`${formatScore(e.bonus.percent)}%`));
  if (e.bonus && 'amount' in e.bonus) parts.push(T.saysBonus(formatFen(e.bonus.amount)));
  if (e.veto) parts.push(T.veto);
  if (cap !== null) parts.push(T.cap(formatScore(cap)));
  return parts.join(T.sep);
}

/** Picks one person's part of a month report. The person must be in the report. */
export function explanationOf(report: MonthReport, employee: string, scoring: Scoring, rules: readonly Rule[]): Explanation {
  const person = report.people.find((p) => p.employee === employee);
  if (!person) throw new Error(`internal: ${employee} is not in the report`);
  return {
    month: report.month,
    person,
    unit: report.units.find((u) => u.unit === person.unit) ?? null,
    effects: requireTrace(report.effects, report.month).filter((e) => e.target === 'person' && e.employee === employee),
    unitEffects: requireTrace(report.effects, report.month).filter((e) => e.target === 'unit' && e.unit === person.unit),
    scoring,
    rules: new Map(rules.map((r) => [r.id, r])),
  };
}

/** The explanation as text for a terminal, or as JSON (`--format json`; csv shows the text too). */
export function explainPerson(
  report: MonthReport,
  employee: string,
  scoring: Scoring,
  rules: readonly Rule[],
  opts: { format: 'table' | 'csv' | 'json'; lang: Lang; color: boolean },
): string {
  const x = explanationOf(report, employee, scoring, rules);
  return opts.format === 'table' ? explainText(x, opts) : jsonText(explainJson(x));
}

function sourceText(e: Effect, lang: Lang): string {
  return e.source ? `${e.source.file}:${e.source.line}` : TEXT[lang].aggregate;
}

function signed(h: Hundredths | number): string {
  return h > 0 ? `+${formatScore(h)}` : formatScore(h);
}

/** `+ 2` or `− 3`, for a sum written out. */
function plus(h: Hundredths | number): string {
  return h < 0 ? `− ${formatScore(-h)}` : `+ ${formatScore(h)}`;
}

function ratioText(r: Ratio): string {
  // Ratios come from decimals in the rules (0.30 → 30/100): print them as such.
  const digits = String(r.den).length - 1;
  if (r.den === 10n ** BigInt(digits)) {
    const s = (r.num * 10n ** BigInt(Math.max(0, 2 - digits))).toString().padStart(3, '0');
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  }
  return `${r.num}/${r.den}`;
}

interface Words {
  rule: string; title: string; says: string; source: string; points: string; bonus: string;
  base: string; none: string; unitNone: string; aggregate: string;
  saysPoints: string; saysUnit: string; saysBonus: (what: string) => string; veto: string; cap: (n: string) => string; sep: string;
  vetoed: (min: string) => string;
  clamp: (sum: string, min: string, max: string) => string;
  afterCaps: (points: string) => string;
  score: (calc: string, score: string) => string;
  unit: (unit: string) => string;
  unitScore: (calc: string, score: string) => string;
  effective: (calc: string, score: string) => string;
  bonusLine: (bonus: string, forfeited: string, paid: string) => string;
  withheld: (wage: string, rate: string, withheld: string, ytd: string, projected: string) => string;
}

const TEXT: Record<Lang, Words> = {
  en: {
    rule: 'rule', title: 'title', says: 'the rule says', source: 'source', points: 'points', bonus: 'bonus forfeited',
    base: 'base score', none: 'no rule applied to this person this month',
    unitNone: 'no rule applied to the unit this month', aggregate: 'aggregate',
    saysPoints: 'points', saysUnit: 'unit', saysBonus: (what) => `bonus -${what}`, veto: 'veto', cap: (n) => `cap ${n}`, sep: ', ',
    vetoed: (min) => `vetoed (一票否决) → min ${min}`,
    clamp: (sum, min, max) => `clamp(${sum}, ${min}, ${max})`,
    afterCaps: (points) => `points after caps: ${points}`,
    score: (calc, score) => `score = ${calc} = ${score}`,
    unit: (unit) => `unit ${unit}`,
    unitScore: (calc, score) => `unit score = ${calc} = ${score}`,
    effective: (calc, score) => `effective score = ${calc} = ${score}`,
    bonusLine: (bonus, forfeited, paid) => `bonus ${bonus} − forfeited ${forfeited} = paid ${paid}`,
    withheld: (wage, rate, withheld, ytd, projected) =>
      `withheld = wage ${wage} × ${rate} = ${withheld} (year to date ${ytd}, projected allocation ${projected})`,
  },
  zh: {
    rule: '规则', title: '名称', says: '规则规定', source: '来源', points: '分值', bonus: '扣发奖金',
    base: '基础分', none: '本月没有适用于此人的规则',
    unitNone: '本月没有适用于该单位的规则', aggregate: '按月统计',
    saysPoints: '加减分', saysUnit: '单位', saysBonus: (what) => `扣发奖金 ${what}`, veto: '一票否决', cap: (n) => `每月最多 ${n} 分`, sep: '，',
    vetoed: (min) => `一票否决 → 最低分 ${min}`,
    clamp: (sum, min, max) => `${sum}（不低于 ${min}、不高于 ${max}）`,
    afterCaps: (points) => `封顶后的加减分：${points}`,
    score: (calc, score) => `得分 = ${calc} = ${score}`,
    unit: (unit) => `单位：${unit}`,
    unitScore: (calc, score) => `单位得分 = ${calc} = ${score}`,
    effective: (calc, score) => `综合得分 = ${calc} = ${score}`,
    bonusLine: (bonus, forfeited, paid) => `生产奖金 ${bonus} − 扣发 ${forfeited} = 实发 ${paid}`,
    withheld: (wage, rate, withheld, ytd, projected) =>
      `效益工资（预留）= 月工资 ${wage} × ${rate} = ${withheld}（年度累计预留 ${ytd}，预计年终分配 ${projected}）`,
  },
};

function effectRows(effects: Effect[], rules: Map<string, Rule>, lang: Lang): Row[] {
  return effects.map((e): Cell[] => {
    const rule = rules.get(e.rule);
    return [
      e.rule,
      rule ? rule.titles[lang] : e.title,
      rule ? describeEffects(rule.effects, rule.cap, lang) : '',
      { text: e.veto ? `${signed(e.points)} ${TEXT[lang].veto}` : signed(e.points), style: e.points < 0 || e.veto ? 'bad' : e.points > 0 ? 'good' : undefined },
      { text: formatFen(e.bonusForfeited), style: e.bonusForfeited > 0 ? 'bad' : 'dim' },
      sourceText(e, lang),
    ];
  });
}

function explainText(x: Explanation, opts: { lang: Lang; color: boolean }): string {
  const T = TEXT[opts.lang];
  const p = x.person;
  const s = x.scoring;
  const columns: Column[] = [
    { header: T.rule, align: 'left' },
    { header: T.title, align: 'left' },
    { header: T.says, align: 'left' },
    { header: T.points, align: 'right' },
    { header: T.bonus, align: 'right' },
    { header: T.source, align: 'left' },
  ];
  const out: string[] = [];
  out.push(styled(`${p.employee} ${p.name} — ${p.unit} — ${x.month}`, 'bold', opts.color), '');
  out.push(`${T.base}${opts.lang === 'zh' ? '：' : ': '}${formatScore(s.base)}`);
  out.push(x.effects.length > 0 ? renderTable(columns, effectRows(x.effects, x.rules, opts.lang), { color: opts.color }).trimEnd() : styled(T.none, 'dim', opts.color));
  const clampNote = p.vetoed ? T.vetoed(formatScore(s.min)) : T.clamp(`${formatScore(s.base)} ${plus(p.points)}`, formatScore(s.min), formatScore(s.max));
  out.push('', T.afterCaps(signed(p.points)), T.score(clampNote, formatScore(p.score)));
  out.push('', styled(T.unit(p.unit), 'bold', opts.color));
  out.push(x.unitEffects.length > 0 ? renderTable(columns, effectRows(x.unitEffects, x.rules, opts.lang), { color: opts.color }).trimEnd() : styled(T.unitNone, 'dim', opts.color));
  const unitPoints = x.unit?.points ?? 0;
  out.push(T.unitScore(T.clamp(`${formatScore(s.base)} ${plus(unitPoints)}`, formatScore(s.min), formatScore(s.max)), formatScore(p.unitScore)));
  const uw = ratioText(s.unitWeight);
  out.push(
    T.effective(`(1 − ${uw}) × ${formatScore(p.score)} + ${uw} × ${formatScore(p.unitScore)}`, formatScore(p.effectiveScore)),
    '',
    T.bonusLine(formatFen(p.bonus), formatFen(p.bonusForfeited), formatFen(p.bonusPaid)),
    T.withheld(formatFen(p.wage), ratioText(s.payRate), formatFen(p.withheld), formatFen(p.ytdWithheld), formatFen(p.projectedAllocation)),
  );
  return out.join('\n') + '\n';
}

function effectJson(e: Effect): { [key: string]: JsonValue } {
  return {
    rule: e.rule,
    title: e.title,
    target: e.target,
    employee: e.employee,
    unit: e.unit,
    points: scoreNumber(e.points),
    bonus_forfeited: formatFen(e.bonusForfeited),
    veto: e.veto,
    source: sourceText(e, 'en'),
  };
}

function explainJson(x: Explanation): { [key: string]: JsonValue } {
  const p = x.person;
  return {
    month: x.month,
    employee: p.employee,
    name: p.name,
    unit: p.unit,
    base: scoreNumber(x.scoring.base),
    effects: x.effects.map(effectJson),
    points: scoreNumber(p.points),
    vetoed: p.vetoed,
    score: scoreNumber(p.score),
    unit_effects: x.unitEffects.map(effectJson),
    unit_points: scoreNumber(x.unit?.points ?? 0),
    unit_score: scoreNumber(p.unitScore),
    unit_weight: ratioText(x.scoring.unitWeight),
    effective_score: scoreNumber(p.effectiveScore),
    bonus: formatFen(p.bonus),
    bonus_forfeited: formatFen(p.bonusForfeited),
    bonus_paid: formatFen(p.bonusPaid),
    wage: formatFen(p.wage),
    pay_rate: ratioText(x.scoring.payRate),
    withheld: formatFen(p.withheld),
    ytd_withheld: formatFen(p.ytdWithheld),
    projected_allocation: formatFen(p.projectedAllocation),
  };
}
