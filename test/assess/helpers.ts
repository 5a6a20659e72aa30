/** Hand-built rule sets, rosters and records for the assessment tests. */
import type { Aggregate, AggregateRule, Effects, RecordRule, RuleSet, Scoring } from '../../src/rules/types.js';
import { DEFAULT_MAX_AMOUNT } from '../../src/limits.js';
import { fen, hundredths } from '../../src/types.js';
import type { EventKind, EventRecord, RosterEntry, WallTime } from '../../src/types.js';

/** Wall time of `YYYY-MM-DD[ HH:mm]`. */
export function at(text: string): WallTime {
  const [d, t = '00:00'] = text.split(' ');
  return (Date.parse(`${d}T${t}:00Z`) / 1000) as WallTime;
}

export const SCORING: Scoring = {
  base: hundredths(10000),
  min: hundredths(0),
  max: hundredths(10000),
  payRate: { num: 30n, den: 100n },
  allocation: 'pool',
  unitWeight: { num: 0n, den: 1n },
  maxAmount: DEFAULT_MAX_AMOUNT,
};

export function effects(e: Partial<Effects>): Effects {
  return { points: hundredths(0), unitPoints: hundredths(0), bonus: null, veto: false, ...e };
}

type RuleOpts = {
  effects?: Partial<Effects>;
  cap?: number | null;
  from?: string | null;
  until?: string | null;
};

function base(id: string, o: RuleOpts) {
  return {
    id,
    title: `title of ${id}`,
    titles: { en: `title of ${id}`, zh: `title of ${id}` },
    policy: 'test policy',
    file: 'rules/test.yaml',
    line: 1,
    effects: effects(o.effects ?? {}),
    cap: o.cap === undefined || o.cap === null ? null : hundredths(o.cap),
    effective: { from: o.from ? at(o.from) : null, until: o.until ? at(o.until) : null },
  };
}

/** A record rule; `when` defaults to "always". */
export function recordRule(id: string, on: EventKind, o: RuleOpts & { when?: RecordRule['when'] } = {}): RecordRule {
  return { ...base(id, o), type: 'record', on, when: o.when ?? (() => true) };
}

/** An aggregate rule. */
export function aggregateRule(
  id: string,
  per: 'person' | 'unit',
  over: EventKind,
  when: (a: Aggregate) => boolean,
  o: RuleOpts & { where?: (r: EventRecord) => boolean } = {},
): AggregateRule {
  return { ...base(id, o), type: 'aggregate', per, over, where: o.where ?? (() => true), when };
}

export function ruleSet(rules: (RecordRule | AggregateRule)[], scoring: Partial<Scoring> = {}): RuleSet {
  return { rules, scoring: { ...SCORING, ...scoring }, hash: 'test' };
}

let rosterLine = 1;
/** A roster row; wage and bonus in fen. */
export function person(
  employee: string,
  unit: string,
  o: { wage?: number; bonus?: number; from?: string; until?: string; name?: string } = {},
): RosterEntry {
  return {
    employee,
    name: o.name ?? `name ${employee}`,
    unit,
    role: '',
    wage: fen(o.wage ?? 420000),
    bonus: fen(o.bonus ?? 80000),
    from: o.from ? at(o.from) : null,
    until: o.until ? at(o.until) : null,
    source: { file: 'roster.csv', line: ++rosterLine },
  };
}

let line = 1;
/** An incident with the given people; `values` extends the defaults. */
export function incident(
  date: string,
  people: string[],
  type: string,
  o: { unit?: string; id?: string; line?: number; file?: string; values?: EventRecord['values'] } = {},
): EventRecord {
  return {
    kind: 'incident',
    at: at(date),
    people,
    unit: o.unit ?? '',
    id: o.id ?? '',
    values: { date: at(date), employees: people, type, id: o.id ?? '', unit: o.unit ?? '', loss: 0, note: '', ...o.values },
    source: { file: o.file ?? 'incidents.csv', line: o.line ?? ++line },
  };
}

/** A training record. */
export function training(date: string, employee: string, status: string, type = 'monday-meeting', lineNo?: number): EventRecord {
  return {
    kind: 'training',
    at: at(date),
    people: [employee],
    unit: '',
    id: '',
    values: { date: at(date), employee, status, session: '', type, note: '' },
    source: { file: 'training.csv', line: lineNo ?? ++line },
  };
}

/** A complaint. */
export function complaint(received: string, responsible: string, category: string, o: { id?: string; unit?: string } = {}): EventRecord {
  return {
    kind: 'complaint',
    at: at(received),
    people: [responsible],
    unit: o.unit ?? '',
    id: o.id ?? '',
    values: {
      received_at: at(received), responsible, id: o.id ?? '', unit: o.unit ?? '', category, channel: '', due_hours: 24,
      resolved_at: null, upheld: false, revisit: false, note: '',
    },
    source: { file: 'complaints.csv', line: ++line },
  };
}
