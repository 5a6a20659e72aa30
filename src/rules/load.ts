/**
 * Loads the rules folder (SPEC §4): YAML text → validated, compiled RuleSet,
 * or every problem found, each with file:line:column. Pure: the CLI reads the
 * files and passes their text.
 */
import { createHash } from 'node:crypto';
import { isAlias, isMap, isNode, isScalar, isSeq, isPair, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import { parseYaml, yamlData, yamlErrors } from '../yaml.js';
import type { z } from 'zod';
import { fen, type EventKind, type Fen, type Hundredths, type WallTime } from '../types.js';
import { placed, problem, type Code, type ParamsOf, type Problem } from '../problems.js';
import { KIND_FIELDS } from '../fields.js';
import type { AggregateRule, Effective, Effects, RecordRule, Rule, RuleBase, RuleSet, RuleTitles, Scoring } from './types.js';
import { AGGREGATE_FIELDS, compileCondition, type ExprEnv, type ExprPlace, type Locate, type Scope } from './expr.js';
import { decimalRatio, parseDecimal, scaledInteger } from './decimal.js';
import { DEFAULT_MAX_AMOUNT, MAX_MAX_AMOUNT, MAX_POINTS, yuanText } from '../limits.js';
import { endOfDay, formatDay, parseWallTime } from '../calendar.js';
import {
  aggregateRuleSchema,
  effectiveSchema,
  effectsSchema,
  fileSchema,
  titleSchema,
  issueProblem,
  recordRuleSchema,
  scoringSchema,
  type AggregateRuleInput,
  type Issue,
  type RecordRuleInput,
} from './schema.js';
import { closest } from '../suggest.js';

/** One file of the rules folder, as read by the CLI. */
export interface RulesFile {
  path: string;
  text: string;
}

export interface LoadResult {
  /** Null when there is any problem. */
  ruleSet: RuleSet | null;
  problems: Problem[];
}

type Path = readonly (string | number)[];

/** The file that maps export headers; it lives in the rules folder but holds no rules. */
const COLUMNS_FILE = 'columns.yaml';

/**
 * Validates and compiles every rules file. `files` are all `*.yaml`/`*.yml`
 * of the rules folder; `columns.yaml` is skipped as a rules file but counts
 * in the hash, since it changes what the rules see.
 * @example loadRules([{ path: 'rules/scoring.yaml', text: 'scoring: {base: 100, min: 0, max: 100, pay_rate: 0.3}' }])
 */
export function loadRules(files: readonly RulesFile[]): LoadResult {
  const problems: Problem[] = [];
  const rules: Rule[] = [];
  const ids = new Map<string, ExprPlace>();
  let scoring: { value: Scoring | null; place: ExprPlace } | null = null;
  let unreadable = false;
  for (const file of [...files].sort((a, b) => compareNames(a.path, b.path))) {
    if (baseName(file.path) === COLUMNS_FILE) continue;
    const loaded = loadFile(file);
    problems.push(...loaded.problems);
    unreadable ||= loaded.unreadable;
    for (const { rule, idPlace } of loaded.rules) {
      const first = ids.get(rule.id);
      if (first) problems.push(problem('RULES_DUPLICATE_ID', idPlace, { id: rule.id, first }));
      else ids.set(rule.id, idPlace);
      rules.push(rule);
    }
    if (loaded.scoring) {
      if (scoring) problems.push(problem('RULES_SECOND_SCORING', loaded.scoring.place, { first: scoring.place }));
      else scoring = loaded.scoring;
    }
  }
  if (!scoring && !unreadable) {
    problems.push(problem('RULES_NO_SCORING', { file: folderOf(files) }, {}));
  }
  if (problems.length > 0 || !scoring?.value) return { ruleSet: null, problems };
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ruleSet: { rules, scoring: scoring.value, hash: rulesHash(files) }, problems };
}

/**
 * SHA-256 (hex) over each file's base name and text, in name order: the same
 * rules give the same hash wherever the folder lives.
 */
