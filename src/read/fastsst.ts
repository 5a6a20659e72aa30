/**
 * A fast path for a workbook's shared strings (`xl/sharedStrings.xml`) in the
 * shape spreadsheet programs write them: `<si><t>text</t></si>` items, the
 * `<t>` perhaps with `xml:space="preserve"`, in an `<sst>` root after an XML
 * declaration. As src/read/fastcsv.ts does for csv-parse, it gives exactly
 * what the saxes parser (sharedStringsParser, src/read/xlsx.ts) gives, and
 * gives up at the first thing it does not read the same way: rich-text runs,
 * phonetic guides, a character reference, CDATA, a comment, a prefix, a CR,
 * a character XML forbids, anything malformed. The caller then reads the part
 * again with saxes, which also reports whatever is wrong with it. So a
 * workbook's strings and its errors are the saxes parser's either way.
 *
 * Why: the shared strings of the bench's 10^5-row workbook (2.9 MB, 1.1·10^5
 * items) took saxes ~0.15-0.2 s on the main thread, which also types and
 * assesses every row; this reads them with indexOf and slices
 * (docs/performance.md, session 12).
 */
import type { XmlSink } from './xlsx.js';

/** The five entities XML predefines; any other `&` makes the fast path give up. */
const ENTITIES = new Map([
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&apos;', "'"],
]);

/** Characters the fast path does not take in text: C0 controls but TAB and LF, CR (line ends are normalised), surrogates, U+FFFE and U+FFFF; and `]]>`, which text may not hold. */
const UNUSUAL_TEXT = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|]]>/;

/** The XML declaration as XML allows it: a version, perhaps an encoding, perhaps standalone, in that order. */
const DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.0\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/;

/** The root's start tag, unprefixed, each attribute once in double quotes (checked apart). */
const ROOT = /^<sst((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<&]*")*)\s*>/;
const ATTRIBUTE_NAME = /([A-Za-z_][\w.:-]*)\s*=/g;

const ITEM_PLAIN = '<si><t>';
const ITEM_PRESERVE = '<si><t xml:space="preserve">';
const ITEM_END = '</t></si>';
const ROOT_END = '</sst>';

/** Only XML white space (space, TAB, LF; a CR makes it give up). */
const BLANK = /^[ \t\n]*$/;

/**
 * Text held back for the next piece at most: an item longer than this is
 * left to saxes, so that a hostile part of one huge item is not scanned
 * again with every piece.
 */
const MAX_CARRY = 1 << 20;

/**
 * A sink for the part's text in pieces, as the saxes sinks are; `close()`
 * gives the strings, or null when the fast path gave up (the rest of the
 * text was then skipped).
 *
 * @example
 *   const sink = fastSharedStrings();
 *   sink.write('<?xml version="1.0"?><sst><si><t>张三</t></si></sst>');
 *   sink.close(); // ['张三']
 */
export function fastSharedStrings(): XmlSink<string[] | null> {
  const out: string[] = [];
  let carry = '';
  let stage: 'prolog' | 'items' | 'after' | 'gave-up' = 'prolog';

  /** Reads what it can of `s`; returns where it stopped (the rest waits for more text), or -1 to give up. */
  const scan = (s: string, end: boolean): number => {
    let pos = 0;
    if (stage === 'prolog') {
      const rootAt = s.indexOf('<sst');
      const close = rootAt === -1 ? -1 : s.indexOf('>', rootAt);
      if (close === -1) return end ? -1 : 0;
      const declaration = DECLARATION.exec(s);
      if (declaration !== null) pos = declaration[0].length;
      while (pos < s.length && (s.charCodeAt(pos) === 32 || s.charCodeAt(pos) === 9 || s.charCodeAt(pos) === 10)) pos++;
      const tag = s.slice(pos, close + 1);
      const root = ROOT.exec(tag);
      if (root === null || UNUSUAL_TEXT.test(tag) || !distinctAttributes(root[1] as string)) return -1;
      pos = close + 1;
      stage = 'items';
    }
    while (stage === 'items') {
      const lt = s.indexOf('<', pos);
      if (lt === -1) return BLANK.test(s.slice(pos)) ? (end ? -1 : s.length) : -1;
      if (lt > pos && !BLANK.test(s.slice(pos, lt))) return -1;
      pos = lt;
      let open: number;
      if (s.startsWith(ITEM_PLAIN, pos)) open = ITEM_PLAIN.length;
      else if (s.startsWith(ITEM_PRESERVE, pos)) open = ITEM_PRESERVE.length;
      else if (s.startsWith(ROOT_END, pos)) {
        pos += ROOT_END.length;
        stage = 'after';
        break;
      } else if (s.length - pos < ITEM_PRESERVE.length && !end) return pos; // a tag cut by the piece's end
      else return -1;
      const from = pos + open;
      const to = s.indexOf('<', from);
      if (to === -1) return end ? -1 : pos;
      if (s.length - to < ITEM_END.length) return end ? -1 : pos;
      if (!s.startsWith(ITEM_END, to)) return -1;
      const text = textOf(s.slice(from, to));
      if (text === null) return -1;
      out.push(text);
      pos = to + ITEM_END.length;
    }
    // After the root: white space only, to the end.
    return BLANK.test(s.slice(pos)) ? s.length : -1;
  };

  return {
    write(t) {
      if (stage === 'gave-up') return;
      const s = carry === '' ? t : carry + t;
      const at = scan(s, false);
      if (at === -1 || s.length - at > MAX_CARRY) {
        stage = 'gave-up';
        carry = '';
      } else carry = s.slice(at);
    },
    close() {
      if (stage === 'gave-up') return null;
      const at = carry === '' ? 0 : scan(carry, true);
      if (at === -1 || stage !== 'after' || (carry !== '' && at !== carry.length)) return null;
      return out;
    },
  };
}

/** An item's text with its entities read; null when it holds anything the fast path leaves to saxes. */
function textOf(raw: string): string | null {
  if (UNUSUAL_TEXT.test(raw)) return null;
  if (raw.indexOf('&') === -1) return raw;
  let text = '';
  let at = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', at)) {
    const semi = raw.indexOf(';', amp);
    const entity = semi === -1 ? undefined : ENTITIES.get(raw.slice(amp, semi + 1));
    if (entity === undefined) return null;
    text += raw.slice(at, amp) + entity;
    at = semi + 1;
  }
  return text + raw.slice(at);
}

/** True when no attribute name of the root's start tag repeats (saxes rejects a repeated one). */
function distinctAttributes(attributes: string): boolean {
  const seen = new Set<string>();
  for (const m of attributes.matchAll(ATTRIBUTE_NAME)) {
    if (seen.has(m[1] as string)) return false;
    seen.add(m[1] as string);
  }
  return true;
}
