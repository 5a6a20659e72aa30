/**
 * Bytes → text (SPEC §3.3). UTF-8 with or without BOM, UTF-16 with BOM and
 * GB18030 are read without options: a file with no BOM that is valid UTF-8 in
 * its first 64 KiB is UTF-8, anything else is GB18030 (what Excel writes on a
 * Chinese Windows). `--encoding` overrides the guess.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import type Iconv from 'iconv-lite';
import { UserError, fail } from '../problems.js';

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

/** How many bytes are read before the encoding is decided. */
export const SNIFF_BYTES = 64 * 1024;

const ENCODING_NAMES: ReadonlyMap<string, Encoding> = new Map([
  ['utf8', 'utf8'], ['utf-8', 'utf8'],
  ['utf16le', 'utf16le'], ['utf-16le', 'utf16le'], ['ucs2', 'utf16le'], ['ucs-2', 'utf16le'],
  ['utf16be', 'utf16be'], ['utf-16be', 'utf16be'],
  // GB18030 is a superset of GBK and GB2312, so one decoder reads all three.
  ['gb18030', 'gb18030'], ['gbk', 'gb18030'], ['gb2312', 'gb18030'], ['cp936', 'gb18030'],
]);

/** Maps a user-given encoding name (`UTF-8`, `gbk`, …) to one assess reads, or null. */
export function normaliseEncoding(name: string): Encoding | null {
  return ENCODING_NAMES.get(name.trim().toLowerCase()) ?? null;
}

const BOMS: ReadonlyArray<{ encoding: Encoding; bytes: readonly number[] }> = [
  { encoding: 'utf8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf16be', bytes: [0xfe, 0xff] },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * How many bytes at the end of `bytes` are the start of a UTF-8 character
 * that continues in the next chunk (0–3). Those bytes are not judged yet.
 */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const len = bytes.length;
  for (let k = 1; k <= 3 && k <= len; k++) {
    const b = bytes[len - k] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (b < 0xc0) return 0; // ASCII: the chunk ends on a boundary
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > k ? k : 0;
  }
  return 0;
}

/** True when `head` is valid UTF-8, allowing it to end in the middle of a character. */
function isUtf8Prefix(head: Uint8Array): boolean {
  return isUtf8(head.subarray(0, head.length - incompleteUtf8Tail(head)));
}

/**
 * Decides a file's encoding from its first bytes: a BOM wins; otherwise valid
 * UTF-8 → utf8, else gb18030. With `override` (from `--encoding`) that
 * encoding is used, and its BOM is still skipped when present. `bom` is the
 * number of BOM bytes to skip. Throws a usage error for an unknown override.
 */
export function sniffEncoding(head: Uint8Array, override?: string): { encoding: Encoding; bom: number } {
  if (override !== undefined) {
    const encoding = normaliseEncoding(override);
    if (encoding === null) {
      throw fail('USAGE_UNKNOWN_ENCODING', null, { value: override });
    }
    const bom = BOMS.find((b) => b.encoding === encoding && startsWith(head, b.bytes));
    return { encoding, bom: bom?.bytes.length ?? 0 };
  }
  const bom = BOMS.find((b) => startsWith(head, b.bytes));
  if (bom !== undefined) return { encoding: bom.encoding, bom: bom.bytes.length };
  return { encoding: isUtf8Prefix(head) ? 'utf8' : 'gb18030', bom: 0 };
}

/** A file opened for decoding: its encoding and its bytes with the BOM removed. */
export interface OpenedBytes {
  encoding: Encoding;
  bytes: AsyncGenerator<Uint8Array>;
}