export function rulesHash(files: readonly RulesFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => compareNames(a.path, b.path))) {
    hash.update(baseName(f.path), 'utf8');
    hash.update('\0');
    hash.update(f.text, 'utf8');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function compareNames(a: string, b: string): number {
  const x = baseName(a);
  const y = baseName(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function folderOf(files: readonly RulesFile[]): string {
  const first = files[0]?.path;
  if (first === undefined) return 'rules';
  const cut = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
  return cut < 0 ? '.' : first.slice(0, cut);
}

interface FileResult {
  rules: { rule: Rule; idPlace: ExprPlace }[];
  scoring: { value: Scoring | null; place: ExprPlace } | null;
  problems: Problem[];
  /** The YAML did not parse: what it holds is unknown. */
  unreadable: boolean;
}

/** One parsed YAML file, with what is needed to point at its nodes. */
class YamlFile {
  readonly problems: Problem[] = [];
  constructor(
    readonly path: string,
    readonly text: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The place of a source offset. */
  at(offset: number): ExprPlace {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.path, line, column: col };
  }

  /**
   * The node at a path, following aliases (`effects: *fx`) to the node they
   * name, so that values reached through an alias are read from their anchor's
   * text. Null when there is none.
   */
  nodeAt(path: Path): unknown {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (!isMap(node) && !isSeq(node)) return null;
      node = node.get(key, true);
    }
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** The node at a path, or the nearest existing ancestor. */
  node(path: Path): YamlNode | null {
    for (let n = path.length; n >= 0; n--) {
      const node = this.nodeAt(path.slice(0, n));
      if (node && typeof node === 'object' && 'range' in node && node.range) return node as YamlNode;
    }
    return null;
  }

  /** The place of the value at `path` (or of its nearest ancestor). */
  place(path: Path): ExprPlace {
    const node = this.node(path);
    return this.at(node?.range?.[0] ?? 0);
  }

  /** The place of a key in the mapping at `path`. */
  keyPlace(path: Path, key: string): ExprPlace {
    const map = this.node(path);
    if (isMap(map)) {
      // A key that is itself a mapping or list (`? [a, b]`) has no name of its own: point at the first such key.
      let collectionKey: number | null = null;
      for (const pair of map.items) {
        if (!isPair(pair) || !isNode(pair.key) || !pair.key.range) continue;
        if (isScalar(pair.key) && String(pair.key.value) === key) return this.at(pair.key.range[0]);
        if (!isScalar(pair.key) && collectionKey === null) collectionKey = pair.key.range[0];
      }
      if (collectionKey !== null && /^[[{]/.test(key)) return this.at(collectionKey);
    }
    return this.place(path);
  }


  /** The source text of the scalar at `path`: exact decimals come from here, not from a float. */
  source(path: Path): string {
    const node = this.nodeAt(path);
    if (isScalar(node) && node.range) return this.text.slice(node.range[0], node.range[1]).trim();
    return String(isScalar(node) ? node.value : node);
  }

  /** Records a problem at the value at `path` (or its nearest ancestor). */
  problem<C extends Code>(path: Path, code: C, params: ParamsOf<C>): void {
    this.problems.push(problem(code, this.place(path), params) as Problem);
  }

  /**
   * Maps offsets of the string value at `path` to file places. Exact for
   * one-line plain and quoted scalars whose text is the value itself;
   * otherwise (block scalars, escapes, folded lines) every offset maps to the
   * scalar's start.
   */
  locate(path: Path): Locate {
    const node = this.nodeAt(path);
    if (!isScalar(node) || !node.range) {
      const p = this.place(path);
      return () => p;
    }
    const value = String(node.value);
    const start = node.range[0];
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const valueStart = quoted ? start + 1 : start;
    if (this.text.slice(valueStart, valueStart + value.length) === value) return (offset) => this.at(valueStart + offset);
    return () => this.at(start);
  }

  /** Validates `value` (found at `path`) with a zod schema, recording each issue at its node. */
  validate<T>(schema: z.ZodType<T>, value: unknown, path: Path, keys: (path: Path) => readonly string[]): T | null {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.recordIssue(issue, value, path, keys);
    return null;
  }

  private recordIssue(issue: Issue, value: unknown, base: Path, keys: (path: Path) => readonly string[]): void {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = keys(issue.path as (string | number)[]);
      for (const key of issue.keys) {
        this.problems.push(problem('RULES_UNKNOWN_KEY', this.keyPlace(path, key), { key, allowed: [...allowed], suggest: closest(key, allowed) }));
      }
      return;
    }
    const found = valueAt(value, issue.path as (string | number)[]);
    const present = found !== undefined;
    const place = present ? this.place(path) : this.place(path.slice(0, -1));
    this.problems.push(placed(issueProblem(issue, present, found), place));
  }
}

function valueAt(value: unknown, path: readonly (string | number | symbol)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number | symbol, unknown>)[key as string];
  }
  return v;
}

const keysOf = (schema: { shape: object }): readonly string[] => Object.keys(schema.shape);

/** The allowed keys of the mapping at a path inside a rule (for "unknown key" messages). */
function ruleKeys(schema: { shape: object }): (path: Path) => readonly string[] {
  return (path) => {
    const last = path[path.length - 1];
    if (last === 'effects') return keysOf(effectsSchema);
    if (last === 'effective') return keysOf(effectiveSchema);
    if (last === 'title') return keysOf(titleSchema);
    return keysOf(schema);
  };
}

function loadFile(file: RulesFile): FileResult {
  const parsed = parseYaml(file.text, file.path);
  if (!parsed.ok) return { rules: [], scoring: null, problems: parsed.problems, unreadable: true };
  const { doc, lines } = parsed;
  const y = new YamlFile(file.path, file.text, doc, lines);
  const result: FileResult = { rules: [], scoring: null, problems: y.problems, unreadable: false };
  if (doc.errors.length > 0) {
    y.problems.push(...yamlErrors(doc, file.path, lines));
    result.unreadable = true;
    return result;
  }
  const js = yamlData(doc, file.path, lines);
  if (!js.ok) {
    y.problems.push(js.problem);
    result.unreadable = true;
    return result;
  }
  const data: unknown = js.data;
  if (data === null || data === undefined) return result;
  const top = y.validate(fileSchema, data, [], (p) => (p[0] === 'effective' ? keysOf(effectiveSchema) : keysOf(fileSchema)));
  if (!top) return result;
  const policy = top.policy ?? baseName(file.path);
  const fileRange = top.effective ? readEffective(y, ['effective'], top.effective) : OPEN;
  (top.rules ?? []).forEach((raw, i) => {
    const rule = readRule(y, ['rules', i], raw, policy, fileRange);
    if (rule) result.rules.push({ rule, idPlace: y.place(['rules', i, 'id']) });
  });
  if (top.scoring !== undefined) result.scoring = { value: readScoring(y, top.scoring), place: y.keyPlace([], 'scoring') };
  return result;
}

const OPEN: Effective = { from: null, until: null };

function readRule(y: YamlFile, path: Path, raw: unknown, policy: string, fileRange: Effective): Rule | null {
  const aggregate = raw !== null && typeof raw === 'object' && ('per' in raw || 'over' in raw);
  if (aggregate) {
    const input = y.validate(aggregateRuleSchema, raw, path, ruleKeys(aggregateRuleSchema));
    return input ? readAggregateRule(y, path, input, policy, fileRange) : null;
  }
  const input = y.validate(recordRuleSchema, raw, path, ruleKeys(recordRuleSchema));
  return input ? readRecordRule(y, path, input, policy, fileRange) : null;
}

type Common = RuleBase;

/** The parts every rule has, or null after recording problems. */
function readCommon(y: YamlFile, path: Path, input: RecordRuleInput | AggregateRuleInput, policy: string, fileRange: Effective): Common | null {
  const before = y.problems.length;
  const effects = readEffects(y, [...path, 'effects'], input.effects);
  const cap = input.cap === undefined ? null : hundredthsAt(y, [...path, 'cap']);
  const own = input.effective ? readEffective(y, [...path, 'effective'], input.effective) : OPEN;
  if (y.problems.length > before) return null;
  const titles = ruleTitles(input.title, input.id);
  return {
    id: input.id,
    title: titles.en,
    titles,
    policy,
    file: y.path,
    line: y.place(path).line,
    effects,
    cap,
    effective: intersect(fileRange, own),
  };
}

function readRecordRule(y: YamlFile, path: Path, input: RecordRuleInput, policy: string, fileRange: Effective): RecordRule | null {
  const common = readCommon(y, path, input, policy, fileRange);
  const env: ExprEnv = { fields: KIND_FIELDS[input.on].types, of: input.on };
  const when = condition(y, [...path, 'when'], input.when, env);
  if (!common || !when) return null;
  return { ...common, type: 'record', on: input.on, when: (record, ctx) => when(record.values, ctx) };
}

function readAggregateRule(y: YamlFile, path: Path, input: AggregateRuleInput, policy: string, fileRange: Effective): AggregateRule | null {
  const common = readCommon(y, path, input, policy, fileRange);
  const allowedOk = checkAggregateEffects(y, [...path, 'effects'], input);
  const kindEnv: ExprEnv = { fields: KIND_FIELDS[input.over as EventKind].types, of: input.over as EventKind };
  const where = condition(y, [...path, 'where'], input.where, kindEnv);
  const when = condition(y, [...path, 'when'], input.when, { fields: AGGREGATE_FIELDS, of: 'aggregate' });
  if (!common || !allowedOk || !where || !when) return null;
  return {
    ...common,
    type: 'aggregate',
    per: input.per,
    over: input.over,
    where: (record, ctx) => where(record.values, ctx),
    when: (agg, ctx) => when(agg as unknown as Scope, ctx),
  };
}

/** A per-unit rule can only score the unit; a per-person rule only people. */
function checkAggregateEffects(y: YamlFile, path: Path, input: AggregateRuleInput): boolean {
  const used = Object.keys(input.effects) as (keyof AggregateRuleInput['effects'])[];
  const wrong = input.per === 'unit' ? used.filter((k) => k !== 'unit_points') : used.filter((k) => k === 'unit_points');
  for (const key of wrong) y.problems.push(problem('RULES_EFFECT_NOT_ALLOWED', y.keyPlace(path, key), { key, per: input.per }));
  return wrong.length === 0;
}

/** Compiles `when`/`where`; an absent expression is always true. */
function condition(y: YamlFile, path: Path, src: string | boolean | undefined, env: ExprEnv): ((scope: Scope, ctx: Parameters<RecordRule['when']>[1]) => boolean) | null {
  if (src === undefined || src === true) return () => true;
  if (src === false) return () => false;
  const compiled = compileCondition(src, env, y.locate(path));
  if (!compiled.ok) {
    y.problems.push(...compiled.problems);
    return null;
  }
  return compiled.fn;
}

function readEffects(y: YamlFile, path: Path, input: RecordRuleInput['effects']): Effects {
  const effects: Effects = { points: 0 as Hundredths, unitPoints: 0 as Hundredths, bonus: null, veto: input.veto === true };
  if (input.points !== undefined) effects.points = hundredthsAt(y, [...path, 'points']) ?? effects.points;
  if (input.unit_points !== undefined) effects.unitPoints = hundredthsAt(y, [...path, 'unit_points']) ?? effects.unitPoints;
  if (input.bonus !== undefined) effects.bonus = readBonus(y, [...path, 'bonus'], input.bonus);
  if (input.points === undefined && input.unit_points === undefined && input.bonus === undefined && input.veto !== true) {
    y.problem(path, 'RULES_NO_EFFECTS', {});
  }
  return effects;
}

/**
 * `bonus: "-P%"` forfeits P% (0 < P ≤ 100, two decimals) and `bonus: -AMOUNT`
 * forfeits that many yuan. Both are stored as positive forfeitures:
 * `{ percent }` in hundredths of a percent, `{ amount }` in fen.
 */
function readBonus(y: YamlFile, path: Path, value: string | number): Effects['bonus'] {
  if (typeof value === 'string') {
    const m = /^\s*-\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    const percent = m?.[1] === undefined ? null : scaledInteger(m[1], 2);
    if (percent === null || percent <= 0 || percent > 10_000) {
      y.problem(path, 'RULES_BAD_BONUS', { value, text: true });
      return null;
    }
    return { percent };
  }
  const source = y.source(path);
  const fenValue = scaledInteger(source, 2);
  const d = parseDecimal(source);
  if (d !== null && d.scale <= 2 && d.units < 0n && (fenValue === null || -fenValue > MAX_MAX_AMOUNT)) {
    y.problem(path, 'RULES_AMOUNT_TOO_LARGE', { key: 'bonus', value: source, max: yuanText(MAX_MAX_AMOUNT) });
    return null;
  }
  if (fenValue === null || fenValue >= 0) {
    y.problem(path, 'RULES_BAD_BONUS', { value: source, text: false });
    return null;
  }
  return { amount: fen(-fenValue) };
}

/**
 * A number at `path` as hundredths, exactly from its source text, at most
 * MAX_POINTS from zero; null after recording a problem.
 */
function hundredthsAt(y: YamlFile, path: Path): Hundredths | null {
  const source = y.source(path);
  const key = String(path[path.length - 1]);
  const d = parseDecimal(source);
  if (d === null || d.scale > 2) {
    y.problem(path, 'RULES_BAD_DECIMAL', { key, value: source });
    return null;
  }
  const value = scaledInteger(source, 2);
  if (value === null || Math.abs(value) > MAX_POINTS) {
    y.problem(path, 'RULES_POINTS_TOO_LARGE', { key, value: source, max: MAX_POINTS / 100 });
    return null;
  }
  return value as Hundredths;
}

function readEffective(y: YamlFile, path: Path, input: { from?: string | undefined; until?: string | undefined }): Effective {
  const from = input.from === undefined ? null : dateAt(y, [...path, 'from'], input.from);
  const untilDay = input.until === undefined ? null : dateAt(y, [...path, 'until'], input.until);
  const until = untilDay === null ? null : endOfDay(untilDay);
  if (from !== null && until !== null && from > until) {
    y.problem(path, 'RULES_EMPTY_RANGE', { from: formatDay(from), until: formatDay(until) });
  }
  return { from, until };
}

function dateAt(y: YamlFile, path: Path, text: string): WallTime | null {
  const t = parseWallTime(text);
  if (t === null || t % 86_400 !== 0) y.problem(path, 'RULES_BAD_DATE', { key: String(path[path.length - 1]), value: text });
  return t;
}

/** The part of two ranges that both cover (a rule inside its file's range). */
function intersect(a: Effective, b: Effective): Effective {
  const from = a.from === null ? b.from : b.from === null ? a.from : (Math.max(a.from, b.from) as WallTime);
  const until = a.until === null ? b.until : b.until === null ? a.until : (Math.min(a.until, b.until) as WallTime);
  return { from, until };
}

function readScoring(y: YamlFile, raw: unknown): Scoring | null {
  const path = ['scoring'];
  const input = y.validate(scoringSchema, raw, path, () => keysOf(scoringSchema));
  if (!input) return null;
  const before = y.problems.length;
  const base = hundredthsAt(y, [...path, 'base']);
  const min = hundredthsAt(y, [...path, 'min']);
  const max = hundredthsAt(y, [...path, 'max']);
  const payRate = ratioAt(y, [...path, 'pay_rate']);
  const unitWeight = input.unit_weight === undefined ? { num: 0n, den: 1n } : ratioAt(y, [...path, 'unit_weight']);
  const maxAmount = input.max_amount === undefined ? DEFAULT_MAX_AMOUNT : maxAmountAt(y, [...path, 'max_amount']);
  if (base === null || min === null || max === null || !payRate || !unitWeight || maxAmount === null) return null;
  // A negative score would give a negative share of the year-end pool (SPEC §5.2 weighs pay by score).
  if (min < 0) y.problem([...path, 'min'], 'RULES_NEGATIVE_MIN', { min: String(input.min) });
  if (min > base || base > max) y.problem([...path, 'base'], 'RULES_SCORING_ORDER', { min: String(input.min), base: String(input.base), max: String(input.max) });
  if (y.problems.length > before) return null;
  return { base, min, max, payRate, allocation: input.allocation ?? 'pool', unitWeight, maxAmount };
}

/** `max_amount`: yuan with at most two decimals, above 0 and at most MAX_MAX_AMOUNT. */
function maxAmountAt(y: YamlFile, path: Path): Fen | null {
  const source = y.source(path);
  const value = scaledInteger(source, 2);
  if (value === null || value <= 0 || value > MAX_MAX_AMOUNT) {
    y.problem(path, 'RULES_BAD_MAX_AMOUNT', { value: source, max: yuanText(MAX_MAX_AMOUNT) });
    return null;
  }
  return fen(value);
}

/** A share between 0 and 1 as an exact fraction of its decimal text: 0.30 → 30/100. */
function ratioAt(y: YamlFile, path: Path): Scoring['payRate'] | null {
  const source = y.source(path);
  const ratio = decimalRatio(source);
  const key = String(path[path.length - 1]);
  if (!ratio || ratio.num < 0n || ratio.num > ratio.den) {
    y.problem(path, 'RULES_BAD_RATIO', { key, value: source });
    return null;
  }
  return ratio;
}

/**
 * A rule's title in each language: one text serves both; a per-language
 * mapping falls back to the other language, then to the rule's id.
 * @example ruleTitles({ zh: '周一例会缺席' }, 'missed-monday-meeting') // { en: '周一例会缺席', zh: '周一例会缺席' }
 */
export function ruleTitles(title: string | { en?: string | undefined; zh?: string | undefined } | undefined, id: string): RuleTitles {
  if (title === undefined) return { en: id, zh: id };
  if (typeof title === 'string') return { en: title, zh: title };
  return { en: title.en ?? title.zh ?? id, zh: title.zh ?? title.en ?? id };
}
