import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOM, csvCell, csvLine, csvRecord, formatFen, formatScore, scoreNumber, toCsv } from '../../src/render/format.js';
import { fen, hundredths } from '../../src/types.js';

describe('formatFen', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [50, '0.50'],
    [-50, '-0.50'],
    [-1, '-0.01'],
    [100, '1.00'],
    [126000, '1260.00'],
    [-126099, '-1260.99'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%d fen → %s', (n, text) => {
    expect(formatFen(fen(n))).toBe(text);
  });

  it('formats bigint beyond 2^53 exactly', () => {
    expect(formatFen(2n ** 60n + 7n)).toBe('11529215046068469.83');
    expect(formatFen(-(10n ** 20n) - 5n)).toBe('-1000000000000000000.05');
  });

  it('round-trips every safe integer through the decimal text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), (n) => {
        const text = formatFen(n);
        expect(text).toMatch(/^-?\d+\.\d\d$/);
        expect(BigInt(text.replace('.', ''))).toBe(n);
      }),
    );
  });
});

describe('formatFen on numbers', () => {
  it('gives the same text for a safe integer as for the same value as a bigint', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger(), fc.maxSafeNat().map((n) => -n)), (n) => {
        expect(formatFen(fen(n))).toBe(formatFen(BigInt(n)));
      }),
    );
    expect(formatFen(fen(-0))).toBe('0.00');
  });
});

describe('formatScore', () => {
  it.each([
    [9850, '98.5'],
    [10000, '100'],
    [-125, '-1.25'],
    [0, '0'],
    [-5, '-0.05'],
    [5, '0.05'],
    [-100, '-1'],
    [-250, '-2.5'],
    [9999, '99.99'],
  ])('%d hundredths → %s', (h, text) => {
    expect(formatScore(hundredths(h))).toBe(text);
  });

  it('scoreNumber prints in JSON exactly as formatScore', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (h) => {
        expect(JSON.stringify(scoreNumber(h))).toBe(formatScore(h));
      }),
    );
  });
});

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['张三', '张三'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (text, out) => {
    expect(csvCell(text)).toBe(out);
  });
});

describe('toCsv', () => {
  it('defends text columns but never numeric ones', () => {
    const out = toCsv(['name', 'points', 'note'], [['=cmd()', '-2.5', '-2.5']], new Set([1]), { bom: false });
    expect(out).toBe("name,points,note\n'=cmd(),-2.5,'-2.5\n");
  });

  it('quotes commas, quotes and newlines and uses LF', () => {
    const out = toCsv(['a'], [['x,y'], ['say "hi"'], ['two\nlines']], new Set(), { bom: false });
    expect(out).toBe('a\n"x,y"\n"say ""hi"""\n"two\nlines"\n');
  });

  it('prefixes a BOM only when asked', () => {
    expect(toCsv(['a'], [], new Set(), { bom: true })).toBe(`${BOM}a\n`);
    expect(toCsv(['a'], [], new Set(), { bom: false }).startsWith(BOM)).toBe(false);
  });
});

describe('csvLine', () => {
  it('joins fields back into one CSV line', () => {
    expect(csvLine(['E1', 'a,b', 'x'])).toBe('E1,"a,b",x');
    expect(csvLine([])).toBe('');
  });
});

describe('csvField and csvRecord write what csv-stringify writes', () => {
  it('on any text', async () => {
    const { stringify } = await import('csv-stringify/sync');
    const fc = (await import('fast-check')).default;
    const cell = fc.oneof(fc.string(), fc.constantFrom('', ',', '"', '\r\n', 'a\rb', ' x ', '"q"', '营业厅,一'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        const ours = rows.map((r) => csvRecord(r)).join('');
        expect(ours).toBe(rows.length === 0 ? '' : stringify(rows, { record_delimiter: 'unix' }));
        for (const r of rows) for (const c of r) expect(csvRecord([c])).toBe(stringify([[c]], { record_delimiter: 'unix' }));
      }),
    );
  });
});
