import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { BLOCK_ROWS, blocks, onlyUnits, printable, QUIET_CHARS, renderTable, styled, cliTables, tableOptions, unknownUnits, type Cell, type Column, type Row } from '../../src/render/table.js';
import { langFromEnv, labels } from '../../src/render/i18n.js';

const ESC = '\u001b';
const columns: Column[] = [
  { header: 'Employee', align: 'left' },
  { header: '姓名', align: 'left' },
  { header: 'Score', align: 'right' },
];

/** The lines of a table after its title (every one should be as wide). */
function bodyLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n').slice(1);
}

describe('renderTable', () => {
  it('keeps CJK and Latin text aligned: every line has the same display width', () => {
    const out = renderTable(
      columns,
      [['0001', '张三', '98.5'], { section: '单位: 营业厅' }, ['0002', 'Li', '100'], ['0003', '欧阳娜娜', { text: '0', style: 'bad' }]],
      { color: false, title: 'T' },
    );
    const widths = bodyLines(out).map((line) => stringWidth(line));
    expect(new Set(widths).size).toBe(1);
    // The score column is right-aligned: every row ends with its score.
    expect(out).toContain('欧阳娜娜      0');
  });

  it('widens the table for a section heading wider than the columns', () => {
    const out = renderTable([{ header: 'a', align: 'left' }], [{ section: '一个很长的单位名称' }, ['x']], {
      color: false,
      title: 't',
    });
    expect(new Set(bodyLines(out).map((l) => stringWidth(l))).size).toBe(1);
  });

  it('emits no escape codes without colour, and some with it', () => {
    const rows = [['0001', '张三', { text: '-2', style: 'bad' as const }]];
    expect(renderTable(columns, rows, { color: false, title: 'x' })).not.toContain(ESC);
    const coloured = renderTable(columns, rows, { color: true, title: 'x' });
    expect(coloured).toContain(`${ESC}[31m-2`);
  });

  it('pads by the plain width even when coloured', () => {
    const rows = [['0001', '张三', { text: '-2', style: 'bad' as const }]];
    const coloured = renderTable(columns, rows, { color: true });
    const plain = coloured.replace(/\u001b\[\d+m/g, '');
    expect(plain).toBe(renderTable(columns, rows, { color: false }));
  });

  it('neutralises control characters from data', () => {
    expect(printable('a\u001b[2Jb\nc')).toBe('a\uFFFD[2Jb\uFFFDc');
    const out = renderTable(columns, [['\u001b[31m', 'x\ny', '1']], { color: false });
    expect(out).not.toContain(ESC);
    expect(out.split('\n')).toHaveLength(4);
    expect(styled('\u001b', 'bad', false)).toBe('\uFFFD');
  });
});

describe('renderTable with cli-table3', () => {
  it('draws the quiet look: no box, a rule under the header, two spaces between columns, sections spanning the table', () => {
    const out = renderTable(columns, [{ section: '单位: 营业厅' }, ['0001', '张三', '98.5'], ['0002', '欧阳娜娜', '100']], {
      color: false,
      title: 'T',
    });
    expect(out).toBe(
      [
        'T',
        'Employee  姓名      Score',
        '─────────────────────────',
        '单位: 营业厅             ',
        '0001      张三       98.5',
        '0002      欧阳娜娜    100',
        '',
      ].join('\n'),
    );
  });

  it('cuts rows into blocks at each section and every BLOCK_ROWS person rows', () => {
    const rows: Row[] = [];
    for (let u = 0; u < 3; u++) {
      rows.push({ section: `unit ${u}` });
      for (let i = 0; i < BLOCK_ROWS * 2 + 5; i++) rows.push([`${u}-${i}`, '张三', '1']);
    }
    const parts = blocks(rows);
    expect(parts.flat()).toEqual(rows);
    expect(Math.max(...parts.map((b) => b.filter((r) => Array.isArray(r)).length))).toBe(BLOCK_ROWS);
    expect(parts.filter((b) => !Array.isArray(b[0]))).toHaveLength(3);
    expect(parts.every((b) => b.slice(1).every((r) => Array.isArray(r)))).toBe(true);
    expect(parts.length).toBe(9);
  });

  it('spares cli-table3 its per-cell work: a block is one row of multi-line cells, explicit widths, no wrap, compact, no @colors styling', () => {
    const rows: Row[] = [{ section: 'A' }];
    for (let i = 0; i < BLOCK_ROWS * 3; i++) rows.push([String(i), '欧阳娜娜', '100']);
    const tables = Array.from(cliTables(columns, rows, true));
    // The header; the section and its first BLOCK_ROWS people; then two more blocks of people.
    expect(tables.map((t) => t.length)).toEqual([1, 2, 1, 1]);
    const people = tables.slice(1).map((t) => t.at(-1) as Table.HorizontalTableRow);
    expect(people.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(people.map((row) => String(row[2]).split('\n').length)).toEqual([BLOCK_ROWS, BLOCK_ROWS, BLOCK_ROWS]);
    for (const table of tables) {
      expect(table.options.colWidths).toEqual([8, 9, 6]);
      expect(table.options.wordWrap).toBe(false);
      expect(table.options.style).toMatchObject({ compact: true, head: [], border: [] });
    }
  });

  it('draws the same lines as cli-table3 with a row per person, colour and CJK included', () => {
    const rows: Row[] = [{ section: '单位: 营业厅' }];
    const cells: Cell[][] = [];
    for (let i = 0; i < 40; i++) {
      const row: Cell[] = [String(i).padStart(4, '0'), ['李', '欧阳娜娜', 'Li', '王丽华'][i % 4] as string, i % 3 === 0 ? { text: `-${i}`, style: 'bad' } : { text: String(i), style: i % 2 ? 'dim' : 'good' }];
      cells.push(row);
      rows.push(row);
    }
    const chalk = new Chalk({ level: 1 });
    const paint = (c: Cell): string => (typeof c === 'string' ? c : c.style === 'bad' ? chalk.red(c.text) : c.style === 'dim' ? chalk.dim(c.text) : chalk.green(c.text));
    const perPerson = new Table(tableOptions([8, 9, 6], ['left', 'left', 'right'], QUIET_CHARS));
    for (const row of cells) perPerson.push(row.map((c, i) => (i === 0 ? { content: paint(c), style: { 'padding-left': 0 } } : paint(c))));
    const drawn = renderTable(columns, rows, { color: true }).replace(/\n$/, '').split('\n');
    expect(drawn.slice(3)).toEqual(perPerson.toString().split('\n'));
  });

  it('draws a block of BLOCK_ROWS rows as one table and the next row in another, with the same lines', () => {
    const rows: Row[] = [];
    for (let i = 0; i < BLOCK_ROWS + 1; i++) rows.push([String(i), i === BLOCK_ROWS ? '欧阳' : '李', '1']);
    const lines = renderTable(columns, rows, { color: false }).replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines.at(-1)).toBe(`${BLOCK_ROWS}${' '.repeat(10 - String(BLOCK_ROWS).length)}欧阳${' '.repeat(6)}1`);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('keeps one set of column widths across blocks: a long name in the last unit widens the first unit too', () => {
    const rows: Row[] = [{ section: 'A' }];
    for (let i = 0; i < BLOCK_ROWS + 3; i++) rows.push([String(i), '李', '1']);
    rows.push({ section: 'B' }, ['9999', '欧阳娜娜娜娜', '100']);
    const out = renderTable(columns, rows, { color: false });
    const lines = out.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(rows.length + 2);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    expect(lines[3]).toBe(`0${' '.repeat(9)}李${' '.repeat(16)}1`);
  });
});

describe('--unit', () => {
  const people = [{ unit: '营业厅', id: 1 }, { unit: '线路班', id: 2 }, { unit: '营业厅', id: 3 }];
  it.each([
    [[], [1, 2, 3]],
    [['营业厅'], [1, 3]],
    [['线路班', '营业厅'], [1, 2, 3]],
    [['计费中心'], []],
  ])('onlyUnits(%j)', (units, ids) => {
    expect(onlyUnits(people, units).map((p) => p.id)).toEqual(ids);
  });
  it('names the units that are not there', () => {
    expect(unknownUnits(['营业厅', '营业'], ['营业厅', '线路班'])).toEqual(['营业']);
  });
});

describe('i18n', () => {
  it.each([
    ['zh_CN.UTF-8', 'zh'],
    ['zh_TW', 'zh'],
    ['en_US.UTF-8', 'en'],
    ['C', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ] as const)('LANG=%s → %s', (value, lang) => {
    expect(langFromEnv(value)).toBe(lang);
  });

  it('uses the bureau’s HR terms in Chinese', () => {
    const zh = labels('zh');
    expect([zh.employee, zh.name, zh.bonusPaid, zh.withheld, zh.total]).toEqual([
      '工号',
      '姓名',
      '实发奖金',
      '效益工资(预留)',
      '合计',
    ]);
  });
});
