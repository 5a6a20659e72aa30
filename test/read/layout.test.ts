import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultColumns, parseColumns } from '../../src/read/columns.js';
import { detectLayout, fieldLabel } from '../../src/read/layout.js';
import { message } from '../../src/problems.js';

const CFG = parseColumns(readFileSync(new URL('../../rules/columns.yaml', import.meta.url), 'utf8'), 'columns.yaml').config;

function layoutOf(header: string[]) {
  const r = detectLayout(header, CFG, 'in.csv');
  if (!r.ok) throw new Error(message(r.problem, 'en'));
  return r.layout;
}

function problemOf(header: string[]): string {
  const r = detectLayout(header, CFG, 'in.csv');
  if (r.ok) throw new Error('expected a problem');
  expect(r.problem.source).toEqual({ file: 'in.csv', line: 1 });
  return message(r.problem, 'en');
}

describe('fieldLabel', () => {
  it('names a field with its first alias', () => {
    expect(fieldLabel('employee', CFG)).toBe('employee (工号)');
    expect(fieldLabel('wage', CFG)).toBe('wage (月工资)');
    expect(fieldLabel('employee', defaultColumns())).toBe('employee');
  });
});

describe('detectLayout', () => {
  it.each([
    [['工号', '姓名', '部门', '月工资', '生产奖金'], 'roster'],
    [['employee', 'unit', 'wage'], 'roster'],
    [['发生日期', '当事人', '事件类型', '损失金额', '备注'], 'incident'],
    [['投诉单号', '受理时间', '第一责任人', '办结时间', '是否属实'], 'complaint'],
    [['培训日期', '工号', '出勤情况', '培训类型'], 'training'],
    [['\uFEFF工号', ' 姓名 ', '部门', 'WAGE', '不认识的列'], 'roster'],
  ])('%j is a %s file', (header, kind) => {
    const layout = layoutOf(header);
    expect(layout.kind).toBe(kind);
    expect(layout.kindColumn).toBeNull();
    expect(layout.width).toBe(header.length);
    expect(layout.file).toBe('in.csv');
  });

  it('maps each canonical field to its column and ignores unknown headers', () => {
    const layout = layoutOf(['备注', '工号', '部门', '随便', '月工资']);
    expect([...layout.columns]).toEqual([['note', 0], ['employee', 1], ['unit', 2], ['wage', 4]]);
  });

  it('recognises a combined register by its kind column', () => {
    const layout = layoutOf(['记录类型', '日期', '当事人', '事件类型', '受理时间', '第一责任人', '工号', '出勤情况']);
    expect(layout.kind).toBeNull();
    expect(layout.kindColumn).toBe(0);
    expect(layout.columns.get('received_at')).toBe(4);
  });

  it('rejects a combined register that has the columns of no kind', () => {
    expect(problemOf(['记录类型', '日期', '备注'])).toMatch(
      /^this register has a kind column but no kind of record has all its columns: incident lacks employees \(当事人\), type \(事件类型\); complaint lacks received_at \(受理时间\), responsible \(第一责任人\); training lacks employee \(工号\), status \(出勤情况\)$/,
    );
  });

  it('rejects two headers that mean the same field', () => {
    expect(problemOf(['工号', '员工编号', '部门', '月工资'])).toBe('columns "工号" and "员工编号" both mean employee; remove one of them');
  });

  it('lists per kind what a file of no kind lacks', () => {
    expect(problemOf(['工号', '姓名', '部门'])).toBe(
      'cannot tell what this file holds: no kind of record has all its columns: roster lacks wage (月工资); '
        + 'incident lacks date (日期), employees (当事人), type (事件类型); complaint lacks received_at (受理时间), '
        + 'responsible (第一责任人); training lacks date (日期), status (出勤情况)',
    );
  });

  it('reports a file that fits two kinds', () => {
    expect(problemOf(['工号', '部门', '月工资', '日期', '出勤情况'])).toBe(
      'cannot tell what this file holds: it has all the columns of roster and training; split it into one file per kind '
        + '(incident lacks employees (当事人), type (事件类型); complaint lacks received_at (受理时间), responsible (第一责任人))',
    );
  });
});