/** Reads up to {@link SNIFF_BYTES}, decides the encoding, and hands back every byte after the BOM. */
export async function openBytes(chunks: AsyncIterable<Uint8Array>, override?: string): Promise<OpenedBytes> {
  const it = chunks[Symbol.asyncIterator]();
  const headParts: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done === true) {
      done = true;
      break;
    }
    headParts.push(next.value);
    size += next.value.length;
  }
  const head = headParts.length === 1 ? (headParts[0] as Uint8Array) : Buffer.concat(headParts);
  const { encoding, bom } = sniffEncoding(head, override);
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (head.length > bom) yield head.subarray(bom);
      while (!done) {
        const next = await it.next();
        if (next.done === true) break;
        yield next.value;
      }
    } finally {
      // Closes the underlying file stream when the reader stops early.
      if (!done) await it.return?.();
    }
  }
  return { encoding, bytes: rest() };
}

/** The error for invalid UTF-8 at byte `offset` of `file`. */
export function notUtf8(file: string, offset: number): UserError {
  return fail('FILE_NOT_UTF8', { file }, { offset });
}

/**
 * Validates UTF-8 bytes without decoding them and yields them cut on
 * character boundaries, so each part can be decoded on its own. This is the
 * fast path for csv-parse, which works on bytes. Throws a UserError naming
 * the file at the first invalid byte sequence.
 */
export async function* validUtf8Parts(bytes: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Buffer> {
  let carry: Uint8Array | null = null;
  let offset = 0;
  for await (const chunk of bytes) {
    const part: Uint8Array = carry === null ? chunk : Buffer.concat([carry, chunk]);
    const cut = part.length - incompleteUtf8Tail(part);
    const whole = part.subarray(0, cut);
    if (!isUtf8(whole)) throw notUtf8(file, offset + firstInvalidUtf8(whole));
    offset += cut;
    carry = cut < part.length ? part.slice(cut) : null;
    if (cut > 0) yield Buffer.from(whole.buffer, whole.byteOffset, whole.length);
  }
  if (carry !== null) throw notUtf8(file, offset);
}

/** Offset of the first invalid sequence in bytes known to be invalid UTF-8 (for the message only). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on valid prefixes; a prefix is "valid" if only its tail is incomplete.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (isUtf8Prefix(bytes.subarray(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo - incompleteUtf8Tail(bytes.subarray(0, lo));
}

/** A streaming decoder for one encoding: `write` a chunk, `end` once. */
interface StreamDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

function utf8Decoder(file: string): StreamDecoder {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  const guard = (decode: () => string, size: number): string => {
    try {
      const s = decode();
      offset += size;
      return s;
    } catch {
      throw notUtf8(file, offset);
    }
  };
  return {
    write: (chunk) => guard(() => decoder.decode(chunk, { stream: true }), chunk.length),
    end: () => guard(() => decoder.decode(), 0),
  };
}

let iconvModule: typeof Iconv | undefined;

/**
 * iconv-lite, loaded the first time a file is not UTF-8: its code tables are
 * half a megabyte that every other run would parse at start-up for nothing
 * (it stays outside the bundle, scripts/build.mjs).
 */
function iconvLite(): typeof Iconv {
  iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof Iconv;
  return iconvModule;
}

function iconvDecoder(encoding: Exclude<Encoding, 'utf8'>): StreamDecoder {
  const decoder = iconvLite().getDecoder(encoding, { stripBOM: false });
  return {
    write: (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)),
    end: () => decoder.end() ?? '',
  };
}

/**
 * Decodes a file's byte chunks into text chunks: sniffs the encoding on the
 * first 64 KiB (unless `encoding` overrides it), strips the BOM and decodes
 * as a stream. A file taken for UTF-8 that turns out invalid further on
 * throws a UserError naming the file and suggesting `--encoding gb18030`.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  opts: { file: string; encoding?: string },
): AsyncGenerator<string> {
  const opened = await openBytes(chunks, opts.encoding);
  const decoder = opened.encoding === 'utf8' ? utf8Decoder(opts.file) : iconvDecoder(opened.encoding);
  for await (const chunk of opened.bytes) {
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const last = decoder.end();
  if (last.length > 0) yield last;
}
