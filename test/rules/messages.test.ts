/**
 * The rules folder's problems as codes (SPEC §8) and as the Chinese a clerk
 * reads (SPEC §10): rules files, expressions, YAML syntax and columns.yaml.
 * Each case pins the code and the whole Chinese line; the English lines are
 * pinned by the other tests of this folder and the e2e goldens.
 */
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load.js';
import { parseColumns } from '../../src/read/columns.js';
import { render, type Problem } from '../../src/problems.js';

const SCORING = 'scoring: { base: 100, min: 0, max: 100, pay_rate: 0.30 }\n';

/** The problems of one rules file next to a sound scoring file. */
function rulesProblems(text: string): Problem[] {
  return loadRules([{ path: 'rules/a.yaml', text }, { path: 'rules/scoring.yaml', text: SCORING }]).problems;
}

/** A file with one incident rule whose `when` is given. */
function when(expr: string): string {
  return `rules:\n  - id: r\n    on: incident\n    when: ${expr}\n    effects: { points: -1 }\n`;
}

/** English words that must not reach a Chinese run (the quoted input and field names aside). */
const ENGLISH = /\b(must|expected|found|unknown|cannot|allowed|did you mean|is not|too large|should)\b/i;

const RULES_CASES: [string, string, string, string][] = [
  // name, file text, code, the whole Chinese line
  ['a misspelt field', 'rules:\n  - id: r\n    on: training\n    when: stauts == "absent"\n    effects: { points: -1 }\n', 'RULES_UNKNOWN_FIELD',
    'rules/a.yaml 第4行第11列：培训记录没有 "stauts" 这个字段，是否为 "status"？（可用字段：date、employee、status、session、type、note）'],
  ['a function named as a field', when('hours > 2'), 'RULES_UNKNOWN_FIELD',
    'rules/a.yaml 第4行第11列：事件记录没有 "hours" 这个字段；hours 是函数，应写成 hours(...)（可用字段：date、employees、type、id、unit、loss、note）'],
  ['an unknown key', 'rules:\n  - id: r\n    on: incident\n    efects: { points: -1 }\n', 'RULES_UNKNOWN_KEY',
    'rules/a.yaml 第4行第5列：此处没有 "efects" 这一项，是否为 "effects"？（此处可写：id、title、effects、cap、effective、on、when）'],
  ['a missing key', 'rules:\n  - id: r\n    on: incident\n', 'RULES_MISSING_KEY', 'rules/a.yaml 第2行第5列：缺少 "effects" 这一项'],
  ['a wrong type', 'rules:\n  - id: r\n    on: incident\n    effects: { points: -1 }\n    cap: lots\n', 'RULES_WRONG_TYPE', 'rules/a.yaml 第5行第10列：cap 应为大于 0 的分数，如 4'],
  ['a value not in the list', 'rules:\n  - id: r\n    on: incidents\n    effects: { points: -1 }\n', 'RULES_NOT_ONE_OF',
    'rules/a.yaml 第3行第9列：on "incidents" 不对，是否为 "incident"？可写的值：incident（事件）、complaint（投诉）、training（培训）'],
  ['a bad bonus', 'rules:\n  - id: r\n    on: incident\n    effects: { bonus: "-120%" }\n', 'RULES_BAD_BONUS',
    'rules/a.yaml 第4行第23列：bonus "-120%" 应写成 "-P%"（0 < P ≤ 100，最多两位小数，如 "-100%"），或以元为单位的负数金额（如 -200）'],
  ['points with three decimals', 'rules:\n  - id: r\n    on: incident\n    effects: { points: -1.125 }\n', 'RULES_BAD_DECIMAL',
    'rules/a.yaml 第4行第24列：points -1.125 应为数字，最多两位小数'],
  ['empty effects', 'rules:\n  - id: r\n    on: incident\n    effects: {}\n', 'RULES_NO_EFFECTS',
    'rules/a.yaml 第4行第14列：effects 是空的：请写上 points、unit_points、bonus 或 veto: true'],
  ['a per-unit rule scoring people', 'rules:\n  - id: r\n    per: unit\n    over: incident\n    when: count > 2\n    effects: { points: -1 }\n', 'RULES_EFFECT_NOT_ALLOWED',
    'rules/a.yaml 第6行第16列：这里不能用 points：per: unit 的规则给单位计分，只能用 unit_points'],
  ['an empty effective range', 'effective: { from: 2026-03-01, until: 2026-02-01 }\nrules: []\n', 'RULES_EMPTY_RANGE',
    'rules/a.yaml 第1行第12列：生效期间是空的：起始日期 from 2026-03-01 晚于截止日期 until 2026-02-01'],
  ['a date that is not one', 'effective: { from: 2026-02-30 }\nrules: []\n', 'RULES_BAD_DATE', 'rules/a.yaml 第1行第20列：from "2026-02-30" 不是日期，应写成 YYYY-MM-DD'],
  ['a syntax error', when('type == and'), 'EXPR_SYNTAX', 'rules/a.yaml 第4行第19列：此处应为一个值（字段名、数字或带引号的文字），却是 "and"'],
  ['an expression that stops early', when('(loss > 1'), 'EXPR_SYNTAX', 'rules/a.yaml 第4行第20列：此处应为 ")"，但表达式到这里就结束了'],
  ['a full-width operator', when('loss ＞ 100'), 'EXPR_BAD_CHARACTER', 'rules/a.yaml 第4行第16列：表达式里不能有 "＞"（这是全角符号，请切换到英文输入法重新输入）'],
  ['an operator of another language', when('loss > 1 && loss < 5'), 'EXPR_FOREIGN_OPERATOR', 'rules/a.yaml 第4行第20列：没有 "&&" 这个运算符，应写 and'],
  ['an unclosed string', when("type == 'x"), 'EXPR_UNCLOSED_STRING', "rules/a.yaml 第4行第19列：引号没有配对：请在文字末尾补上 '"],
  ['a chained comparison', when('1 < loss < 5'), 'EXPR_CHAINED_COMPARISON', 'rules/a.yaml 第4行第20列：比较不能连着写（如 1 < a < 5），请用 and 分开写（1 < a and a < 5）'],
  ['text compared with money', when('loss > "many"'), 'EXPR_CANNOT_COMPARE', 'rules/a.yaml 第4行第16列：loss（金额）不能和 "many"（文字）比较'],
  ['a condition that is not one', when('note'), 'EXPR_NOT_CONDITION', 'rules/a.yaml 第4行第11列：条件的结果应为 true 或 false，而 "note" 是文字'],
  ['an unknown function', when('dayz(date, date) > 1'), 'EXPR_UNKNOWN_FUNCTION', 'rules/a.yaml 第4行第11列：没有 "dayz" 这个函数，是否为 "days"？（可用函数：hours、days、len、contains）'],
  ['money with three decimals', when('loss > 1.005'), 'EXPR_AMOUNT_DECIMALS', 'rules/a.yaml 第4行第18列：金额 1.005 超过两位小数（金额以元为单位，最多两位小数）'],
  ['a list of ids compared', when('employees == "E001"'), 'EXPR_IDS_LIST', 'rules/a.yaml 第4行第21列：employees 是工号列表，不能直接比较；请用 contains(employees, "E001") 或 len(employees)'],
  ['dates in arithmetic', when('date + 1 > 2'), 'EXPR_DATE_ARITHMETIC', 'rules/a.yaml 第4行第16列：日期不能用 + 计算；求时长请用 hours(a, b) 或 days(a, b)'],
  ['a tab for indentation', 'rules:\n\t- id: r\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第2行第1列：YAML 格式有误：不能用 Tab 键缩进，请改用空格'],
  ['a duplicate key', 'policy: a\npolicy: b\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第2行第1列：YAML 格式有误：同一层里有两个相同的键，请删去或改名其中一个'],
  ['a full-width colon', 'policy：a\nrules: []\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第1行第1列：YAML 格式有误：这一行不是 "键: 值" 的写法（缺少冒号，或用了中文冒号 "："）'],
  ['an unclosed quote', 'policy: "a\nrules: []\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第3行第1列：YAML 格式有误：双引号没有配对，请补上结尾的 "'],
  ['an unclosed bracket', 'rules: [\npolicy: a\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第2行第1列：YAML 格式有误：方括号 [ 没有配对的 ]（或下一行缩进不够）'],
  ['items out of line', 'rules:\n  - id: r\n     on: incident\n', 'RULES_YAML_SYNTAX', 'rules/a.yaml 第2行第9列：YAML 格式有误：一行里出现了第二个 "冒号+空格"；值里有 ": " 时请给整个值加引号，否则请检查缩进'],
  ['an alias without its anchor', 'policy: *name\n', 'RULES_UNKNOWN_ALIAS', 'rules/a.yaml 第1行第9列：别名 *name 找不到对应的锚点：请在它前面的某个值上写 &name，或把内容直接写出来'],
];

