import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/assess/month.js';
import { SourceTable, idHash, recordHash } from '../../src/assess/seen.js';
import type { EventKind, EventRecord, WallTime } from '../../src/types.js';

type Value = EventRecord['values'][string];

function record(kind: EventKind, values: Record<string, Value>): EventRecord {
  return { kind, at: 0 as WallTime, people: [], unit: '', id: '', values, source: { file: 'f.csv', line: 2 } };
}

const same = (a: EventRecord, b: EventRecord): boolean => {
  const x = recordHash(a);
  const y = recordHash(b);
  return x.h1 === y.h1 && x.h2 === y.h2 && x.check === y.check;
};

describe('recordHash', () => {
  it('is the same for equal values in any key order, and not for another kind', () => {
    const a = record('incident', { type: 'x', loss: 1200, date: 1767225600, employees: ['E1', 'E2'], note: '', upheld: null });
    const b = record('incident', { upheld: null, note: '', employees: ['E1', 'E2'], date: 1767225600, loss: 1200, type: 'x' });
    expect(same(a, b)).toBe(true);
    expect(same(a, record('complaint', { ...a.values }))).toBe(false);
  });

  // Each pair differs in one value; a hash that ignored the difference would call them duplicates.
  it.each<[string, Value, Value]>([
    ['integers', 1, 2],
    ['integers 2^32 apart', 1, 2 ** 32 + 1],
    ['a negative integer', -1, 1],
    ['an integer and its decimal text', 1, '1'],
    ['fractions', 1.5, 2.5],
    ['a fraction and its text', 1.5, '1.5'],
    ['a large integer', 2 ** 53 + 2, 2 ** 53 + 4],
    ['null and empty text', null, ''],
    ['true and false', true, false],
    ['one list and two', ['E1E2'], ['E1', 'E2']],
    ['a value moved to another key', 'x', ''],
  ])('tells apart %s', (_what, x, y) => {
    expect(same(record('incident', { a: x, b: '' }), record('incident', { a: y, b: '' }))).toBe(false);
  });

  it('takes 0 and -0 as one number, as the exact key does', () => {
    expect(same(record('incident', { a: 0 }), record('incident', { a: -0 }))).toBe(true);
    expect(duplicateKey(record('incident', { a: 0 }))).toBe(duplicateKey(record('incident', { a: -0 })));
  });

  const valueArb: fc.Arbitrary<Value> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, 2 ** 32, 2 ** 32 + 1, -(2 ** 31), 2 ** 53 + 2, 1e21),
    fc.constantFrom('', '1', '0.5', 'a', 'ab', '中'),
    fc.array(fc.constantFrom('a', 'b', 'ab', ''), { maxLength: 3 }),
  );
  const recordArb = fc.record({
    kind: fc.constantFrom<EventKind>('incident', 'complaint'),
    values: fc.dictionary(fc.constantFrom('a', 'b', 'ab'), valueArb, { maxKeys: 3 }),
  });

  it('agrees with the exact duplicate key on random pairs of records', () => {
    fc.assert(
      fc.property(recordArb, recordArb, (x, y) => {
        const a = record(x.kind, x.values);
        const b = record(y.kind, y.values);
        expect(same(a, b)).toBe(duplicateKey(a) === duplicateKey(b));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('SourceTable', () => {
  it('keeps the first source of every hash across many growths', () => {
    const table = new SourceTable(16);
    const n = 50_000;
    for (let i = 0; i < n; i++) table.set(idHash('incident', `R${i}`), { file: i % 2 === 0 ? 'a.csv' : 'b.csv', line: i + 2 });
    for (let i = 0; i < n; i += 7) table.set(idHash('incident', `R${i}`), { file: 'later.csv', line: 1 });
    for (let i = 0; i < n; i++) expect(table.get(idHash('incident', `R${i}`))).toEqual({ file: i % 2 === 0 ? 'a.csv' : 'b.csv', line: i + 2 });
    expect(table.get(idHash('incident', `R${n}`))).toBeUndefined();
    expect(table.get(idHash('complaint', 'R1'))).toBeUndefined();
  });
});

describe('SourceTable.reserve', () => {
  it('changes nothing but the size: every source is found, before and after', () => {
    const grown = new SourceTable(16);
    const reserved = new SourceTable(16);
    for (let i = 0; i < 100; i++) {
      grown.set(idHash('training', `T${i}`), { file: 'a.csv', line: i });
      reserved.set(idHash('training', `T${i}`), { file: 'a.csv', line: i });
    }
    reserved.reserve(20_000);
    for (let i = 100; i < 20_000; i++) {
      grown.set(idHash('training', `T${i}`), { file: 'b.csv', line: i });
      reserved.set(idHash('training', `T${i}`), { file: 'b.csv', line: i });
    }
    for (let i = 0; i < 20_000; i += 3) expect(reserved.get(idHash('training', `T${i}`))).toEqual(grown.get(idHash('training', `T${i}`)));
    expect(reserved.get(idHash('training', 'T20000'))).toBeUndefined();
  });
});

describe('SourceTable positions', () => {
  it('gives back file and line across files read one after another, line 0 included', () => {
    const table = new SourceTable(16);
    const files = ['roster.csv', 'a.csv', 'b.csv', 'a.csv'];
    files.forEach((file, f) => {
      for (let line = 0; line < 3000; line++) table.set(idHash('incident', `${f}:${line}`), { file, line });
    });
    files.forEach((file, f) => {
      for (let line = 0; line < 3000; line += 13) expect(table.get(idHash('incident', `${f}:${line}`))).toEqual({ file, line });
    });
  });
});

describe('SourceTable with row hashes', () => {
  it("keeps each entry's row hash and source across growths", () => {
    const table = new SourceTable(16, true);
    const n = 20_000;
    const row = (i: number) => idHash('training', `row ${i}`);
    for (let i = 0; i < n; i++) table.set(idHash('incident', `I${i}`), { file: 'a.csv', line: i + 2 }, row(i));
    expect(table.length).toBe(n);
    for (let i = 0; i < n; i += 3) {
      const slot = table.probe(idHash('incident', `I${i}`));
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(table.sourceAt(slot)).toEqual({ file: 'a.csv', line: i + 2 });
      expect(table.rowAt(slot, row(i))).toBe(true);
      expect(table.rowAt(slot, row(i + 1))).toBe(false);
    }
    expect(() => table.set(idHash('incident', 'new'), { file: 'a.csv', line: 1 })).toThrow(/row hash/);
  });
});
