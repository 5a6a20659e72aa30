import { describe, expect, it } from 'vitest';
import { boolArray, intArray, textArray } from '../../src/ledger/pgarray.js';

describe('PostgreSQL array literals', () => {
  it.each([
    [[], '{}'],
    [[''], '{""}'],
    [['营业厅', 'line-crew'], '{"营业厅","line-crew"}'],
    // Words and characters that mean something in a literal stay text: NULL, commas, braces, spaces.
    [['NULL', 'a,b', '{x}', ' padded ', 'tab\there'], '{"NULL","a,b","{x}"," padded ","tab\there"}'],
    [['say "hi"', 'C:\\dir\\', '\\"'], '{"say \\"hi\\"","C:\\\\dir\\\\","\\\\\\""}'],
    [['𠮷\n;'], '{"𠮷\n;"}'],
  ])('textArray(%j)', (values, literal) => {
    expect(textArray(values)).toBe(literal);
  });

  it('intArray: integers as they are, up to the largest safe integer', () => {
    expect(intArray([0, -1, 25, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])).toBe('{0,-1,25,9007199254740991,-9007199254740991}');
    expect(intArray([])).toBe('{}');
  });

  it.each([[1.5], [Number.NaN], [Infinity], [2 ** 53]])('intArray refuses %s: money and scores are whole numbers', (bad) => {
    expect(() => intArray([1, bad])).toThrow(/internal: .* is not a whole number/);
  });

  it('boolArray', () => {
    expect(boolArray([true, false, false])).toBe('{t,f,f}');
  });
});