describe('rules files: codes and Chinese', () => {
  it.each(RULES_CASES)('%s', (_name, text, code, zh) => {
    const problems = rulesProblems(text);
    const p = problems.find((x) => x.code === code);
    expect(p, problems.map((x) => x.code).join(', ')).toBeDefined();
    expect(render(p as Problem, 'zh')).toBe(zh);
  });

  it.each(RULES_CASES)('%s: no English words in the Chinese', (_name, text) => {
    for (const p of rulesProblems(text)) expect(render(p, 'zh')).not.toMatch(ENGLISH);
  });

  it('a duplicate id and a second scoring section name the first place in each language', () => {
    const one = 'rules:\n  - id: same\n    on: incident\n    effects: { points: -1 }\n';
    const problems = loadRules([
      { path: 'rules/a.yaml', text: one },
      { path: 'rules/b.yaml', text: `${one}${SCORING}` },
      { path: 'rules/scoring.yaml', text: SCORING },
    ]).problems;
    expect(problems.map((p) => p.code)).toEqual(['RULES_DUPLICATE_ID', 'RULES_SECOND_SCORING']);
    expect(problems.map((p) => render(p, 'zh'))).toEqual([
      'rules/b.yaml 第2行第9列：规则编号 "same" 重复，rules/a.yaml 第2行第9列已经用过',
      'rules/scoring.yaml 第1行第1列：又写了一个 scoring 部分（第一个在 rules/b.yaml 第5行第1列）；只能有一个规则文件写 scoring',
    ]);
    expect(render(problems[0] as Problem, 'en')).toBe('rules/b.yaml:2:9: duplicate rule id "same": also defined at rules/a.yaml:2:9');
  });

  it('a folder without scoring names the folder', () => {
    const [p, ...rest] = loadRules([{ path: 'rules/a.yaml', text: 'rules: []\n' }]).problems;
    expect(rest).toEqual([]);
    expect(p?.code).toBe('RULES_NO_SCORING');
    expect(render(p as Problem, 'zh')).toBe('rules：缺少 scoring 部分；须有且只有一个规则文件写明 scoring: { base, min, max, pay_rate, allocation, unit_weight }');
  });

  it('scoring out of range', () => {
    const problems = loadRules([{ path: 'rules/s.yaml', text: 'scoring: { base: 100, min: -1, max: 100, pay_rate: 1.5, max_amount: -5 }\n' }]).problems;
    expect(problems.map((p) => p.code)).toEqual(['RULES_BAD_RATIO', 'RULES_BAD_MAX_AMOUNT']);
    expect(problems.map((p) => render(p, 'zh'))).toEqual([
      'rules/s.yaml 第1行第52列：pay_rate 1.5 应为 0 到 1 之间的小数（如 0.30）',
      'rules/s.yaml 第1行第69列：max_amount -5 应为大于 0、不超过 10000000 元的金额（如 1000000）',
    ]);
    const min = loadRules([{ path: 'rules/s.yaml', text: 'scoring: { base: 100, min: -1, max: 100, pay_rate: 0.3 }\n' }]).problems;
    expect(min.map((p) => p.code)).toEqual(['RULES_NEGATIVE_MIN']);
    expect(render(min[0] as Problem, 'zh')).toBe('rules/s.yaml 第1行第28列：scoring 的 min -1 不能小于 0：得分决定每人在分配总额中的份额');
  });
});

