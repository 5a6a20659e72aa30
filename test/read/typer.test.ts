import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseColumns } from '../../src/read/columns.js';
import { readRowsFromText } from '../../src/read/csv.js';
import { detectLayout } from '../../src/read/layout.js';
import { makeRowTyper, padId } from '../../src/read/typer.js';
import type { ColumnsConfig, TypedRow } from '../../src/read/types.js';
import { message, rejectReason } from '../../src/problems.js';

const SHIPPED = readFileSync(new URL('../../rules/columns.yaml', import.meta.url), 'utf8');
const CFG = parseColumns(SHIPPED, 'columns.yaml').config;
const SPREADSHEET = parseColumns(`${SHIPPED}\nformats:\n  dates: [M/d/yy, MM/dd/yyyy HH:mm:ss]\nids:\n  pad: 4\n`, 'columns.yaml');

const wt = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi) / 1000;

/** Types every data row of a CSV text with the given columns config. */
async function typeCsv(text: string, cfg: ColumnsConfig = CFG): Promise<TypedRow[]> {
  const [header, ...rows] = await readRowsFromText(text, { file: 'in.csv' });
  if (header === undefined) throw new Error('no header');
  const layout = detectLayout(header.fields, cfg, 'in.csv');
  if (!layout.ok) throw new Error(message(layout.problem, 'en'));
  const typer = makeRowTyper(layout.layout, cfg);
  return rows.map(typer);
}

/** A typed row with its reject's reason in English, as the assertions below spell it. */
function plain(row: TypedRow | undefined): unknown {
  if (row === undefined || row.ok) return row;
  return { ok: false, reject: { source: row.reject.source, reason: rejectReason(row.reject, 'en'), row: row.reject.row } };
}

function reasons(rows: TypedRow[]): string[] {
  return rows.map((r) => (r.ok ? 'ok' : `${r.reject.source.line}: ${rejectReason(r.reject, 'en')}`));
}

describe('padId', () => {
  it.each([
    ['15', 4, '0015'], ['0015', 4, '0015'], ['12345', 4, '12345'], ['E15', 4, 'E15'], ['15', null, '15'], ['', 4, ''],
  ])('padId(%j, %j) = %j', (id, pad, want) => expect(padId(id, pad)).toBe(want));
});

describe('roster', () => {
  it('types a roster row with Chinese headers, money and defaults', async () => {
    const [row] = await typeCsv('工号,姓名,部门,月工资,生产奖金,入职日期\n 007 ,张三,营业厅,"¥4,200.00",,2025/3/1\n');
    expect(plain(row)).toEqual({
      ok: true,
      kind: 'roster',
      entry: {
        employee: '007', name: '张三', unit: '营业厅', role: '', wage: 420000, bonus: 0, from: wt(2025, 3, 1), until: null,
        source: { file: 'in.csv', line: 2 },
      },
    });
  });

  it.each([
    ['E1,营业厅,"4,2OO"', 'wage (月工资) "4,2OO" is not an amount in yuan (expected e.g. 4200.00)', ['E1', '营业厅', '4,2OO']],
    ['E1,营业厅,12.345', 'wage (月工资) "12.345" has more than two decimals', ['E1', '营业厅', '12.345']],
    [',营业厅,4200', 'missing employee (工号)', ['', '营业厅', '4200']],
    ['E1,  ,4200', 'missing unit (部门)', ['E1', '  ', '4200']],
    ['E1,营业厅', 'has 2 fields, the header has 3', ['E1', '营业厅']],
    ['E1,营业厅,4200,x', 'has 4 fields, the header has 3', ['E1', '营业厅', '4200', 'x']],
  ])('rejects %j: %s', async (line, reason, fields) => {
    const [row] = await typeCsv(`工号,部门,月工资\n${line}\n`);
    expect(plain(row)).toEqual({ ok: false, reject: { source: { file: 'in.csv', line: 2 }, reason, row: fields } });
  });

  it('keeps each row\'s unit and role with more distinct units than it keeps one copy of', async () => {
    // 5000 units, each on two rows: past SHARED_TEXTS (4096), a unit is kept as its row wrote it.
    const lines = Array.from({ length: 10_000 }, (_, i) => `E${i},U${i % 5000},R${i % 3},4200`);
    const rows = await typeCsv(`工号,部门,岗位,月工资\n${lines.join('\n')}\n`);
    const got = rows.map((r) => (r?.ok && r.kind === 'roster' ? `${r.entry.unit}/${r.entry.role}` : 'x'));
    expect(got).toEqual(Array.from({ length: 10_000 }, (_, i) => `U${i % 5000}/R${i % 3}`));
  });

  it('rejects a date that is not a date and says how to fix it', async () => {
    const rows = await typeCsv('工号,部门,月工资,入职日期,离职日期\nE1,A,1,1/8/26,\nE2,A,1,2026-02-30,\nE3,A,1,2026-01-01 00:00,\nE4,A,1,,2026-01-01 08:00\n');
    expect(reasons(rows)).toEqual([
      '2: from (入职日期) "1/8/26" is not a recognised date (expected YYYY-MM-DD, YYYY/M/D or YYYY年M月D日); the file may have been saved by a spreadsheet: add its pattern to formats.dates in columns.yaml (formats: { dates: ["M/d/yy"] })',
      '3: from (入职日期) "2026-02-30" is not a real date',
      'ok',
      '5: until (离职日期) "2026-01-01 08:00" is not a real date',
    ]);
  });
});

