import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectDelimiter, readRows, readRowsFromText } from '../../src/read/csv.js';
import type { RawRow } from '../../src/read/types.js';
import { UserError } from '../../src/problems.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function rowsOf(bytes: Uint8Array, size = 1 << 16, encoding?: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRows(chunked(bytes, size), { file: 'in.csv', encoding })) rows.push(row);
  return rows;
}

const TEXT = '工号,姓名,部门\nE001,张三,营业厅\nE002,"李四, 小",线务站\n';
const EXPECTED: RawRow[] = [
  { fields: ['工号', '姓名', '部门'], line: 1 },
  { fields: ['E001', '张三', '营业厅'], line: 2 },
  { fields: ['E002', '李四, 小', '线务站'], line: 3 },
];

describe('readRows: encodings', () => {
  const encodings: Array<[string, Uint8Array]> = [
    ['UTF-8', new Uint8Array(Buffer.from(TEXT, 'utf8'))],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(TEXT, 'utf8')])],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16BE with BOM', new Uint8Array([0xfe, 0xff, ...Buffer.from(TEXT, 'utf16le').swap16()])],
    ['GB18030', new Uint8Array(iconv.encode(TEXT, 'gb18030'))],
  ];
  it.each(encodings)('reads %s in any chunking', async (_name, bytes) => {
    for (const size of [1, 3, 7, 1 << 16]) expect(await rowsOf(bytes, size)).toEqual(EXPECTED);
  });

  it('reads GB18030 when told to, and fails clearly on UTF-8 that breaks late', async () => {
    expect(await rowsOf(new Uint8Array(iconv.encode(TEXT, 'gb18030')), 5, 'gb18030')).toEqual(EXPECTED);
    const late = new Uint8Array([...Buffer.from(`a,b\n${'x,y\n'.repeat(20_000)}`), ...iconv.encode('工,号\n', 'gb18030')]);
    await expect(rowsOf(late, 4096)).rejects.toThrow(/in\.csv: not valid UTF-8.*--encoding gb18030/);
  });
});

describe('readRows: dialects', () => {
  it.each([
    ['comma', ','], ['semicolon', ';'], ['tab', '\t'],
  ])('detects the %s delimiter', async (_name, d) => {
    const text = TEXT.replaceAll(',', d).replace(`"李四${d} 小"`, '"李四, 小"');
    const rows = await readRowsFromText(text, { file: 'in.csv' });
    expect(rows).toEqual(EXPECTED);
  });

  it.each([
    ['a,b;c;d\n', ';'], ['a;b,c,d\n', ','], ['a\tb\tc;d\n', '\t'], ['"a;b;c",d\n', ','], ['abc\n', ','], ['a,b\n1;2;3;4\n', ','],
    ['', ','], ['a;b', ';'],
  ])('detectDelimiter(%j) = %j', (text, want) => expect(detectDelimiter(text)).toBe(want));

  it('reads CRLF and LF alike, and a last line without a line end', async () => {
    const crlf = await readRowsFromText(TEXT.replaceAll('\n', '\r\n'), { file: 'in.csv' });
    expect(crlf).toEqual(EXPECTED);
    expect(await readRowsFromText(TEXT.trimEnd(), { file: 'in.csv' })).toEqual(EXPECTED);
  });

  it('reads RFC 4180 quotes and gives the line each record starts on', async () => {
    const text = [
      'id,note,n', // 1
      '1,"a, b",x', // 2
      '2,"say ""hi""",y', // 3
      '3,"two', // 4
      'lines",z', // 5
      '', // 6: blank
      '4,"three', // 7
      '', // 8: inside the quotes
      'lines",w', // 9
      ',,', // 10: a row of nothing, as spreadsheets write empty rows
      '   ', // 11: only spaces
      '5,"",v', // 12
    ].join('\r\n');
    for (const chunkSize of [1, 2, 5, 1 << 16]) {
      const rows = await readRowsFromText(text, { file: 'in.csv', chunkSize });
      expect(rows).toEqual([
        { fields: ['id', 'note', 'n'], line: 1 },
        { fields: ['1', 'a, b', 'x'], line: 2 },
        { fields: ['2', 'say "hi"', 'y'], line: 3 },
        { fields: ['3', 'two\r\nlines', 'z'], line: 4 },
        { fields: ['4', 'three\r\n\r\nlines', 'w'], line: 7 },
        { fields: ['5', '', 'v'], line: 12 },
      ]);
    }
  });

  it('skips blank lines before the header and counts them', async () => {
    expect(await readRowsFromText('\n\na,b\n\n1,2\n', { file: 'in.csv' })).toEqual([
      { fields: ['a', 'b'], line: 3 },
      { fields: ['1', '2'], line: 5 },
    ]);
  });

  it('keeps rows whose field count differs (the typer rejects them)', async () => {
    expect(await readRowsFromText('a,b\n1,2,3\n4\n', { file: 'in.csv' })).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['4'], line: 3 },
    ]);
  });

  it('reads an empty file as no rows', async () => {
    expect(await readRowsFromText('', { file: 'in.csv' })).toEqual([]);
  });
});

describe('readRows: malformed files', () => {
  it.each([
    ['a,b\n1,2\n3,"4\n5,6\n', 'in.csv:3: a quoted field is never closed'],
    ['a,b\n1,"2"x\n', 'in.csv:2: a quoted field has text after its closing quote'],
    ['a,b\n1,2\n"x\ny"z,1\n', 'in.csv:3: a quoted field has text after its closing quote'],
    ['a,b\n1,2\n3,4"5\n', 'in.csv:3: a " appears inside an unquoted field'],
  ])('%j → %s', async (text, message) => {
    const rows: RawRow[] = [];
    const err = await (async () => {
      for await (const row of readRows(chunked(Buffer.from(text), 1 << 16), { file: 'in.csv' })) rows.push(row);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message.startsWith(message)).toBe(true);
    expect((err as UserError).problems[0]?.source?.line).toBe(Number(message.split(':')[1]));
    expect((err as Error).stack ?? '').not.toMatch(/csv-parse/);
    // Every row before the fault was read.
    expect(rows.length).toBe(Number(message.split(':')[1]) - 1);
  });
});

describe('readRows: stopping early', () => {
  it('closes the source when the reader stops', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 100; i++) yield Buffer.from(`${'x,y\n'.repeat(50_000)}`);
      } finally {
        closed = true;
      }
    }
    for await (const row of readRows(source(), { file: 'in.csv' })) {
      expect(row.line).toBe(1);
      break;
    }
    expect(closed).toBe(true);
  });
});
