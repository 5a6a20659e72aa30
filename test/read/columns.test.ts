import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultColumns, normaliseHeader, parseColumns } from '../../src/read/columns.js';
import { CANONICAL_FIELDS } from '../../src/fields.js';
import { message } from '../../src/problems.js';

const SHIPPED = readFileSync(new URL('../../rules/columns.yaml', import.meta.url), 'utf8');

describe('normaliseHeader', () => {
  it.each([
    ['\uFEFF工号', '工号'], ['  Employee ', 'employee'], ['RECEIVED_AT', 'received_at'], ['\uFEFF Unit\t', 'unit'],
  ])('%j → %j', (s, want) => expect(normaliseHeader(s)).toBe(want));
});

describe('defaultColumns', () => {
  it('maps every canonical name to itself and nothing else', () => {
    const cfg = defaultColumns();
    expect([...cfg.headers]).toEqual([...CANONICAL_FIELDS].map((f) => [f, f]));
    expect(cfg.values.get('status')?.get('absent')).toBe('absent');
    expect(cfg.values.get('kind')?.get('complaint')).toBe('complaint');
    expect(cfg.dateFormats).toEqual([]);
    expect(cfg.idPad).toBeNull();
  });
});

describe('parseColumns: the shipped file', () => {
  const { config, problems } = parseColumns(SHIPPED, 'rules/columns.yaml');
  it('has no problems', () => expect(problems).toEqual([]));
  it.each([
    ['工号', 'employee'], ['姓名', 'name'], ['部门', 'unit'], ['单位', 'unit'], ['月工资', 'wage'], ['生产奖金', 'bonus'],
    ['受理时间', 'received_at'], ['办结时间', 'resolved_at'], ['第一责任人', 'responsible'], ['是否属实', 'upheld'],
    ['出勤情况', 'status'], ['记录类型', 'kind'], ['employee', 'employee'], ['wage', 'wage'],
  ])('maps header %s to %s', (header, field) => expect(config.headers.get(header)).toBe(field));
  it.each([
    ['status', '出席', 'present'], ['status', '缺席', 'absent'], ['status', '请假', 'excused'], ['status', '迟到', 'late'],
    ['status', 'late', 'late'], ['kind', '投诉', 'complaint'], ['kind', '培训', 'training'], ['type', '口角', 'handoff-dispute'],
  ])('maps %s value %s to %s', (field, raw, value) => expect(config.values.get(field)?.get(raw)).toBe(value));
});

/** Problems as `line:column: message` for compact expectations. */
function problemsOf(text: string): string[] {
  return parseColumns(text, 'columns.yaml').problems.map((p) => {
    expect(p.source?.file).toBe('columns.yaml');
    return `${p.source?.line}:${p.source?.column}: ${message(p, 'en')}`;
  });
}

describe('parseColumns: problems with line and column', () => {
  it.each([
    ['headers: [a\n', /^2:1: YAML: /],
    ['headers:\n  employee: [工号]\n  employee: [x]\n', /^3:3: YAML: Map keys must be unique/],
    ['headers:\n  emploee: [x]\n', /^2:3: headers: "emploee" is not a canonical field \(did you mean employee\?\)$/],
    ['colums:\n  x: 1\n', /^1:1: unknown key "colums" \(expected headers, values, formats, ids\)$/],
    ['headers:\n  employee: [工号]\n  unit: [部门, 工号]\n', /^3:14: header "工号" is listed under both employee and unit$/],
    ['headers:\n  employee: [unit]\n', /^2:14: header "unit" is listed under both unit and employee$/],
    ['headers:\n  employee: {a: 1}\n', /^2:13: headers.employee must be a list/],
    ['headers: [工号]\n', /^1:10: headers must be a mapping/],
    ['values:\n  status:\n    present: [到]\n    absent: [到]\n', /^4:14: values.status: "到" means both present and absent$/],
    ['values:\n  status:\n    present: [absent]\n', /^3:15: values.status: "absent" means both absent and present$/],
    ['values:\n  status:\n    here: [x]\n', /^3:5: values.status: "here" is not a status/],
    ['values:\n  kind:\n    roster: [名册]\n', /^3:5: values.kind: "roster" is not a kind/],
    ['values:\n  stauts:\n    present: [x]\n', /^2:3: values: "stauts" is not a canonical field \(did you mean status\?\)$/],
    ['ids:\n  pad: 0\n', /^2:8: ids.pad must be a positive whole number/],
    ['ids:\n  pad: -4\n', /^2:8: ids.pad must be a positive whole number/],
    ['ids:\n  pad: 2.5\n', /^2:8: ids.pad must be a positive whole number/],
    ['ids:\n  pad: "4"\n', /^2:8: ids.pad must be a positive whole number/],
    ['ids:\n  width: 4\n', /^2:3: ids: unknown key "width" \(expected pad\)$/],
    ['formats:\n  dates: [YYYY-MM-DD]\n', /^2:11: formats.dates: "YYYY-MM-DD" is not a date-fns pattern: Y is the week-numbering year/],
    ['formats:\n  dates: [yyyy-MM-DD]\n', /^2:11: formats.dates: .* D is the day of the year/],
    ['formats:\n  times: [HH:mm]\n', /^2:3: formats: unknown key "times" \(expected dates\)$/],
    ['- headers\n', /^1:1: columns.yaml must be a mapping/],
  ])('%j', (text, want) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(want);
  });

  it('reports every problem, not only the first', () => {
    expect(problemsOf('headers:\n  emploee: [x]\n  nmae: [y]\nfoo: 1\n')).toHaveLength(3);
  });

  it('reads the optional spreadsheet keys', () => {
    const { config, problems } = parseColumns('formats:\n  dates: [M/d/yy, MM/dd/yyyy HH:mm:ss]\nids:\n  pad: 4\n', 'c.yaml');
    expect(problems).toEqual([]);
    expect(config.dateFormats).toEqual(['M/d/yy', 'MM/dd/yyyy HH:mm:ss']);
    expect(config.idPad).toBe(4);
  });

  it('accepts an empty file, a single alias and case-insensitive aliases', () => {
    expect(parseColumns('', 'c.yaml').problems).toEqual([]);
    const { config, problems } = parseColumns('headers:\n  employee: Staff ID\nvalues:\n  status:\n    present: [Here]\n', 'c.yaml');
    expect(problems).toEqual([]);
    expect(config.headers.get('staff id')).toBe('employee');
    expect(config.values.get('status')?.get('here')).toBe('present');
  });
});
