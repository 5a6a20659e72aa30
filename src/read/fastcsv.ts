/**
 * A fast path for the common shape of CSV (SPEC §9): RFC 4180 records with
 * LF or CRLF line ends. It gives exactly the records csv-parse gives with the
 * options src/read/csv.ts uses, and steps aside — "bails" — at the first thing
 * it does not handle the same way (a stray quote, a lone CR, a line end other
 * than the file's, a record near csv-parse's size limit, an unclosed quote at
 * the end), handing csv-parse the text from the start of that record. Since
 * both parsers agree on every record before it, the result is csv-parse's.
 *
 * Why: csv-parse walks bytes one at a time through a general state machine
 * with many options; this walks a decoded string with indexOf and slices, and
 * is several times faster on the 10^7-row months of §9.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Records longer than this (UTF-16 units, ≤ 3 UTF-8 bytes each) go to csv-parse, which enforces its byte limit. */
const MAX_FAST_RECORD = 2_000_000;

/** The record delimiter, as csv-parse discovers it from the first line end outside quotes. */
export type RecordDelimiter = '' | '\n' | '\r\n';

/** What the fast parser did with a part of the text. */
export type FastOutcome = { bail: false } | { bail: true; rest: string; recordDelimiter: RecordDelimiter };

/** An incremental fast CSV parser for one file; feed parts in order, `end` on the last. */
export interface FastCsv {
  /** `push` gets each record and the number of line breaks inside its quoted fields. */
  parse(text: string, end: boolean, push: (record: string[], breaks: number) => void): FastOutcome;
}

/** A fast parser for `delimiter` (one character); `recordDelimiter` when already known (a file read from its middle). */
export function createFastCsv(delimiter: string, recordDelimiter: RecordDelimiter = ''): FastCsv {
  const DELIM = delimiter.charCodeAt(0);
  let carry = '';
  let rd: RecordDelimiter = recordDelimiter;

  /** Length of the record delimiter at `p` (0 when `p` ends no record), -1 to bail, -2 for more data. */
  const lineEnd = (s: string, p: number, n: number, end: boolean): number => {
    const c = s.charCodeAt(p);
    if (c === LF) {
      if (rd === '') rd = '\n';
      return rd === '\n' ? 1 : -1;
    }
    // c === CR
    if (p + 1 >= n) return end ? -1 : -2;
    if (s.charCodeAt(p + 1) !== LF) return -1;
    if (rd === '') rd = '\r\n';
    return rd === '\r\n' ? 2 : -1;
  };

  return {
    parse(text, end, push) {
      const s = carry === '' ? text : carry + text;
      carry = '';
      const n = s.length;
      let pos = 0;
      const bail = (at: number): FastOutcome => ({ bail: true, rest: s.slice(at), recordDelimiter: rd });
      while (pos < n) {
        const start = pos;
        const fields: string[] = [];
        let breaks = 0;
        let p = pos;
        let more = false;
        let closed = false;
        for (;;) {
          if (p < n && s.charCodeAt(p) === QUOTE) {
            // Quoted field: up to the quote that is not doubled.
            let value = '';
            let seg = p + 1;
            let q = seg;
            for (;;) {
              const k = s.indexOf('"', q);
              if (k === -1) {
                if (end) return bail(start); // csv-parse reports the unclosed quote
                more = true;
                break;
              }
              if (k + 1 >= n && !end) {
                more = true;
                break;
              }
              if (k + 1 < n && s.charCodeAt(k + 1) === QUOTE) {
                value += s.slice(seg, k + 1);
                q = k + 2;
                seg = q;
                continue;
              }
              value += s.slice(seg, k);
              p = k + 1;
              break;
            }
            if (more) break;
            // Only a quoted field can hold a line break (CRLF, LF or a lone CR count one each).
            if (value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) breaks += lineBreaks(value);
            fields.push(value);
            if (p >= n) {
              closed = true; // end of the text (end is true here)
              break;
            }
            const c = s.charCodeAt(p);
            if (c === DELIM) {
              p += 1;
              continue;
            }
            if (c !== LF && c !== CR) return bail(start); // text after a closing quote
            const len = lineEnd(s, p, n, end);
            if (len === -1) return bail(start);
            if (len === -2) {
              more = true;
              break;
            }
            p += len;
            closed = true;
            break;
          }
          // Unquoted field: up to the delimiter or a line end; a quote inside is csv-parse's error.
          let k = p;
          let c = -1;
          while (k < n) {
            c = s.charCodeAt(k);
            if (c === DELIM || c === LF || c === CR) break;
            if (c === QUOTE) return bail(start);
            k++;
          }
          if (k >= n) {
            if (!end) {
              more = true;
              break;
            }
            fields.push(s.slice(p, k));
            p = k;
            closed = true;
            break;
          }
          fields.push(s.slice(p, k));
          if (c === DELIM) {
            p = k + 1;
            continue;
          }
          const len = lineEnd(s, k, n, end);
          if (len === -1) return bail(start);
          if (len === -2) {
            more = true;
            break;
          }
          p = k + len;
          closed = true;
          break;
        }
        if (more) {
          if (n - start > MAX_FAST_RECORD) return bail(start);
          carry = s.slice(start);
          return { bail: false };
        }
        if (closed) {
          if (p - start > MAX_FAST_RECORD) return bail(start);
          push(fields, breaks);
          pos = p;
        }
      }
      return { bail: false };
    },
  };
}

/** Line breaks in a field: CRLF, LF or a lone CR, one each. */
export function lineBreaks(f: string): number {
  let n = 0;
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && f.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}
