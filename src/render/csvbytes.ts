/**
 * A report's CSV written straight to UTF-8 bytes, a few rows at a time. The
 * text is exactly what the string helpers of format.ts give (formatFen,
 * formatScore, csvCell, csvField, then UTF-8), which test/render/csvbytes.test.ts
 * holds the two to; but a row's numbers become digits in the buffer instead of
 * a string per cell, a joined line and a copy of it in UTF-8. The scores of a
 * 5·10^4-person month are written after its last row, on one core, so their
 * cost adds to the run's whole time (docs/performance.md, session 12).
 */
import type { Fen, Hundredths } from '../types.js';
import { csvCell, csvField, formatFen, formatScore } from './format.js';

/** A chunk is handed on once it holds this many bytes: few writes, and each buffer dies young. */
const CHUNK_BYTES = 48 * 1024;

const COMMA = 44;
const LF = 10;
const QUOTE = 34;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;

const utf8 = new TextEncoder();

/**
 * CSV bytes in chunks that end at a row's end: {@link CsvBytes.endRow} says
 * when one is full enough to hand on.
 *
 * @example
 *   const w = new CsvBytes();
 *   w.text('张三'); w.comma(); w.fen(126000); w.endRow(); // "张三,1260.00\n"
 *   w.take(); // the bytes written since the last take
 */
export class CsvBytes {
  private buf = new Uint8Array(CHUNK_BYTES * 2);
  private pos = 0;

  /** Room for `n` more bytes (a row longer than a chunk grows the buffer). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  /** Bytes as they are (the header, a BOM, a fallback's UTF-8). */
  private bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Text that goes out exactly as given (UTF-8), with no quoting or defence. */
  raw(s: string): void {
    this.bytes(utf8.encode(s));
  }

  comma(): void {
    this.room(1);
    this.buf[this.pos++] = COMMA;
  }

  /** Ends a row; true when the chunk is full enough to `take`. */
  endRow(): boolean {
    this.room(1);
    this.buf[this.pos++] = LF;
    return this.pos >= CHUNK_BYTES;
  }

  /** The bytes written since the last take; the writer starts a new buffer. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(CHUNK_BYTES * 2);
    this.pos = 0;
    return out;
  }

  /** True when nothing was written since the last take. */
  get empty(): boolean {
    return this.pos === 0;
  }

  /**
   * A text cell: `csvField(csvCell(s))` in UTF-8. Most cells (ids, names,
   * units) need neither the formula defence nor quotes, and are encoded here
   * character by character; any other, or one with a surrogate, goes through
   * the string helpers.
   */
  text(s: string): void {
    const n = s.length;
    if (n > 0 && formulaStart(s.charCodeAt(0))) {
      this.raw(csvField(csvCell(s)));
      return;
    }
    this.room(3 * n);
    const buf = this.buf;
    let at = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c === QUOTE || c === COMMA || c === LF) break;
        buf[at++] = c;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else break;
    }
    if (i === n) this.pos = at;
    // A quote, comma, LF or surrogate: what was encoded is left behind, and the helpers write the cell.
    else this.raw(csvField(s));
  }

  /** Money: `formatFen(f)`, two decimals. */
  fen(f: Fen | bigint): void {
    if (typeof f !== 'number' || !Number.isSafeInteger(f)) {
      this.raw(formatFen(f));
      return;
    }
    const cents = this.whole(f);
    this.buf[this.pos++] = DOT;
    this.buf[this.pos++] = ZERO + Math.floor(cents / 10);
    this.buf[this.pos++] = ZERO + (cents % 10);
  }

  /** A score: `formatScore(h)`, up to two decimals without trailing zeros. */
  score(h: Hundredths | number): void {
    if (!Number.isSafeInteger(h)) {
      this.raw(formatScore(h));
      return;
    }
    const cents = this.whole(h);
    if (cents === 0) return;
    this.buf[this.pos++] = DOT;
    this.buf[this.pos++] = ZERO + Math.floor(cents / 10);
    if (cents % 10 !== 0) this.buf[this.pos++] = ZERO + (cents % 10);
  }

  /** A count: `String(n)`. */
  count(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.raw(String(n));
      return;
    }
    this.room(16);
    this.digits(n);
  }

  /** The sign and whole part of `v` hundredths (a safe integer), with room for three more bytes; returns its hundredths. */
  private whole(v: number): number {
    this.room(22);
    if (v < 0) this.buf[this.pos++] = MINUS;
    const abs = Math.abs(v);
    const cents = abs % 100;
    this.digits((abs - cents) / 100);
    return cents;
  }

  /** A non-negative safe integer's decimal digits (room made by the caller). */
  private digits(n: number): void {
    let len = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) len += 1;
    let at = this.pos + len;
    let m = n;
    do {
      const q = Math.floor(m / 10);
      this.buf[--at] = ZERO + (m - q * 10);
      m = q;
    } while (m > 0);
    this.pos += len;
  }
}

/** `=`, `+`, `-`, `@`, TAB or CR: a first character that makes a spreadsheet read a formula (format.ts, FORMULA_START). */
function formulaStart(c: number): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}
