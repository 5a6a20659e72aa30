import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeChunks, incompleteUtf8Tail, normaliseEncoding, sniffEncoding } from '../../src/read/decode.js';
import { UserError } from '../../src/problems.js';

const TEXT = '工号,姓名,部门\nE001,张三,营业厅\n';

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const withBom = (bom: number[], body: Uint8Array): Uint8Array => new Uint8Array([...bom, ...body]);
const utf16be = (s: string): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  return new Uint8Array(le.swap16());
};

/** Splits bytes into chunks of `size` (to cut characters in half). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function decodeAll(bytes: Uint8Array, size: number, encoding?: string): Promise<string> {
  let out = '';
  for await (const s of decodeChunks(chunked(bytes, size), { file: 'in.csv', encoding })) out += s;
  return out;
}

const ENCODED: Array<[string, Uint8Array, string, number]> = [
  ['UTF-8', utf8(TEXT), 'utf8', 0],
  ['UTF-8 with BOM', withBom([0xef, 0xbb, 0xbf], utf8(TEXT)), 'utf8', 3],
  ['UTF-16LE with BOM', withBom([0xff, 0xfe], new Uint8Array(Buffer.from(TEXT, 'utf16le'))), 'utf16le', 2],
  ['UTF-16BE with BOM', withBom([0xfe, 0xff], utf16be(TEXT)), 'utf16be', 2],
  ['GB18030', new Uint8Array(iconv.encode(TEXT, 'gb18030')), 'gb18030', 0],
];

describe('sniffEncoding', () => {
  it.each(ENCODED)('recognises %s', (_name, bytes, encoding, bom) => {
    expect(sniffEncoding(bytes)).toEqual({ encoding, bom });
  });

  it('does not misjudge a head that ends in the middle of a character', () => {
    const bytes = utf8('工号,姓名');
    for (let cut = 1; cut <= bytes.length; cut++) {
      expect(sniffEncoding(bytes.subarray(0, cut)).encoding).toBe('utf8');
    }
  });

  it('takes invalid UTF-8 in the middle of the head for GB18030', () => {
    expect(sniffEncoding(new Uint8Array([0x41, 0xff, 0x41])).encoding).toBe('gb18030');
    expect(sniffEncoding(new Uint8Array([0xe5, 0x41, 0x41, 0x41])).encoding).toBe('gb18030');
  });

  it('obeys an override and still skips that encoding\'s BOM', () => {
    expect(sniffEncoding(utf8(TEXT), 'GBK')).toEqual({ encoding: 'gb18030', bom: 0 });
    expect(sniffEncoding(withBom([0xef, 0xbb, 0xbf], utf8('a')), 'utf-8')).toEqual({ encoding: 'utf8', bom: 3 });
    expect(() => sniffEncoding(utf8('a'), 'latin9')).toThrow(UserError);
  });

  it('normalises encoding names', () => {
    expect(normaliseEncoding('UTF-8')).toBe('utf8');
    expect(normaliseEncoding('gb2312')).toBe('gb18030');
    expect(normaliseEncoding('UTF-16BE')).toBe('utf16be');
    expect(normaliseEncoding('ascii')).toBeNull();
  });

  it.each([
    [[0x41], 0], [[0xe5], 1], [[0xe5, 0xb7], 2], [[0xe5, 0xb7, 0xa5], 0], [[0xf0, 0x9f, 0x98], 3], [[0xc3], 1], [[0xc3, 0xa9], 0],
  ])('incompleteUtf8Tail(%j) = %i', (bytes, want) => expect(incompleteUtf8Tail(new Uint8Array(bytes))).toBe(want));
});

describe('decodeChunks', () => {
  it.each(ENCODED)('decodes %s and strips the BOM, whatever the chunk size', async (_name, bytes) => {
    for (const size of [1, 2, 3, 5, 7, 1 << 16]) expect(await decodeAll(bytes, size)).toBe(TEXT);
  });

  it('decides on up to 64 KiB even when it arrives in small chunks', async () => {
    // ASCII for 70 000 bytes, then GB18030: the sniffed head is pure ASCII, so UTF-8 is chosen and fails later.
    const bytes = new Uint8Array([...utf8('a'.repeat(70_000)), ...iconv.encode('工号', 'gb18030')]);
    await expect(decodeAll(bytes, 1000)).rejects.toThrow(/in\.csv: not valid UTF-8 .*--encoding gb18030/);
    // Within the first 64 KiB the GB18030 bytes are seen, so it is decoded right.
    const early = new Uint8Array([...utf8('a'.repeat(60_000)), ...iconv.encode('工号', 'gb18030')]);
    expect(await decodeAll(early, 1000)).toBe(`${'a'.repeat(60_000)}工号`);
  });

  it('throws a UserError when a UTF-8 file ends in the middle of a character', async () => {
    const bytes = utf8('工号');
    const err = await decodeAll(bytes.subarray(0, 4), 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
  });

  it('decodes with an explicit --encoding', async () => {
    const bytes = new Uint8Array(iconv.encode(TEXT, 'gb18030'));
    expect(await decodeAll(bytes, 3, 'gbk')).toBe(TEXT);
  });

  it('reads an empty file as empty text', async () => {
    expect(await decodeAll(new Uint8Array(0), 10)).toBe('');
  });
});
