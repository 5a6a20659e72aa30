import fc from 'fast-check';
import { requireTrace } from '../../src/assess/effects.js';
import { describe, expect, it } from 'vitest';
import { createMonthAssessor } from '../../src/assess/month.js';
import type { Effects } from '../../src/rules/types.js';
import { fen, hundredths } from '../../src/types.js';
import { aggregateRule, incident, person, recordRule, ruleSet } from './helpers.js';

const TYPES = ['a', 'b', 'c'];

const effectsArb: fc.Arbitrary<Partial<Effects>> = fc.record({
  points: fc.integer({ min: -5000, max: 5000 }).map(hundredths),
  unitPoints: fc.integer({ min: -5000, max: 5000 }).map(hundredths),
  bonus: fc.oneof(
    fc.constant(null),
    fc.integer({ min: -10000, max: 0 }).map((percent) => ({ percent })),
    fc.integer({ min: -200000, max: 0 }).map((a) => ({ amount: fen(a) })),
  ),
  veto: fc.boolean(),
});

const scenarioArb = fc
  .record({
    people: fc.array(fc.record({ unit: fc.constantFrom('U1', 'U2', 'U3'), bonus: fc.integer({ min: 0, max: 300000 }), wage: fc.integer({ min: 0, max: 2_000_000 }) }), {
      minLength: 1,
      maxLength: 8,
    }),
    rules: fc.array(fc.record({ type: fc.constantFrom(...TYPES), effects: effectsArb, cap: fc.option(fc.integer({ min: 0, max: 3000 })) }), { maxLength: 5 }),
    aggregates: fc.array(fc.record({ per: fc.constantFrom('person' as const, 'unit' as const), threshold: fc.nat(4), effects: effectsArb }), { maxLength: 2 }),
    min: fc.integer({ min: -5000, max: 5000 }),
    span: fc.integer({ min: 0, max: 10000 }),
    uw: fc.integer({ min: 0, max: 100 }),
    events: fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), who: fc.array(fc.nat(7), { minLength: 1, maxLength: 3 }), type: fc.constantFrom(...TYPES, 'zzz') }), {
      maxLength: 40,
    }),
  });

describe('month invariants', () => {
  it('scores stay within [min, max]; forfeiture within [0, bonus]; paid + forfeited = bonus', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const roster = s.people.map((p, i) => person(`E${i}`, p.unit, { bonus: p.bonus, wage: p.wage }));
        const rules = ruleSet(
          [
            ...s.rules.map((r, i) => recordRule(`r${i}`, 'incident', { when: (rec) => rec.values.type === r.type, effects: r.effects, cap: r.cap })),
            ...s.aggregates.map((a, i) =>
              aggregateRule(`a${i}`, a.per, 'incident', (agg) => agg.total >= a.threshold, {
                effects: a.per === 'unit' ? { unitPoints: a.effects.unitPoints } : a.effects,
              }),
            ),
          ],
          { min: hundredths(s.min), max: hundredths(s.min + s.span), base: hundredths(10000), unitWeight: { num: BigInt(s.uw), den: 100n } },
        );
        const a = createMonthAssessor({ rules, roster, month: '2026-02' });
        s.events.forEach((e, i) => {
          const who = [...new Set(e.who.map((w) => `E${w % roster.length}`))];
          a.add(incident(`2026-02-${String(e.day).padStart(2, '0')}`, who, e.type, { values: { note: String(i) } }), []);
        });
        const out = a.finish();
        if (!out.ok) throw new Error(out.problems.join());
        const { min, max } = rules.scoring;
        for (const p of out.result.people) {
          for (const score of [p.score, p.unitScore, p.effectiveScore]) {
            expect(score).toBeGreaterThanOrEqual(min);
            expect(score).toBeLessThanOrEqual(max);
          }
          expect(p.bonusForfeited).toBeGreaterThanOrEqual(0);
          expect(p.bonusForfeited).toBeLessThanOrEqual(p.bonus);
          expect(p.bonusPaid + p.bonusForfeited).toBe(p.bonus);
          expect(Number.isInteger(p.withheld)).toBe(true);
          const mine = requireTrace(out.result.effects, out.result.month).filter((e) => e.target === 'person' && e.employee === p.employee);
          expect(mine.reduce((t, e) => t + e.bonusForfeited, 0)).toBe(p.bonusForfeited);
          expect(mine.reduce((t, e) => t + e.points, 0)).toBe(p.points);
        }
        for (const u of out.result.units) {
          expect(u.score).toBeGreaterThanOrEqual(min);
          expect(u.score).toBeLessThanOrEqual(max);
        }
        // caps: no rule gives one person more than its cap in absolute points
        for (const [i, r] of s.rules.entries()) {
          if (r.cap === null) continue;
          for (const p of roster) {
            const got = requireTrace(out.result.effects, out.result.month).filter((e) => e.rule === `r${i}` && e.employee === p.employee).reduce((t, e) => t + Math.abs(e.points), 0);
            expect(got).toBeLessThanOrEqual(r.cap);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