describe('incident', () => {
  it('types an incident: employees split and padded, type alias, loss default', async () => {
    const [row] = await typeCsv('发生日期,当事人,事件类型,部门\n2026/1/9 8:05,"15;E2、 E3 ,4/ ",口角,营业厅\n', SPREADSHEET.config);
    expect(plain(row)).toEqual({
      ok: true,
      kind: 'incident',
      record: {
        kind: 'incident',
        at: wt(2026, 1, 9, 8, 5),
        people: ['0015', 'E2', 'E3', '0004'],
        unit: '营业厅',
        id: '',
        values: {
          date: wt(2026, 1, 9, 8, 5), employees: ['0015', 'E2', 'E3', '0004'], type: 'handoff-dispute', id: '', unit: '营业厅',
          loss: 0, note: '',
        },
        source: { file: 'in.csv', line: 2 },
      },
    });
  });

  it('types one employee id without a separator as a list of one, trimmed and padded like a list', async () => {
    const rows = await typeCsv('发生日期,当事人,事件类型,部门\n2026/1/9 8:05, 15 ,口角,营业厅\n2026/1/9 8:05,15;,口角,营业厅\n2026/1/9 8:05,E7,口角,营业厅\n', SPREADSHEET.config);
    const people = rows.map((r) => (r?.ok && r.kind === 'incident' ? r.record.values.employees : null));
    expect(people).toEqual([['0015'], ['0015'], ['E7']]);
  });

  it('keeps a type that has no alias as written', async () => {
    const [row] = await typeCsv('日期,当事人,事件类型\n2026-01-09,E1,Custom-Type\n');
    expect(row?.ok && row.kind === 'incident' && row.record.values.type).toBe('Custom-Type');
  });

  it('rejects an incident that names nobody', async () => {
    expect(reasons(await typeCsv('日期,当事人,事件类型\n2026-01-09," ; ",口角\n'))).toEqual(['2: employees (当事人) ";" names no employee id']);
  });
});

describe('complaint', () => {
  const HEADER = '投诉单号,受理时间,第一责任人,办结时间,处理时限,是否属实,用户跑第二趟';

  it('types a complaint with defaults', async () => {
    const [row] = await typeCsv(`${HEADER}\nT1,2026-01-05T08:05:00,0015,,,,\n`);
    expect(row).toMatchObject({
      ok: true,
      kind: 'complaint',
      record: {
        at: wt(2026, 1, 5, 8, 5), people: ['0015'], id: 'T1', unit: '',
        values: { received_at: wt(2026, 1, 5, 8, 5), resolved_at: null, due_hours: 24, upheld: false, revisit: false, category: '' },
      },
    });
  });

  it('reads booleans, numbers and the spreadsheet date patterns', async () => {
    const [row] = await typeCsv(`${HEADER}\nT1,01/05/2026 08:05:00,15,2026/1/6 9:00,48,是,Y\n`, SPREADSHEET.config);
    expect(row).toMatchObject({
      ok: true,
      record: { at: wt(2026, 1, 5, 8, 5), people: ['0015'], values: { resolved_at: wt(2026, 1, 6, 9), due_hours: 48, upheld: true, revisit: true } },
    });
  });

  it.each([
    ['T1,01/05/2026 08:05:00,E1,,,,', 'received_at (受理时间) "01/05/2026 08:05:00" is not a recognised date-time (expected YYYY-MM-DD H:mm, YYYY/M/D H:mm or ISO 8601); the file may have been saved by a spreadsheet: add its pattern to formats.dates in columns.yaml (formats: { dates: ["MM/dd/yyyy HH:mm:ss"] })'],
    ['T1,2026-01-05 25:00,E1,,,,', 'received_at (受理时间) "2026-01-05 25:00" is not a real date and time'],
    ['T1,2026-01-05,E1,,24h,,', 'due_hours (处理时限) "24h" is not a number (expected e.g. 24 or 1.5)'],
    ['T1,2026-01-05,E1,,,maybe,', 'upheld (是否属实) "maybe" is not yes or no (expected yes/no, true/false, 1/0, 是/否 or Y/N)'],
    ['T1,,E1,,,,', 'missing received_at (受理时间)'],
    ['T1,2026-01-05,,,,,', 'missing responsible (第一责任人)'],
  ])('rejects %j', async (line, reason) => {
    expect(reasons(await typeCsv(`${HEADER}\n${line}\n`))).toEqual([`2: ${reason}`]);
  });

  it('leaves a short numeric id alone without ids.pad', async () => {
    const [row] = await typeCsv(`${HEADER}\nT1,2026-01-05,15,,,,\n`);
    expect(row?.ok && row.kind === 'complaint' && row.record.people).toEqual(['15']);
  });
});

