import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldsCsv, fieldsCsvChunks, type Field } from '../../src/render/columns.js';
import { CsvBytes } from '../../src/render/csvbytes.js';
import { BOM, csvCell, csvField, formatFen, formatScore } from '../../src/render/format.js';
import type { Fen, Hundredths } from '../../src/types.js';

/** A row of every kind of field. */
interface Row {
  text: string;
  money: Fen | bigint;
  score: Hundredths;
  count: number;
}

const FIELDS: Field<Row>[] = [
  { name: 'text', kind: 'text', get: (r) => r.text },
  { name: 'money', kind: 'money', get: (r) => r.money },
  { name: 'score', kind: 'score', get: (r) => r.score },
  { name: 'count', kind: 'count', get: (r) => r.count },
];

/** The CSV as the string helpers write it, cell by cell, then in UTF-8: what the byte writer must give. */
function reference(rows: readonly Row[], bom: boolean): Buffer {
  const lines = rows.map((r) => [csvField(csvCell(r.text)), formatFen(r.money), formatScore(r.score), String(r.count)].join(','));
  return Buffer.from(`${bom ? BOM : ''}text,money,score,count\n${lines.map((l) => `${l}\n`).join('')}`, 'utf8');
}

const bytesOf = (rows: readonly Row[], bom: boolean): Buffer => Buffer.concat(Array.from(fieldsCsvChunks(FIELDS, rows, { bom })));

/** Text as clerks' files hold it and as hostile ones do: CJK, formula starts, quotes, commas, line ends, astral and lone surrogates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('张', '三', '营', '业', '厅', 'a', '0', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', '𠀋', '\ud800', '\udc00', 'é') }),
);
const money = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
  fc.maxSafeInteger(),
  fc.maxSafeNat().map((n) => -n),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
) as fc.Arbitrary<Fen | bigint>;
const score = fc.oneof(fc.integer({ min: -20_000, max: 20_000 }), fc.maxSafeInteger(), fc.maxSafeNat().map((n) => -n)) as fc.Arbitrary<Hundredths>;
const count = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer({ min: -5, max: -1 }));
const row = fc.record({ text, money, score, count });

describe('CSV written as bytes', () => {
  it('gives exactly the bytes of the string helpers, on any text and any number', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.boolean(), (rows, bom) => {
        expect(bytesOf(rows, bom).equals(reference(rows, bom))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['', ''],
    ['张三', '张三'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-5', "'-5"],
    ['a,b', '"a,b"'],
    ['two\nlines', '"two\nlines"'],
    ['cr\ronly', 'cr\ronly'],
    ['\rstart', "'\rstart"],
    ['𠀋', '𠀋'],
  ])('text cell %j → %j', (cell, expected) => {
    const w = new CsvBytes();
    w.text(cell);
    expect(Buffer.from(w.take()).toString('utf8')).toBe(expected);
  });

  it('writes a lone surrogate as U+FFFD, as Node writes any string', () => {
    const w = new CsvBytes();
    w.text('a\ud800b');
    expect(Buffer.from(w.take())).toEqual(Buffer.from('a\ufffdb', 'utf8'));
  });

  it('cuts a long CSV into pieces at row ends, each whole UTF-8, that join to the whole', () => {
    const rows: Row[] = Array.from({ length: 20_000 }, (_, i) => ({ text: `营业厅${i}`, money: (i * 37 - 5000) as Fen, score: (i % 10_000) as Hundredths, count: i }));
    const pieces = Array.from(fieldsCsvChunks(FIELDS, rows, { bom: true }));
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces) expect(p[p.length - 1]).toBe(10);
    expect(Buffer.concat(pieces).equals(reference(rows, true))).toBe(true);
    expect(fieldsCsv(FIELDS, rows, { bom: true })).toBe(reference(rows, true).toString('utf8'));
  });

  it('grows its buffer for a row longer than a chunk', () => {
    const long = '长'.repeat(100_000);
    expect(bytesOf([{ text: long, money: 1 as Fen, score: 1 as Hundredths, count: 1 }], false).equals(reference([{ text: long, money: 1 as Fen, score: 1 as Hundredths, count: 1 }], false))).toBe(true);
  });
});
