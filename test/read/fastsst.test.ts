import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastSharedStrings } from '../../src/read/fastsst.js';
import { sharedStringsParser } from '../../src/read/xlsx.js';

/** Feeds `text` to a sink in the pieces `cuts` makes (positions), and closes it. */
function feed<T>(sink: { write(t: string): void; close(): T }, text: string, cuts: number[] = []): T {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= text.length) continue;
    sink.write(text.slice(at, cut));
    at = cut;
  }
  sink.write(text.slice(at));
  return sink.close();
}

const saxes = (text: string): string[] => feed(sharedStringsParser(), text);
const fast = (text: string, cuts: number[] = []): string[] | null => feed(fastSharedStrings(), text, cuts);

/** A character of an item's text, escaped as a writer may escape it. */
const piece = fc.oneof(
  fc.constantFrom('张', '三', '营业厅', 'E0001', ' ', '\t', '\n', '>', '0012', '-5', '=SUM(A1)', 'é', '·'),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '"', "'"),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/[&<\r\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g, '').replaceAll(']]>', '')),
);
const item = fc.record({ text: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), preserve: fc.boolean(), gap: fc.constantFrom('', '', '\n', '  ') });
const document = fc.record({
  declaration: fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', "<?xml version='1.0'?>"),
  root: fc.constantFrom('<sst>', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'),
  items: fc.array(item, { maxLength: 30 }),
  tail: fc.constantFrom('', '\n'),
}).map((d) => `${d.declaration}${d.root}${d.items.map((i) => `${i.gap}<si><t${i.preserve ? ' xml:space="preserve"' : ''}>${i.text}</t></si>`).join('')}</sst>${d.tail}`);

describe('the fast path for shared strings', () => {
  it('reads what spreadsheet programs write exactly as saxes does, however the text is cut into pieces', () => {
    fc.assert(
      fc.property(document, fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }), (text, cuts) => {
        const got = fast(text, cuts);
        expect(got).not.toBeNull();
        expect(got).toEqual(saxes(text));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a workbook-sized part in 64 KiB pieces', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => `<si><t>${i % 3 === 0 ? '营业厅' : 'E'}${i}&amp;</t></si>`).join('');
    const text = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst count="50000">${items}</sst>`;
    const cuts = Array.from({ length: Math.floor(text.length / 65536) }, (_, k) => (k + 1) * 65536);
    const got = fast(text, cuts);
    expect(got).toHaveLength(50_000);
    expect(got).toEqual(saxes(text));
  });

  // Each gives up; saxes then reads the part (or reports what is wrong with it), as without the fast path.
  it.each([
    ['rich-text runs', '<sst><si><r><rPr><sz val="10"/></rPr><t>a</t></r><r><t>b</t></r></si></sst>', ['ab']],
    ['a phonetic guide', '<sst><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si></sst>', ['東京']],
    ['a character reference', '<sst><si><t>a&#10;b</t></si></sst>', ['a\nb']],
    ['CDATA', '<sst><si><t><![CDATA[<x>]]></t></si></sst>', ['<x>']],
    ['a comment', '<sst><!-- x --><si><t>a</t></si></sst>', ['a']],
    ['a prefixed root', '<x:sst xmlns:x="urn:x"><x:si><x:t>a</x:t></x:si></x:sst>', ['a']],
    ['a CR', '<sst><si><t>a\r\nb</t></si></sst>', ['a\nb']],
    ['an astral character', '<sst><si><t>𠀋</t></si></sst>', ['𠀋']],
    ['an empty <t/>', '<sst><si><t/></si></sst>', ['']],
    ['white space inside an item', '<sst><si> <t>a</t></si></sst>', ['a']],
    ['a comment after the root', '<sst><si><t>a</t></si></sst><!-- end -->', ['a']],
    ['XML 1.1', '<?xml version="1.1"?><sst><si><t>a</t></si></sst>', ['a']],
  ])('gives up on %s', (_, text, strings) => {
    expect(fast(text)).toBeNull();
    expect(saxes(text)).toEqual(strings);
  });

  it.each([
    ['a tag inside the text', '<sst><si><t>a<b</t></si></sst>'],
    ['an unknown entity', '<sst><si><t>&nbsp;</t></si></sst>'],
    ['an entity without its semicolon', '<sst><si><t>a &amp b</t></si></sst>'],
    ['a control character', '<sst><si><t>a\u0001b</t></si></sst>'],
    [']]> in text', '<sst><si><t>a]]>b</t></si></sst>'],
    ['no end of the root', '<sst><si><t>a</t></si>'],
    ['an item cut short', '<sst><si><t>a</t></sst>'],
    ['a repeated attribute', '<sst count="1" count="2"><si><t>a</t></si></sst>'],
    ['a declaration not at the start', ' <?xml version="1.0"?><sst><si><t>a</t></si></sst>'],
    ['text after the root', '<sst><si><t>a</t></si></sst>b'],
    ['nothing at all', ''],
  ])('gives up on malformed XML: %s, which saxes reports', (_, text) => {
    expect(fast(text)).toBeNull();
    expect(() => saxes(text)).toThrow();
  });

  it('gives up on an item longer than it holds back, and saxes reads it', () => {
    const long = '长'.repeat(1_500_000);
    const text = `<sst><si><t>${long}</t></si></sst>`;
    const cuts = Array.from({ length: 40 }, (_, k) => (k + 1) * 65536);
    expect(fast(text, cuts)).toBeNull();
    expect(saxes(text)).toEqual([long]);
  });
});