describe('training', () => {
  it.each([
    ['出席', 'present'], ['缺席', 'absent'], ['请假', 'excused'], ['迟到', 'late'], ['Present', 'present'], [' LATE ', 'late'],
    ['到岗', 'present'],
  ])('maps status %j to %s', async (raw, status) => {
    const [row] = await typeCsv(`培训日期,工号,出勤情况,培训类型\n2026-01-05,E1,${raw},周一例会\n`);
    expect(row).toMatchObject({ ok: true, kind: 'training', record: { people: ['E1'], values: { status, type: 'monday-meeting' } } });
  });

  it('rejects an unknown status', async () => {
    expect(reasons(await typeCsv('培训日期,工号,出勤情况\n2026-01-05,E1,睡觉\n'))).toEqual([
      '2: status (出勤情况) "睡觉" is not one of present, absent, excused, late (add it under values.status in columns.yaml)',
    ]);
  });
});

describe('combined register', () => {
  const HEADER = '记录类型,日期,当事人,事件类型,受理时间,第一责任人,工号,出勤情况,备注';

  it('types each row as the kind it names', async () => {
    const rows = await typeCsv([
      HEADER,
      '事故,2026-01-09,E1;E2,口角,,,,,吵架',
      '投诉,,,,2026-01-10 9:30,E3,,,',
      'training,2026-01-12,,,,,E4,缺席,',
      '会议,2026-01-13,,,,,E5,出席,',
    ].join('\n'));
    expect(rows.map((r) => (r.ok && r.kind !== 'roster' ? [r.kind, r.record.people, r.record.at] : r))).toEqual([
      ['incident', ['E1', 'E2'], wt(2026, 1, 9)],
      ['complaint', ['E3'], wt(2026, 1, 10, 9, 30)],
      ['training', ['E4'], wt(2026, 1, 12)],
      ['training', ['E5'], wt(2026, 1, 13)],
    ]);
    expect(rows[0]?.ok && rows[0].kind === 'incident' && rows[0].record.values.note).toBe('吵架');
  });

  it('rejects a row of unknown or missing kind, and a kind whose columns are missing', async () => {
    const rows = await typeCsv([
      HEADER,
      '表扬,2026-01-09,E1,口角,,,,,',
      ',2026-01-09,E1,口角,,,,,',
      '投诉,2026-01-10,E1,,,,,,',
    ].join('\n'));
    expect(reasons(rows)).toEqual([
      '2: kind "表扬" is not a kind of record (expected incident, complaint, training, or add it under values.kind in columns.yaml)',
      '3: missing kind (记录类型)',
      '4: missing received_at (受理时间); missing responsible (第一责任人)',
    ]);
  });

  it('answers each kind cell alike, however many distinct ones a register holds', async () => {
    // More distinct kind cells than the typer remembers: every row still gets its own answer.
    const bad = Array.from({ length: 150 }, (_, i) => `类型${i},2026-01-09,E1,口角,,,,,`);
    const good = [' 事故 ,2026-01-09,E1,口角,,,,,', 'INCIDENT,2026-01-09,E2,口角,,,,,'];
    const rows = await typeCsv([HEADER, ...bad, ...good, ...bad.slice(0, 3), ...good].join('\n'));
    const got = reasons(rows);
    const unknown = (line: number, i: number) =>
      `${line}: kind "类型${i}" is not a kind of record (expected incident, complaint, training, or add it under values.kind in columns.yaml)`;
    expect(got).toEqual([...bad.map((_, i) => unknown(i + 2, i)), 'ok', 'ok', unknown(154, 0), unknown(155, 1), unknown(156, 2), 'ok', 'ok']);
    expect(rows.map((r) => (r.ok && r.kind !== 'roster' ? r.record.people[0] : null)).filter((p) => p !== null)).toEqual(['E1', 'E2', 'E1', 'E2']);
  });
});

describe('rejects keep the raw fields', () => {
  it('as read, untrimmed', async () => {
    const [row] = await typeCsv('工号,部门,月工资\n E1 ,"A, B",abc\n');
    expect(plain(row)).toEqual({
      ok: false,
      reject: { source: { file: 'in.csv', line: 2 }, reason: 'wage (月工资) "abc" is not an amount in yuan (expected e.g. 4200.00)', row: [' E1 ', 'A, B', 'abc'] },
    });
  });
});
