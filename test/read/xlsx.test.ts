import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/read/types.js';
import {
  columnOf, formatShape, mergedArea, numberText, parseWhole, relsParser, resolveTarget, serialToText,
  SHARED_MARK, sharedIndex, sharedStringsParser, sheetParser, stylesParser, workbookParser,
} from '../../src/read/xlsx.js';
import { oleIsEncrypted, sniffShape } from '../../src/read/sniff.js';
import type { CellContext } from '../../src/read/xlsx.js';

describe('formatShape', () => {
  it.each([
    ['General', 'number'],
    ['0.00', 'number'],
    ['#,##0.00_);[Red](#,##0.00)', 'number'],
    ['0.00E+00', 'number'],
    ['@', 'number'],
    ['yyyy/m/d', 'date'],
    ['yyyy"年"m"月"d"日"', 'date'],
    ['[$-804]yyyy/m/d h:mm', 'datetime'],
    ['yyyy-mm-dd hh:mm:ss', 'datetime'],
    ['m/d/yy', 'date'],
    ['h:mm AM/PM', 'time'],
    ['[h]:mm:ss', 'time'],
    ['mm:ss', 'time'],
    ['"Day "0', 'number'],
  ])('%s shows a %s', (code, shape) => {
    expect(formatShape(code)).toBe(shape);
  });
});

describe('serialToText', () => {
  it.each([
    [46031, 'date', '2026-01-09'],
    [46031.336805555555, 'datetime', '2026-01-09 08:05'],
    [46031.336805555555, 'date', '2026-01-09'],
    [46031, 'datetime', '2026-01-09'],
    [46031.33681712963, 'datetime', '2026-01-09 08:05:01'],
    // 23:59:59.6 rounds to the next day's midnight, not to 24:00.
    [46031.99999537, 'datetime', '2026-01-10'],
    [0.336805555555, 'time', '08:05'],
    [61, 'date', '1900-03-01'],
    [1, 'date', '1900-01-01'],
  ] as const)('%d as %s is %s', (serial, shape, text) => {
    expect(serialToText(serial, shape, false)).toBe(text);
  });
  it('counts from 1904 when the workbook says so', () => {
    expect(serialToText(44569, 'date', false)).toBe('2022-01-08');
    expect(serialToText(44569, 'date', true)).toBe('2026-01-09');
    expect(serialToText(44569, 'date', false)).toBe('2022-01-08');
  });
  it('gives every day of 40 years, over and over, as a date computed afresh does', () => {
    // More days than the texts it remembers (4096), twice: remembered, forgotten and made again.
    for (let round = 0; round < 2; round++) {
      for (let serial = 40000; serial < 40000 + 40 * 366; serial += 1) {
        const d = new Date((serial - 25569) * 86400 * 1000);
        expect(serialToText(serial + 0.5, 'date', false)).toBe(d.toISOString().slice(0, 10));
      }
    }
  });
});

