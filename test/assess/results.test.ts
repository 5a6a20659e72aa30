/**
 * Report order (src/assess/results.ts): inUnitOrder sorts each unit's people apart, and must give
 * exactly what one stable sort by unit, then employee id gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byUnitThenEmployee, inUnitOrder } from '../../src/assess/results.js';

describe('inUnitOrder', () => {
  it('orders as a stable sort by unit, then employee id', () => {
    // Few distinct units and ids (CJK, Latin, a prefix of another, an empty one), so that both tie often.
    const item = fc.record({
      unit: fc.constantFrom('营业厅', '营业厅一', '网络部', 'B', 'b', ''),
      employee: fc.constantFrom('0012', '012', '12', 'E1', 'e1', ''),
      n: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), (items) => {
        const entries = items.map((entry, i) => ({ entry, i }));
        const expected = [...entries].sort((a, b) => byUnitThenEmployee(a.entry, b.entry)).map((e) => e.i);
        expect(inUnitOrder(entries, (e) => e.entry).map((e) => e.i)).toEqual(expected);
      }),
      { numRuns: 500, seed: 31 },
    );
  });
});