describe('YAML errors the library words in English: a Chinese sentence for each common code', () => {
  it.each([
    ['a: [1, 2,, 3]\n', 'RULES_YAML_SYNTAX', '这里多了一个 ","'],
    ['a: "\\q"\n', 'RULES_YAML_SYNTAX', '双引号里的 \\ 写法不对'],
    ['a: @x\n', 'RULES_YAML_SYNTAX', '不加引号的值不能以 @ 开头，请给整个值加上引号'],
    ['a: 1\n---\nb: 2\n', 'RULES_YAML_SYNTAX', '一个文件里只能有一份内容'],
    ['a: 1\nfoo\n', 'RULES_YAML_SYNTAX', '这一行缺少冒号，应写成 "键: 值"'],
    ['a: {x: 1 y: 2}\n', 'RULES_YAML_SYNTAX', '[ ] 或 { } 里的各项要用逗号隔开'],
  ])('%j', (text, code, zh) => {
    const [p] = rulesProblems(text);
    expect(p?.code).toBe(code);
    expect(render(p as Problem, 'zh')).toContain(`YAML 格式有误：${zh}`);
    expect(render(p as Problem, 'en')).toMatch(/^rules\/a\.yaml:\d+:\d+: YAML: /);
  });

  it('an error without words of its own still says, in Chinese, that the YAML is wrong here', () => {
    const [p] = rulesProblems('a: &x &y 1\n');
    expect(p?.params).toMatchObject({ yaml: 'MULTIPLE_ANCHORS' });
    expect(render(p as Problem, 'zh')).toMatch(/^rules\/a\.yaml 第1行第\d+列：YAML 格式有误，请检查这一处的写法（A node can have at most one anchor）$/);
  });
});