describe('numberText', () => {
  it.each([
    ['1260.5', '1260.5'],
    ['1260', '1260'],
    ['15', '15'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['1260.4999999999998', '1260.4999999999998'],
    ['100.005', '100.005'],
    ['1.5E-7', '0.00000015'],
    ['1E+21', '1000000000000000000000'],
    ['-2.5e3', '-2500'],
  ])('%s → %s', (v, text) => {
    expect(numberText(v)).toBe(text);
  });
});

describe('cell references', () => {
  it('reads columns and merged areas', () => {
    expect(columnOf('A1')).toBe(0);
    expect(columnOf('Z9')).toBe(25);
    expect(columnOf('AB12')).toBe(27);
    expect(columnOf('12')).toBe(-1);
    expect(mergedArea('B2:C3')).toEqual({ ref: 'B2:C3', top: 2, bottom: 3, left: 1, right: 2 });
    expect(mergedArea('D4')).toEqual({ ref: 'D4', top: 4, bottom: 4, left: 3, right: 3 });
  });
  it('resolves relationship targets', () => {
    expect(resolveTarget('xl/', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/', '../xl/worksheets/./s.xml')).toBe('xl/worksheets/s.xml');
  });
});

describe('workbook parts', () => {
  it('lists sheets in tab order with 1904 dates, prefixed or not', () => {
    const wb = parseWhole(workbookParser(), `<?xml version="1.0"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:workbookPr date1904="1"/><x:sheets><x:sheet name="投诉" sheetId="3" r:id="rId7"/><x:sheet name="说明" sheetId="1" state="hidden" r:id="rId1"/></x:sheets></x:workbook>`);
    expect(wb).toEqual({ date1904: true, sheets: [{ name: '投诉', rid: 'rId7', hidden: false }, { name: '说明', rid: 'rId1', hidden: true }] });
    const rels = parseWhole(relsParser(), `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="x/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`);
    expect([...rels]).toEqual([['rId7', 'xl/worksheets/sheet1.xml'], ['rId1', 'xl/worksheets/sheet2.xml']]);
  });

  it('knows which cell styles show dates, from cellXfs only', () => {
    const shapes = parseWhole(stylesParser(), `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="4"/></cellXfs></styleSheet>`);
    expect(shapes).toEqual(['number', 'datetime', 'date', 'number']);
  });

  it('joins rich text runs and leaves out phonetic guides', () => {
    const ss = parseWhole(sharedStringsParser(), `<sst><si><t>工号</t></si><si><r><t>刘</t></r><r><rPr><b/></rPr><t xml:space="preserve">晓燕 </t></r><rPh sb="0" eb="1"><t>リュウ</t></rPh></si><si><t>a &amp;lt; b</t></si></sst>`);
    expect(ss).toEqual(['工号', '刘晓燕 ', 'a &lt; b']);
  });
});

describe('sheetParser', () => {
  const ctx: CellContext = { sharedStrings: ['工号', '0015', '受理时间'], styles: ['number', 'datetime', 'date'], date1904: false };
  function rows(xmlText: string): { rows: RawRow[]; end: ReturnType<ReturnType<typeof sheetParser>['close']> } {
    const out: RawRow[] = [];
    const sink = sheetParser(ctx, (r) => out.push(r));
    // Fed in small pieces: a chunk boundary may fall anywhere, even inside a tag.
    for (let i = 0; i < xmlText.length; i += 7) sink.write(xmlText.slice(i, i + 7));
    return { rows: out, end: sink.close() };
  }

  it('gives each cell its text, as the spreadsheet numbers rows and columns', () => {
    const { rows: r, end } = rows(`<worksheet><dimension ref="A1:F9"/><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>漠河县电信局</t></is></c></row>
<row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="s"><v>2</v></c></row>
<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" s="1"><v>46031.336805555555</v></c><c r="C4" s="2"><v>46031</v></c><c r="D4"><v>1260.5</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c></row>
<row r="5"><c r="A5" t="str"><f>A4&amp;"x"</f><v>0015x</v></c><c r="B5" s="1"><f>B4+1</f><v>46032.336805555555</v></c><c r="C5"><f>1+1</f><v>2</v></c><c r="D5" t="inlineStr"><is><t>&amp;lt;kept&amp;gt;</t></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t> </t></is></c></row>
<row r="7"><c r="C7"><f>A1</f></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells></worksheet>`);
    expect(r).toEqual([
      { line: 1, fields: ['漠河县电信局'] },
      { line: 3, fields: ['工号', '', '受理时间'] },
      { line: 4, fields: ['0015', '2026-01-09 08:05', '2026-01-09', '1260.5', 'true', '#N/A'] },
      { line: 5, fields: ['0015x', '2026-01-10 08:05', '2', '&lt;kept&gt;'] },
    ]);
    expect(end).toEqual({ merged: [{ ref: 'A1:F1', top: 1, bottom: 1, left: 0, right: 5 }], dimensionRows: 9 });
  });

  it('leaves out rows of blanks, also when a cell written twice blanks out the first', () => {
    const { rows: r } = rows(`<worksheet><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t> </t></is></c><c r="B1" t="inlineStr"><is><t>	</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="A2" t="inlineStr"><is><t> </t></is></c></row>
<row r="3"><c r="B3" t="inlineStr"><is><t>y</t></is></c><c r="A3" t="inlineStr"><is><t> </t></is></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t> </t></is></c><c r="A4" t="inlineStr"><is><t>z</t></is></c></row>
</sheetData></worksheet>`);
    expect(r).toEqual([
      { line: 3, fields: [' ', 'y'] },
      { line: 4, fields: ['z'] },
    ]);
  });

  it('gives a worker\'s shared-string cells as their index, and the same rows once the strings are put in', () => {
    // Strings that show something, blanks only, and nothing; cells that point past the end or are no index;
    // rows of nothing but such cells, which only the strings can decide.
    const strings = ['工号', ' ', '', '0015', '\u3000'];
    const full: CellContext = { sharedStrings: strings, styles: ['number'], date1904: false };
    const deferred: CellContext = { sharedStrings: [], styles: ['number'], date1904: false, sharedDeferred: true };
    const xml = `<worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c></row>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>4</v></c></row>
<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>9</v></c><c r="C3" t="s"><v>3</v></c></row>
<row r="4"><c r="A4" t="s"><v>9</v></c><c r="B4"><v>7</v></c></row>
<row r="5"><c r="A5" t="s"><v>1.5</v></c><c r="B5" t="s"><v></v></c><c r="C5" t="s"><v>99999999999</v></c></row>
<row r="6"><c r="A6" t="s"><v>01</v></c><c r="B6" t="inlineStr"><is><t> </t></is></c></row>
</sheetData></worksheet>`;
    const parse = (ctx: CellContext, text: string): { rows: (RawRow & { undecided: boolean })[]; unsure: boolean } => {
      const out: (RawRow & { undecided: boolean })[] = [];
      const sink = sheetParser(ctx, (r, undecided) => out.push({ ...r, undecided }));
      sink.write(text);
      sink.close();
      return { rows: out, unsure: sink.at.unsure };
    };
    const marked = parse(deferred, xml);
    expect(marked.unsure).toBe(false);
    expect(marked.rows.map((r) => [r.fields, r.undecided])).toEqual([
      [[SHARED_MARK + 0, SHARED_MARK + 3], true],
      [[SHARED_MARK + 1, SHARED_MARK + 2, SHARED_MARK + 4], true],
      [[SHARED_MARK + 2, SHARED_MARK + 9, SHARED_MARK + 3], true],
      [[SHARED_MARK + 9, '7'], false],
      // `1.5` is no index, an empty one is 0 (as Number('') is where the strings are), and one past int32 is no string.
      [['', SHARED_MARK + 0], true],
      [[SHARED_MARK + 1, ' '], true],
    ]);
    // What the main thread does (src/engine/sheets.ts): the strings in, '' past the end, an undecided row of blanks dropped.
    const filled = marked.rows
      .map((r) => ({ line: r.line, undecided: r.undecided, fields: r.fields.map((f) => (sharedIndex(f) === -1 ? f : (strings[sharedIndex(f)] ?? ''))) }))
      .filter((r) => !r.undecided || r.fields.some((f) => f.trim() !== ''))
      .map(({ line, fields }) => ({ line, fields }));
    // The same rows as with the strings, but for cells of nothing, which the width of the header pads anyway.
    const pad = (rows: RawRow[]) => rows.map((r) => ({ line: r.line, fields: [...r.fields, '', '', ''].slice(0, 3) }));
    expect(pad(filled)).toEqual(pad(parse(full, xml).rows));
    expect(filled.map((r) => r.line)).toEqual([1, 3, 4, 5]);
  });

  it('is unsure of a row that writes a column twice beside a shared string, without the strings', () => {
    const deferred: CellContext = { sharedStrings: [], styles: ['number'], date1904: false, sharedDeferred: true };
    const at = (xml: string): boolean => {
      const sink = sheetParser(deferred, () => {});
      sink.write(`<worksheet><sheetData>${xml}</sheetData></worksheet>`);
      sink.close();
      return sink.at.unsure;
    };
    // A3 is '0015', then a second A3 that may be empty (no cell) or a blank that replaces it.
    expect(at('<row r="3"><c r="A3" t="s"><v>3</v></c><c r="A3" t="s"><v>2</v></c></row>')).toBe(true);
    expect(at('<row r="3"><c r="A3"><v>1</v></c><c r="A3" t="s"><v>2</v></c></row>')).toBe(true);
    // Written twice without a shared string, or a shared string without a column written twice: sure.
    expect(at('<row r="3"><c r="A3"><v>1</v></c><c r="A3"><v>2</v></c><c r="B3" t="s"><v>2</v></c></row>')).toBe(true);
    expect(at('<row r="3"><c r="A3"><v>1</v></c><c r="A3"><v>2</v></c></row>')).toBe(false);
    expect(at('<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c></row>')).toBe(false);
  });

  it('numbers rows and cells that carry no reference one after another', () => {
    const { rows: r } = rows(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c><v>7</v></c></row><row><c><v>1</v></c></row></sheetData></worksheet>`);
    expect(r).toEqual([{ line: 1, fields: ['工号', '7'] }, { line: 2, fields: ['1'] }]);
  });

  it('throws on XML that is not well formed', () => {
    expect(() => rows('<worksheet><sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData></worksheet>')).toThrow();
  });
});

describe('sniffShape', () => {
  const b = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc);
  it.each([
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'zip'],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'ole2'],
    [b('\uFEFF<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>'), 'html'],
    [b('  <table border="1"><tr><td>工号</td></tr></table>'), 'html'],
    [Buffer.concat([Buffer.from([0xff, 0xfe]), b('<html><table>', 'utf16le')]), 'html'],
    [b('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'), 'xml2003'],
    [b('工号\t姓名\t部门\n0001\t王芳\t营业厅\n'), 'text'],
    [b('employee,unit,wage\n'), 'text'],
  ] as const)('%#: %s', (head, shape) => {
    expect(sniffShape(head)).toBe(shape);
  });

  it('tells an encrypted workbook from an old .xls by its EncryptionInfo stream', () => {
    expect(oleIsEncrypted(Buffer.concat([Buffer.alloc(600), Buffer.from('EncryptionInfo', 'utf16le')]))).toBe(true);
    expect(oleIsEncrypted(Buffer.concat([Buffer.alloc(600), Buffer.from('Workbook', 'utf16le')]))).toBe(false);
  });
});
