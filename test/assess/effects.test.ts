import { describe, expect, it } from 'vitest';
import { EffectLog } from '../../src/assess/effects.js';
import type { Effect } from '../../src/assess/types.js';
import { fen, hundredths } from '../../src/types.js';

/** Effects of every shape: person and unit, veto, aggregate, big money, negative points. */
function sample(n: number): Effect[] {
  return Array.from({ length: n }, (_, i) => ({
    rule: `r${i % 7}`,
    title: i % 2 === 0 ? '迟到' : 'late, "again"',
    target: i % 3 === 0 ? ('unit' as const) : ('person' as const),
    employee: i % 3 === 0 ? '' : `E${String(i % 50).padStart(4, '0')}`,
    unit: `unit-${i % 4}`,
    points: hundredths(i % 5 === 0 ? -250 * i : 100),
    bonusForfeited: fen(i === 1 ? Number.MAX_SAFE_INTEGER : i * 7),
    veto: i % 11 === 0,
    source: i % 4 === 3 ? null : { file: i % 2 === 0 ? 'a.csv' : '事故/b.csv', line: i + 2 },
  }));
}

describe('EffectLog', () => {
  it.each([0, 1, 64, 65, 1000])('gives back exactly the %i effects pushed, in order', (n) => {
    const effects = sample(n);
    const log = EffectLog.from(effects);
    expect(log.length).toBe(n);
    expect(log.toArray()).toEqual(effects);
    expect([...log]).toEqual(effects);
    const seen: number[] = [];
    log.forEach((e, i) => {
      expect(e).toEqual(effects[i]);
      seen.push(i);
    });
    expect(seen).toEqual(effects.map((_, i) => i));
  });

  it('filters like an array and rejects an index out of range', () => {
    const effects = sample(200);
    const log = EffectLog.from(effects);
    const mine = (e: Effect) => e.target === 'person' && e.employee === 'E0007';
    expect(log.filter(mine)).toEqual(effects.filter(mine));
    expect(log.at(199)).toEqual(effects[199]);
    expect(() => log.at(200)).toThrow(RangeError);
  });

  it('keeps what it was given, even a value a check downstream must refuse', () => {
    const [e] = sample(2).slice(1);
    const log = EffectLog.from([{ ...e!, points: 1.5 as never, bonusForfeited: fen(-1) }]);
    expect(log.at(0)).toMatchObject({ points: 1.5, bonusForfeited: -1 });
  });
});

describe('EffectLog remembering the last texts', () => {
  it('gives back every effect as pushed, empty texts and alternating rules included', () => {
    const base = { target: 'person' as const, employee: 'E1', unit: '', points: hundredths(-100), bonusForfeited: fen(0), veto: false };
    const list = [
      { ...base, rule: '', title: '', source: { file: '', line: 2 } },
      { ...base, rule: 'a', title: 'A', source: { file: '', line: 3 } },
      { ...base, rule: 'a', title: 'A2', source: { file: 'x.csv', line: 4 } },
      { ...base, rule: '', title: '', source: null },
      { ...base, rule: 'a', title: 'A', employee: 'E2', unit: 'U', source: { file: 'x.csv', line: 5 } },
    ];
    expect(EffectLog.from(list).toArray()).toEqual(list);
    // The same with a member cache: its unit is learnt once, on its first effect.
    const log = new EffectLog();
    const who = { ref: -1, unitRef: -1 };
    for (const e of list) log.push({ ...e, employee: 'E9', unit: 'Hall' }, who);
    expect(log.toArray()).toEqual(list.map((e) => ({ ...e, employee: 'E9', unit: 'Hall' })));
  });
});

describe('EffectLog.forEachKeyed', () => {
  it.each([0, 1, 65, 1000])('gives the %i effects pushed, in order, with keys equal exactly when the texts are', (n) => {
    const effects = sample(n);
    const log = EffectLog.from(effects);
    const { texts, employees } = log.keySpace();
    const textOf = new Map<number, string>();
    const employeeOf = new Map<number, string>();
    const got: Effect[] = [];
    const sameText = (key: number, text: string) => {
      expect(key).toBeGreaterThanOrEqual(0);
      expect(key).toBeLessThan(texts);
      expect(textOf.get(key) ?? text).toBe(text);
      textOf.set(key, text);
    };
    log.forEachKeyed((e) => {
      expect(e.index).toBe(got.length);
      sameText(e.ruleKey, e.rule);
      sameText(e.titleKey, e.title);
      sameText(e.unitKey, e.unit);
      if (e.file === null) expect([e.fileKey, e.line]).toEqual([-1, 0]);
      else sameText(e.fileKey, e.file);
      expect(e.employeeKey).toBeLessThan(employees);
      expect(employeeOf.get(e.employeeKey) ?? e.employee).toBe(e.employee);
      employeeOf.set(e.employeeKey, e.employee);
      const { rule, title, target, employee, unit, points, bonusForfeited, veto, file, line } = e;
      got.push({ rule, title, target, employee, unit, points, bonusForfeited, veto, source: file === null ? null : { file, line } });
    });
    expect(got).toEqual(effects);
    // Distinct texts have distinct keys.
    expect(new Set(textOf.values()).size).toBe(textOf.size);
    expect(new Set(employeeOf.values()).size).toBe(employeeOf.size);
  });
});
