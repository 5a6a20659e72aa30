import { describe, expect, it } from 'vitest';
import { SheetSplitter, hasMarkupDeclarations, segmentOwner } from '../../src/read/sheetsplit.js';
import { SegmentOwners } from '../../src/engine/sheetpieces.js';

/** Cuts `xml`, fed in chunks of `sizes` (cycled), and records the pieces. */
function cut(xml: string, sizes: number[], rows = 2, chars = 1e9): { head: string | null; segments: [number, string][]; rest: [number, string][]; count: number } {
  const out = { head: null as string | null, segments: [] as [number, string][], rest: [] as [number, string][], count: -1 };
  const s = new SheetSplitter({
    head: (t) => { out.head = t; },
    segment: (k, t) => { out.segments.push([k, t]); },
    rest: (k, t) => { out.rest.push([k, t]); },
    end: (n) => { out.count = n; },
  }, { rows, chars });
  for (let at = 0, j = 0; at < xml.length; j++) {
    const n = sizes[j % sizes.length] as number;
    s.write(xml.slice(at, at + n));
    at += n;
  }
  s.end();
  return out;
}

const row = (r: number) => `<row r="${r}"><c r="A${r}" t="s"><v>${r}</v></c></row>`;
const sheet = (n: number, prefix = '') => {
  const p = prefix ? `${prefix}:` : '';
  const rows = Array.from({ length: n }, (_, i) => row(i + 1).replaceAll('<', `<${p}`).replaceAll(`<${p}/`, `</${p}`)).join('\n');
  return `<?xml version="1.0"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="x"><${p}dimension ref="A1:A${n}"/><${p}sheetData>${rows}</${p}sheetData><${p}mergeCells count="1"><${p}mergeCell ref="A1:B1"/></${p}mergeCells></${p}worksheet>`;
};

describe('cutting a sheet between rows (src/read/sheetsplit.ts)', () => {
  it('gives the same pieces whatever the chunks, and they put the text back together', () => {
    const xml = sheet(11);
    const whole = cut(xml, [xml.length]);
    expect(whole.head).toMatch(/<sheetData>$/);
    expect(whole.segments.map(([k]) => k)).toEqual([0, 1, 2, 3, 4]);
    for (const [, t] of whole.segments) expect(t.match(/<\/row>/g)).toHaveLength(2);
    expect(whole.segments.every(([, t]) => t.endsWith('</row>'))).toBe(true);
    expect(whole.rest.map(([k]) => k)).toEqual([5]);
    expect(whole.count).toBe(6);
    const joined = (o: ReturnType<typeof cut>) => (o.head ?? '') + o.segments.map(([, t]) => t).join('') + o.rest.map(([, t]) => t).join('');
    expect(joined(whole)).toBe(xml);
    for (const sizes of [[1], [2], [3], [5], [6], [7], [1, 13], [64]]) {
      const o = cut(xml, sizes);
      expect({ sizes, ...o }).toEqual({ sizes, ...whole });
    }
  });

  it('cuts by characters too, and finds prefixed row tags', () => {
    const xml = sheet(6, 'x');
    const o = cut(xml, [4], 1000, row(1).length * 2);
    expect(o.head).toMatch(/<x:sheetData>$/);
    expect(o.segments.length).toBe(3);
    for (const [, t] of o.segments) expect(t.endsWith('</x:row>')).toBe(true);
  });

  it('cuts nothing in a sheet without rows or without a sheetData start tag: all of it is segment 0', () => {
    for (const xml of ['<worksheet><sheetData/></worksheet>', '<worksheet><foo/></worksheet>', '']) {
      const o = cut(xml, [3]);
      expect(o.head).toBeNull();
      expect(o.segments).toEqual([]);
      expect(o.rest.map(([, t]) => t).join('')).toBe(xml);
      expect(o.count).toBe(1);
    }
  });

  it('knows text that could hide a row end tag', () => {
    expect(hasMarkupDeclarations('<row><c><v>1</v></c></row>')).toBe(false);
    expect(hasMarkupDeclarations('<!-- </row> -->')).toBe(true);
    expect(hasMarkupDeclarations('<![CDATA[</row>]]>')).toBe(true);
    expect(hasMarkupDeclarations('<?pi </row>?>')).toBe(true);
    expect(hasMarkupDeclarations('<row r="1"/><row r="2"><c><v>1</v></c></row><')).toBe(false);
    expect(hasMarkupDeclarations('<row r="1"/><row r="2"><c><v>1</v></c></row><!')).toBe(true);
  });
});

describe('segmentOwner', () => {
  it('gives the first parser one segment for every two of each other parser, in a cycle', () => {
    expect(Array.from({ length: 7 }, (_, k) => segmentOwner(k, 1))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from({ length: 7 }, (_, k) => segmentOwner(k, 2))).toEqual([0, 1, 1, 0, 1, 1, 0]);
    expect(Array.from({ length: 11 }, (_, k) => segmentOwner(k, 3))).toEqual([0, 1, 1, 2, 2, 0, 1, 1, 2, 2, 0]);
  });
});

describe('SegmentOwners', () => {
  const owners = (n: number, count: number, mainEvery: number, idle: (k: number) => boolean = () => false) => {
    let at = 0;
    const o = new SegmentOwners({ count, mainEvery }, () => idle(at));
    return Array.from({ length: n }, (_, k) => {
      at = k;
      return o.next(k);
    });
  };

  it('gives the main thread, the last parser, one segment in mainEvery, and shares the rest between the workers', () => {
    expect(owners(13, 2, 6)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
    expect(owners(9, 3, 3)).toEqual([0, 1, 2, 1, 0, 2, 1, 1, 2]);
    expect(owners(4, 2, 1)).toEqual([1, 1, 1, 1]);
  });

  it('gives the main thread also the segments cut while it is idle, and the workers keep their cycle', () => {
    expect(owners(8, 3, 6, (k) => k === 1 || k === 2)).toEqual([0, 2, 2, 1, 1, 2, 0, 1]);
  });

  it('is segmentOwner when the main thread parses nothing', () => {
    expect(owners(11, 3, 0, () => true)).toEqual(Array.from({ length: 11 }, (_, k) => segmentOwner(k, 3)));
  });
});