describe('columns.yaml: codes and Chinese', () => {
  it.each([
    ['headers:\n  emploee: [x]\n', 'COLUMNS_NOT_A_FIELD', 'c.yaml 第2行第3列：headers 下的 "emploee" 不是 assess 的字段名，是否为 employee（工号）？'],
    ['colums:\n  x: 1\n', 'COLUMNS_UNKNOWN_KEY', 'c.yaml 第1行第1列：没有 "colums" 这一项（可写：headers、values、formats、ids）'],
    ['ids:\n  width: 4\n', 'COLUMNS_UNKNOWN_KEY', 'c.yaml 第2行第3列：ids 下没有 "width" 这一项（可写：pad）'],
    ['headers:\n  employee: [工号]\n  unit: [部门, 工号]\n', 'COLUMNS_HEADER_TWICE', 'c.yaml 第3行第14列：列名 "工号" 同时写在了 employee（工号） 和 unit（单位） 下，请只保留一处'],
    ['values:\n  status:\n    present: [到]\n    absent: [到]\n', 'COLUMNS_VALUE_TWICE', 'c.yaml 第4行第14列：values.status 下的 "到" 既表示 present（出席），又表示 absent（缺席），请只保留一处'],
    ['values:\n  status:\n    here: [x]\n', 'COLUMNS_NOT_A_VALUE', 'c.yaml 第3行第5列：values.status 下的 "here" 不是出勤情况的取值，应为 present（出席）、absent（缺席）、excused（请假）、late（迟到） 之一'],
    ['headers:\n  employee: {a: 1}\n', 'COLUMNS_NOT_A_LIST', 'c.yaml 第2行第13列：headers.employee 应为列表，如 [工号, 员工编号]'],
    ['headers: [工号]\n', 'COLUMNS_NOT_A_MAPPING', 'c.yaml 第1行第10列：headers 下应是 "键: 值" 形式的若干行'],
    ['ids:\n  pad: 0\n', 'COLUMNS_BAD_PAD', 'c.yaml 第2行第8列：ids.pad 应为正整数（工号的位数，如 4），现为 "0"'],
    ['formats:\n  dates: [YYYY-MM-DD]\n', 'COLUMNS_BAD_DATE_PATTERN', 'c.yaml 第2行第11列：formats.dates 下的 "YYYY-MM-DD" 不是正确的日期格式：Y 表示按周计的年份，年份请写 yyyy（或 yy）'],
    ['headers:\n\temployee: [x]\n', 'RULES_YAML_SYNTAX', 'c.yaml 第2行第1列：YAML 格式有误：不能用 Tab 键缩进，请改用空格'],
  ])('%j', (text, code, zh) => {
    const { problems } = parseColumns(text, 'c.yaml');
    expect(problems.map((p) => p.code)).toEqual([code]);
    expect(render(problems[0] as Problem, 'zh')).toBe(zh);
    expect(render(problems[0] as Problem, 'zh')).not.toMatch(ENGLISH);
  });
});
