import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRows } from '../../src/read/csv.js';
import type { RawRow } from '../../src/read/types.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Rows, or the error message, as readRows gives them on the fast path or csv-parse alone. */
async function outcome(text: string, size: number, plain: boolean): Promise<{ rows: RawRow[]; error: string | null }> {
  const rows: RawRow[] = [];
  try {
    for await (const row of readRows(chunked(Buffer.from(text, 'utf8'), size), { file: 'in.csv', plain })) rows.push(row);
    return { rows, error: null };
  } catch (err) {
    return { rows, error: (err as Error).message };
  }
}

const ALPHABET = ['a', 'b', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', ' ', '中', '工号', '\u0000'];

describe('the fast CSV path gives exactly csv-parse\'s records', () => {
  it.each([
    ['plain LF', 'a,b\n1,2\n'],
    ['CRLF, no final line end', 'a,b\r\n1,2'],
    ['quoted delimiters, quotes and newlines', 'a,b\n"x,""y""\nz",2\n3,""\n'],
    ['blank lines and delimiter-only rows', 'a,b\n\n,\n1,2\n'],
    ['a lone LF in a CRLF file', 'a,b\r\n1,x\ny\r\n2,3\r\n'],
    ['a lone CR', 'a,b\n1,x\ry\n'],
    ['CR-only line ends', 'a,b\r1,2\r'],
    ['a stray quote', 'a,b\n1,x"y\n2,3\n'],
    ['text after a closing quote', 'a,b\n"1"x,2\n'],
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n'],
    ['empty', ''],
  ])('%s', async (_name, text) => {
    for (const size of [1, 2, 5, 1 << 16]) {
      expect(await outcome(text, size, false)).toEqual(await outcome(text, size, true));
    }
  });

  it('on any text, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), async (parts, size) => {
        const text = parts.join('');
        expect(await outcome(text, size, false)).toEqual(await outcome(text, size, true));
      }),
      { numRuns: 2000 },
    );
  });
});
