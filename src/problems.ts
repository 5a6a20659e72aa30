/**
 * Every problem assess reports, in one place (SPEC §8, §10): a stable code,
 * its parameters (typed per code) and its English and Chinese text. A
 * problem is a value `{ code, source, params }`; the message is rendered
 * from it in the run's language only when a person reads it, so that a test
 * can check the code and the text separately, and `rejects.csv`, the JSON
 * and scripts see the same code whatever the language.
 *
 * To add a code: add one entry to {@link CATALOGUE} with its exit code and
 * both renderers; `def<Params>` makes a code without its Chinese text (or
 * with the wrong parameters) fail to type-check. Codes are part of the
 * interface: never rename one (README lists them).
 *
 * Chinese reads as a clerk writes it (../shared/GLOSSARY.md): where, what,
 * then the fix, with full-width punctuation around Chinese text.
 */

/** The languages assess speaks. */
export type Lang = 'en' | 'zh';

/** Where a problem is: a file, a line in it (1-based), a column (rules files). */
export interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** How a run ends because of a problem: 1 input or rules, 2 usage, 75 try again later (§8). */
export type Exit = 1 | 2 | 75;

/** A field as the clerk knows it: canonical name and the header written in the file (or its first alias), '' when none. */
export interface FieldRef {
  field: string;
  header: string;
}

// ---------------------------------------------------------------------------
// Words shared by the messages

/** Chinese names of canonical fields (GLOSSARY), used when a file gives no header of its own. */
const FIELD_ZH: Readonly<Record<string, string>> = {
  kind: '记录类型', employee: '工号', employees: '当事人工号', name: '姓名', unit: '单位', role: '岗位',
  wage: '月工资', bonus: '生产奖金', from: '起始日期', until: '截止日期', id: '编号', date: '日期',
  type: '类型', loss: '损失金额', note: '备注', received_at: '受理时间', resolved_at: '办结时间',
  responsible: '第一责任人', category: '投诉类别', channel: '受理渠道', due_hours: '时限(小时)',
  upheld: '是否属实', revisit: '跑第二趟', session: '场次', status: '出勤情况',
};

/** Chinese names of the record kinds. */
const KIND_ZH: Readonly<Record<string, string>> = { roster: '花名册', incident: '事件', complaint: '投诉', training: '培训' };

/** Chinese words of canonical values shown in messages (statuses). */
const VALUE_ZH: Readonly<Record<string, string>> = { present: '出席', absent: '缺席', excused: '请假', late: '迟到' };

function fieldEn(f: FieldRef): string {
  return f.header !== '' && f.header.toLowerCase() !== f.field ? `${f.field} (${f.header})` : f.field;
}
function fieldZh(f: FieldRef): string {
  return f.header !== '' && f.header.toLowerCase() !== f.field ? f.header : (FIELD_ZH[f.field] ?? f.field);
}
function kindZh(kind: string): string {
  return KIND_ZH[kind] ?? kind;
}
function listEn(xs: readonly string[]): string {
  return xs.join(', ');
}
function listZh(xs: readonly string[]): string {
  return xs.join('、');
}
function at(p: Place): string {
  return p.line === undefined ? p.file : `${p.file}:${p.line}`;
}
function atZh(p: Place): string {
  return p.line === undefined ? p.file : `${p.file} 第${p.line}行`;
}
function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The `formats.dates` line that makes assess read a date written as `pattern`. */
function formatsLine(pattern: string): string {
  return `formats: { dates: ["${pattern}"] }`;
}

/** The columns a kind lacks, per kind (no-kind and two-kinds files). */
export interface Lacking {
  kind: string;
  missing: FieldRef[];
}
function lackingEn(xs: readonly Lacking[]): string {
  return xs.map((x) => `${x.kind} lacks ${listEn(x.missing.map(fieldEn))}`).join('; ');
}
function lackingZh(xs: readonly Lacking[]): string {
  return xs.map((x) => `作为${kindZh(x.kind)}缺少${listZh(x.missing.map(fieldZh))}`).join('；');
}

/** A PostgreSQL ledger's place as messages name it: host, port, database and role, never the password. */
export interface PgAt {
  host: string;
  port: number;
  database: string;
  user: string;
}
/** `127.0.0.1:5432, database assess, role clerk` */
export function pgAtEn(a: PgAt): string {
  return `${a.host}:${a.port}, database ${a.database}, role ${a.user}`;
}
/** `127.0.0.1:5432，数据库 assess，角色 clerk` */
function pgAtZh(a: PgAt): string {
  return `${a.host}:${a.port}，数据库 ${a.database}，角色 ${a.user}`;
}
function privilegedEn(superuser: boolean): string {
  return superuser ? 'superuser' : 'role with BYPASSRLS';
}
function privilegedZh(superuser: boolean): string {
  return superuser ? '超级用户' : '带 BYPASSRLS 属性的角色';
}

// ---------------------------------------------------------------------------
// Words of the rules folder's messages (rules files and columns.yaml)

/** The type of an expression's value (src/rules/expr.ts). */
export type ExprType = 'string' | 'status' | 'number' | 'money' | 'bool' | 'time' | 'ids';
const TYPE_EN: Readonly<Record<ExprType, string>> = {
  string: 'text', status: 'a status', number: 'a number', money: 'money', bool: 'true/false', time: 'a date', ids: 'a list of ids',
};
const TYPE_ZH: Readonly<Record<ExprType, string>> = {
  string: '文字', status: '出勤情况', number: '数字', money: '金额', bool: 'true/false 值', time: '日期', ids: '工号列表',
};

/** What an expression names its fields from: a record kind, an aggregate rule's `when`, or nothing in particular. */
export type FieldsOf = 'incident' | 'complaint' | 'training' | 'aggregate' | null;
function fieldsOfEn(of: FieldsOf): string {
  return of === null ? '' : of === 'aggregate' ? ' for aggregate rules' : ` for kind ${of}`;
}
function fieldsOfZh(of: FieldsOf): string {
  return of === null ? '' : of === 'aggregate' ? '汇总规则（per）的 when 里' : `${kindZh(of)}记录`;
}

/** A token of an expression as a syntax error names it. */
export type ExprToken = { kind: 'end' } | { kind: 'string' | 'number' | 'symbol'; text: string };
function tokenEn(t: ExprToken): string {
  return t.kind === 'end' ? 'the end of the expression' : t.kind === 'string' ? `string "${t.text}"` : t.kind === 'number' ? `number ${t.text}` : `"${t.text}"`;
}
function foundZh(t: ExprToken): string {
  return t.kind === 'end' ? '，但表达式到这里就结束了' : t.kind === 'string' ? `，却是文字 "${t.text}"` : t.kind === 'number' ? `，却是数字 ${t.text}` : `，却是 "${t.text}"`;
}
/** What the expression parser expected where a syntax error is. */
export type ExprExpected =
  | { what: 'value' | 'operator' | 'paren-after-in' | 'close-paren' | 'list-separator' }
  | { what: 'argument-separator'; fn: string };
function expectedEn(e: ExprExpected): string {
  switch (e.what) {
    case 'value': return 'a value';
    case 'operator': return 'an operator or the end of the expression';
    case 'paren-after-in': return '"(" after in';
    case 'close-paren': return '")"';
    case 'list-separator': return '"," or ")" in the list after in';
    case 'argument-separator': return `"," or ")" in the arguments of ${e.fn}`;
  }
}
function expectedZh(e: ExprExpected): string {
  switch (e.what) {
    case 'value': return '此处应为一个值（字段名、数字或带引号的文字）';
    case 'operator': return '此处应为运算符（如 ==、and）或表达式结束';
    case 'paren-after-in': return 'in 后面应为 "("';
    case 'close-paren': return '此处应为 ")"';
    case 'list-separator': return 'in 后面的列表中，此处应为 "," 或 ")"';
    case 'argument-separator': return `${e.fn} 的参数之间应为 ","，最后以 ")" 结束`;
  }
}

/** Full-width punctuation and letters a Chinese input method types in place of ASCII. */
function isFullWidth(ch: string): boolean {
  return /^[\uFF01-\uFF5E\u3000-\u303F\u2018\u2019\u201C\u201D\u2014\u2026]$/u.test(ch);
}

/** What a key of a rules file must hold, for "must be" messages. */
export type Expect =
  | 'when' | 'where' | 'bonus' | 'id' | 'rules' | 'effects' | 'effective' | 'cap' | 'title'
  | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'other';
const EXPECT_EN: Readonly<Record<Expect, string>> = {
  when: 'an expression, e.g. status == "absent"',
  where: 'an expression, e.g. status in ("present", "late")',
  bonus: '"-P%" (a share, e.g. "-100%") or a negative amount in yuan (e.g. -200)',
  id: 'a name without spaces, e.g. missed-monday-meeting',
  rules: 'a list of rules (each starting with "- id:")',
  effects: 'a mapping such as { points: -1 }',
  effective: 'a mapping such as { from: 2026-01-01 }',
  cap: 'a positive number of points',
  title: 'text, or one text per language such as { zh: 周一例会缺席, en: absent from the Monday meeting }',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  other: 'of another type',
};
const EXPECT_ZH: Readonly<Record<Expect, string>> = {
  when: '条件表达式，如 status == "absent"',
  where: '条件表达式，如 status in ("present", "late")',
  bonus: '"-P%"（扣发比例，如 "-100%"）或以元为单位的负数金额（如 -200）',
  id: '不含空格的名称，如 missed-monday-meeting',
  rules: '规则列表（每条以 "- id:" 开头）',
  effects: '"键: 值" 形式的映射，如 { points: -1 }',
  effective: '"键: 值" 形式的映射，如 { from: 2026-01-01 }',
  cap: '大于 0 的分数，如 4',
  title: '文字，或按语言分别写，如 { zh: 周一例会缺席, en: absent from the Monday meeting }',
  number: '数字',
  string: '文字',
  boolean: 'true 或 false',
  array: '列表',
  object: '"键: 值" 形式的若干行（映射）',
  other: '别的类型',
};

/** A canonical value with its Chinese word where it has one: `absent（缺席）`. */
function valueWithZh(v: string): string {
  const zh = VALUE_ZH[v] ?? KIND_ZH[v];
  return zh === undefined ? v : `${v}（${zh}）`;
}
/** A canonical field with its Chinese name: `employee（工号）`. */
function fieldWithZh(f: string): string {
  const zh = FIELD_ZH[f];
  return zh === undefined ? f : `${f}（${zh}）`;
}

/**
 * A syntax error of the `yaml` library in Chinese, from its error code and
 * (where one code covers several mistakes) its English message.
 */
function yamlZh(code: string, detail: string): string {
  const generic = `YAML 格式有误，请检查这一处的写法（${detail}）`;
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'YAML 格式有误：不能用 Tab 键缩进，请改用空格';
    case 'DUPLICATE_KEY':
      return 'YAML 格式有误：同一层里有两个相同的键，请删去或改名其中一个';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'YAML 格式有误：这一行不是 "键: 值" 的写法（缺少冒号，或用了中文冒号 "："）';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'YAML 格式有误：一行里出现了第二个 "冒号+空格"；值里有 ": " 时请给整个值加引号，否则请检查缩进';
    case 'BLOCK_IN_FLOW':
      return 'YAML 格式有误：[ ] 或 { } 里的各项要用逗号隔开，冒号后要有空格，不能换行缩进';
    case 'BAD_DQ_ESCAPE':
      return 'YAML 格式有误：双引号里的 \\ 写法不对（\\ 本身要写成 \\\\，或改用单引号）';
    case 'MULTIPLE_DOCS':
      return 'YAML 格式有误：一个文件里只能有一份内容，请删去 "---" 这一行，或拆成两个文件';
    case 'BAD_SCALAR_START': {
      const ch = /(\S)$/.exec(detail)?.[1] ?? '';
      return `YAML 格式有误：不加引号的值不能以 ${ch} 开头，请给整个值加上引号`;
    }
    case 'TAG_RESOLVE_FAILED':
      return 'YAML 格式有误：以 ! 开头的值会被当作 YAML 标记，请给整个值加上引号';
    case 'BAD_INDENT':
      if (/^All mapping items/.test(detail)) return 'YAML 格式有误：缩进不对，同一层的各项应从同一列开始';
      if (/^All sequence items/.test(detail)) return 'YAML 格式有误：缩进不对，列表的各项（"- " 开头）应从同一列开始';
      if (/^Flow sequence/.test(detail)) return 'YAML 格式有误：方括号 [ 没有配对的 ]（或下一行缩进不够）';
      if (/^Flow map/.test(detail)) return 'YAML 格式有误：花括号 { 没有配对的 }（或下一行缩进不够）';
      if (/^Block scalar/.test(detail)) return 'YAML 格式有误：多行文字（| 或 > 之后）的缩进不对';
      return 'YAML 格式有误：缩进不对';
    case 'MISSING_CHAR':
      if (/^Missing closing "quote/.test(detail)) return 'YAML 格式有误：双引号没有配对，请补上结尾的 "';
      if (/^Missing closing 'quote/.test(detail)) return "YAML 格式有误：单引号没有配对，请补上结尾的 '";
      if (/^Implicit map keys need to be followed by map values/.test(detail)) return 'YAML 格式有误：这一行缺少冒号，应写成 "键: 值"';
      if (/^Comments must be separated/.test(detail)) return 'YAML 格式有误：# 注释前面要有空格';
      if (/^Sequence item without - indicator/.test(detail)) return 'YAML 格式有误：列表项前缺少 "- "';
      if (/^Missing space after :/.test(detail)) return 'YAML 格式有误：冒号后面要有空格';
      if (/^Missing , (or : )?between/.test(detail)) return 'YAML 格式有误：[ ] 或 { } 里的各项之间缺少逗号';
      if (/must end with a \]$/.test(detail)) return 'YAML 格式有误：方括号 [ 没有配对的 ]';
      if (/must end with a \}$/.test(detail)) return 'YAML 格式有误：花括号 { 没有配对的 }';
      if (/^Tags and anchors must be separated/.test(detail)) return 'YAML 格式有误：& 或 ! 标记后面要有空格';
      return generic;
    case 'UNEXPECTED_TOKEN': {
      const extra = /^Unexpected (\S) in /.exec(detail)?.[1];
      if (extra !== undefined) return `YAML 格式有误：这里多了一个 "${extra}"`;
      if (/^Unexpected empty item/.test(detail)) return 'YAML 格式有误：[ ] 或 { } 里有空的一项（两个逗号连在了一起）';
      return generic;
    }
    default:
      return generic;
  }
}

// ---------------------------------------------------------------------------
// The catalogue

interface Entry<P> {
  /** The exit code of a run that stops on this problem. */
  exit: Exit;
  en: (p: P) => string;
  zh: (p: P) => string;
}

/** One catalogue entry; the type parameter is the code's parameters. */
function def<P>(entry: Entry<P>): Entry<P> {
  return entry;
}

type None = Record<string, never>;

/** The hint of an employee id not on the roster: zeros lost, or full-width digits. */
export interface IdHint {
  /** The roster id it probably is. */
  suggest: string;
  /** Why: a spreadsheet stripped the leading zeros (`pad` digits), or the id was typed in full-width digits. */
  why: 'pad' | 'fullwidth';
  pad: number;
}

/** What is wrong with a workbook that cannot be read. */
export type WorkbookDamage = 'zip' | 'not-zip' | 'not-spreadsheet' | 'entry' | 'xml' | 'sheet-missing';

const DAMAGE_EN: Readonly<Record<WorkbookDamage, (part: string) => string>> = {
  zip: () => 'the zip archive is damaged',
  'not-zip': () => 'it is not a zip archive, as every .xlsx file is',
  'not-spreadsheet': () => 'it has no xl/workbook.xml: it is a zip file, but not a spreadsheet',
  entry: (part) => `entry ${part}`,
  xml: (part) => `${part} is not well-formed`,
  'sheet-missing': (part) => `its sheet ${part} is missing from the archive`,
};
/** The library's own English (e.g. yauzl's) stays out of a Chinese message: the kind of damage says enough to act on. */
const DAMAGE_ZH: Readonly<Record<WorkbookDamage, (part: string) => string>> = {
  zip: () => '压缩包已损坏',
  'not-zip': () => '不是 zip 压缩包，而 .xlsx 文件都是压缩包',
  'not-spreadsheet': () => '这是一个 zip 压缩包，但里面没有 xl/workbook.xml，不是电子表格',
  entry: (part) => `其中的 ${part} 无法读取`,
  xml: (part) => `其中的 ${part} 格式有误`,
  'sheet-missing': (part) => `压缩包里缺少工作表 ${part}`,
};

export const CATALOGUE = {
  // --- usage (exit 2) -------------------------------------------------------
  USAGE_BAD_MONTH: def<{ value: string }>({
    exit: 2,
    en: (p) => `--month "${p.value}" is not a month (expected YYYY-MM, e.g. 2026-02)`,
    zh: (p) => `--month "${p.value}" 不是月份，应写成 YYYY-MM，如 2026-02`,
  }),
  USAGE_BAD_YEAR: def<{ value: string }>({
    exit: 2,
    en: (p) => `"${p.value}" is not a year (expected YYYY, e.g. 2026)`,
    zh: (p) => `"${p.value}" 不是年份，应写成 YYYY，如 2026`,
  }),
  USAGE_NO_INPUT: def<None>({
    exit: 2,
    en: () => 'no input files',
    zh: () => '没有给出要读取的文件',
  }),
  USAGE_BUSY_TIMEOUT: def<{ value: string }>({
    exit: 2,
    en: (p) => `ASSESS_BUSY_TIMEOUT "${p.value}" is not a number of seconds (e.g. 30)`,
    zh: (p) => `ASSESS_BUSY_TIMEOUT "${p.value}" 不是秒数，应写成如 30`,
  }),
  USAGE_BUREAU_ON_SQLITE: def<{ path: string }>({
    exit: 2,
    en: (p) => `--bureau is for a PostgreSQL ledger; ${p.path} is a SQLite ledger, which is one bureau (leave --bureau out)`,
    zh: (p) => `--bureau 只用于 PostgreSQL 台账；${p.path} 是 SQLite 台账，只记一个县局的数据（请去掉 --bureau）`,
  }),
  USAGE_BUREAU_EMPTY: def<None>({
    exit: 2,
    en: () => '--bureau: a bureau needs a name',
    zh: () => '--bureau：县局名称不能为空',
  }),
  USAGE_UNKNOWN_UNIT: def<{ units: string[]; period: string; known: string[] }>({
    exit: 2,
    en: (p) => `--unit ${p.units.map((u) => `"${u}"`).join(', ')}: not a unit of ${p.period}; the units are: ${p.known.join(', ')}`,
    zh: (p) => `--unit ${p.units.map((u) => `"${u}"`).join('、')} 不是 ${p.period} 的单位；可选的单位有：${p.known.join('、')}`,
  }),
  USAGE_LEDGER_URL: def<{ url: string; detail: string }>({
    exit: 2,
    en: (p) => `--ledger: "${p.url}" is not a PostgreSQL URL (${p.detail}); expected postgres://role@host:port/database`,
    zh: (p) => `--ledger："${p.url}" 不是 PostgreSQL 的 URL（${p.detail}），应写成 postgres://角色@主机:端口/数据库`,
  }),
  USAGE_LEDGER_SQLITE: def<{ command: string; path: string }>({
    exit: 2,
    en: (p) => `assess ledger ${p.command} is for a PostgreSQL ledger (--ledger postgres://…); ${p.path} is a SQLite ledger, which is one bureau and is created by assessing a month`,
    zh: (p) => `assess ledger ${p.command} 只用于 PostgreSQL 台账（--ledger postgres://…）；${p.path} 是 SQLite 台账，只记一个县局的数据，考核一个月时就会自动建立`,
  }),
  USAGE_MIGRATE_BUREAU: def<None>({
    exit: 2,
    en: () => 'assess ledger migrate takes no --bureau',
    zh: () => 'assess ledger migrate 不接受 --bureau',
  }),
  USAGE_GRANT_WHICH: def<None>({
    exit: 2,
    en: () => 'assess ledger grant needs either --bureau NAME (read and write that bureau) or --all-bureaus (read every bureau)',
    zh: () => 'assess ledger grant 需要 --bureau 县局名（查看并写入该县局）或 --all-bureaus（查看所有县局），二者选一',
  }),
  USAGE_NOT_A_MONTH: def<{ value: string }>({
    exit: 2,
    en: (p) => `"${p.value}" is not a month (expected YYYY-MM, e.g. 2026-02)`,
    zh: (p) => `"${p.value}" 不是月份，应写成 YYYY-MM，如 2026-02`,
  }),
  USAGE_CHOOSE_BUREAU: def<{ at: PgAt; role: string; bureaus: string[] | null }>({
    exit: 2,
    en: (p) => `role ${p.role} may use ${p.bureaus === null ? 'every bureau' : `${p.bureaus.length} bureaus (${listEn(p.bureaus)})`} of the ledger at ${pgAtEn(p.at)}; say which with --bureau NAME`,
    zh: (p) => `角色 ${p.role} 可以使用台账（${pgAtZh(p.at)}）的${p.bureaus === null ? '所有县局' : ` ${p.bureaus.length} 个县局（${listZh(p.bureaus)}）`}；请用 --bureau 县局名 指定一个`,
  }),
  USAGE_UNKNOWN_ENCODING: def<{ value: string }>({
    exit: 2,
    en: (p) => `unknown encoding "${p.value}" (expected utf8, utf16le, utf16be or gb18030)`,
    zh: (p) => `不认识的编码 "${p.value}"，可用 utf8、utf16le、utf16be 或 gb18030`,
  }),
  USAGE_UNKNOWN_OPTION: def<{ option: string }>({
    exit: 2,
    en: (p) => `unknown option ${p.option} (run assess --help for usage)`,
    zh: (p) => `没有 ${p.option} 这个选项（用法见 assess --help）`,
  }),
  USAGE_UNKNOWN_COMMAND: def<{ command: string }>({
    exit: 2,
    en: (p) => `unknown command ${p.command} (run assess --help for usage)`,
    zh: (p) => `没有 ${p.command} 这个命令（用法见 assess --help）`,
  }),
  USAGE_MISSING_ARGUMENT: def<{ argument: string }>({
    exit: 2,
    en: (p) => `missing ${p.argument} (run assess --help for usage)`,
    zh: (p) => `缺少 ${p.argument}（用法见 assess --help）`,
  }),
  USAGE_OPTION_VALUE: def<{ option: string; value: string; allowed: string[] }>({
    exit: 2,
    en: (p) => (p.value === ''
      ? `option ${p.option} needs a value${p.allowed.length ? ` (${listEn(p.allowed)})` : ''}`
      : `option ${p.option} cannot be "${p.value}"${p.allowed.length ? ` (expected ${listEn(p.allowed)})` : ''}`),
    zh: (p) => (p.value === ''
      ? `选项 ${p.option} 后面要给一个值${p.allowed.length ? `（${listZh(p.allowed)}）` : ''}`
      : `选项 ${p.option} 不能是 "${p.value}"${p.allowed.length ? `，可用 ${listZh(p.allowed)}` : ''}`),
  }),
  USAGE_TOO_MANY_ARGUMENTS: def<{ expected: number; got: number }>({
    exit: 2,
    en: (p) => `too many arguments: expected ${p.expected}, got ${p.got} (run assess --help for usage)`,
    zh: (p) => `参数多了：应为 ${p.expected} 个，给了 ${p.got} 个（用法见 assess --help）`,
  }),
  USAGE_OTHER: def<{ detail: string }>({
    exit: 2,
    en: (p) => `${p.detail} (run assess --help for usage)`,
    zh: (p) => `命令写得不对：${p.detail}（用法见 assess --help）`,
  }),

  // --- files ---------------------------------------------------------------
  FILE_NOT_FOUND: def<None>({
    exit: 1,
    en: () => 'file not found',
    zh: () => '找不到这个文件',
  }),
  FILE_NOT_A_FILE: def<None>({
    exit: 1,
    en: () => 'is not a file',
    zh: () => '这不是一个文件',
  }),
  FILE_EMPTY: def<None>({
    exit: 1,
    en: () => 'is empty (expected a header line and rows)',
    zh: () => '文件是空的，应有一行表头和若干行记录',
  }),
  FILE_NOT_UTF8: def<{ offset: number }>({
    exit: 1,
    en: (p) => `not valid UTF-8 (at byte ${p.offset}); if it was saved by Excel on a Chinese Windows, run again with --encoding gb18030`,
    zh: (p) => `不是有效的 UTF-8 编码（第 ${p.offset} 字节）；如果是在中文 Windows 上用 Excel 保存的，请加上 --encoding gb18030 再运行`,
  }),
  FILE_UNREADABLE: def<{ detail: string }>({
    exit: 1,
    en: (p) => `cannot be read: ${p.detail}`,
    zh: (p) => `无法读取：${p.detail}`,
  }),
  BAD_WORKBOOK: def<{ damage: WorkbookDamage; part: string; detail: string }>({
    exit: 1,
    en: (p) => `not a readable workbook (${DAMAGE_EN[p.damage](p.part)}${p.detail === '' ? '' : `: ${p.detail}`}); open it in the spreadsheet and save it again as .xlsx`,
    zh: (p) => `工作簿无法读取（${DAMAGE_ZH[p.damage](p.part)}）；请用电子表格软件打开，再另存为 .xlsx`,
  }),
  ENCRYPTED_WORKBOOK: def<None>({
    exit: 1,
    en: () => 'the workbook is protected with a password; save a copy without the password and assess that',
    zh: () => '工作簿设了密码；请另存一份不带密码的副本再考核',
  }),
  OLD_XLS: def<{ format: 'xls' | 'xml2003' }>({
    exit: 1,
    en: (p) => (p.format === 'xls'
      ? 'this is an Excel 97–2003 workbook (.xls), which assess does not read; open it in the spreadsheet and save it as an Excel workbook (.xlsx), then assess that file'
      : 'this is an Excel 2003 XML spreadsheet, which assess does not read; open it in the spreadsheet and save it as an Excel workbook (.xlsx)'),
    zh: (p) => `这是${p.format === 'xls' ? ' Excel 97–2003 工作簿（.xls）' : ' Excel 2003 XML 表格'}，assess 不能读取；请用电子表格软件打开，另存为 Excel 工作簿（.xlsx）后再考核`,
  }),
  SHEET_SKIPPED: def<{ empty: boolean; rows: number }>({
    exit: 1,
    en: (p) => `${p.empty ? 'the sheet is empty' : `no header row among its first ${p.rows} rows`}; sheet skipped`,
    zh: (p) => `${p.empty ? '这个工作表是空的' : `前 ${p.rows} 行中没有表头`}，已跳过这个工作表`,
  }),
  SHEET_PARTIAL_HEADER: def<{ kind: string; missing: FieldRef[] }>({
    exit: 1,
    en: (p) => `this row looks like the header of ${p.kind} records but lacks ${listEn(p.missing.map(fieldEn))}; add the missing column${p.missing.length === 1 ? '' : 's'}, or name ${p.missing.length === 1 ? 'it' : 'them'} in columns.yaml`,
    zh: (p) => `这一行像是${kindZh(p.kind)}记录的表头，但缺少${listZh(p.missing.map(fieldZh))}；请补上缺少的列，或在 columns.yaml 中写明列名`,
  }),
  MERGED_HEADER: def<{ cells: string | null; left: number; right: number }>({
    exit: 1,
    en: (p) => `the header row has merged cells (${p.cells ?? `columns ${p.left}–${p.right}`}); unmerge them so that every column has its own heading on this row`,
    zh: (p) => `表头行有合并的单元格（${p.cells ?? `第 ${p.left}–${p.right} 列`}）；请取消合并，让每一列在这一行都有自己的列名`,
  }),
  NO_SHEET_HEADER: def<{ sheets: string[]; rows: number; html: boolean }>({
    exit: 1,
    en: (p) => (p.html
      ? `no row among the table's first ${p.rows} rows is a header that names a kind's columns`
      : p.sheets.length === 0
        ? 'the workbook has no worksheets'
        : `no sheet has a header row that names a kind's columns (sheets: ${listEn(p.sheets)}); put the column headings in one of each sheet's first ${p.rows} rows`),
    zh: (p) => (p.html
      ? `表格前 ${p.rows} 行中没有一行是能认出记录类别的表头`
      : p.sheets.length === 0
        ? '工作簿里没有工作表'
        : `没有一个工作表有能认出记录类别的表头（工作表：${listZh(p.sheets)}）；请把列名放在每个工作表的前 ${p.rows} 行之内`),
  }),
  FILE_WRITE_FAILED: def<{ detail: string }>({
    exit: 1,
    en: (p) => `cannot write the file: ${p.detail}`,
    zh: (p) => `无法写入这个文件：${p.detail}`,
  }),
  /** stdout or stderr cannot be written (not a closed pipe, which ends quietly). */
  OUTPUT_FAILED: def<{ detail: string }>({
    exit: 1,
    en: (p) => `cannot write the output (${p.detail}); what was written so far is incomplete`,
    zh: (p) => `无法写出结果（${p.detail}），已写出的部分不完整`,
  }),
  OUTPUT_DISK_FULL: def<{ detail: string }>({
    exit: 75,
    en: (p) => `cannot write the output: the disk is full (${p.detail}); what was written so far is incomplete. Free some space and run assess again`,
    zh: (p) => `无法写出结果：磁盘已满（${p.detail}），已写出的部分不完整。请腾出一些空间后重新运行 assess`,
  }),
  OUT_DIR_FAILED: def<{ detail: string }>({
    exit: 1,
    en: (p) => `cannot create the --out folder: ${p.detail}`,
    zh: (p) => `无法创建 --out 文件夹：${p.detail}`,
  }),

  // --- CSV -----------------------------------------------------------------
  CSV_UNCLOSED_QUOTE: def<None>({
    exit: 1,
    en: () => 'a quoted field is never closed (a " on this line has no closing ")',
    zh: () => '引号没有配对：这一行的 " 后面没有对应的 "',
  }),
  FIELD_TOO_LARGE: def<{ megabytes: number }>({
    exit: 1,
    en: (p) => `a row is longer than ${p.megabytes} MB, the most a row may have; probably a " on this line is never closed, or this is not a CSV file`,
    zh: (p) => `这一行超过 ${p.megabytes} MB，超出了一行的上限；多半是这一行的 " 没有配对，或者这不是 CSV 文件`,
  }),
  HEADER_TOO_LONG: def<{ megabytes: number }>({
    exit: 1,
    en: (p) => `the first line is longer than ${p.megabytes} MB without a line end: this is not a CSV file with a header line`,
    zh: (p) => `第一行超过 ${p.megabytes} MB 还没有换行：这不是带表头的 CSV 文件`,
  }),
  CSV_TEXT_AFTER_QUOTE: def<None>({
    exit: 1,
    en: () => 'a quoted field has text after its closing quote (a " inside a quoted field must be written "")',
    zh: () => '带引号的一格在结束的 " 后面还有文字（格内的 " 要写成 ""）',
  }),
  CSV_QUOTE_IN_FIELD: def<None>({
    exit: 1,
    en: () => 'a " appears inside an unquoted field (quote the whole field and write the " as "")',
    zh: () => '没有加引号的一格里出现了 "（整格加上引号，格内的 " 写成 ""）',
  }),
  CSV_MALFORMED: def<{ detail: string }>({
    exit: 1,
    en: (p) => `not a readable CSV (${p.detail})`,
    zh: (p) => `不是可读的 CSV 文件（${p.detail}）`,
  }),

  // --- headers and layout ---------------------------------------------------
  TOO_MANY_COLUMNS: def<{ columns: number; max: number }>({
    exit: 1,
    en: (p) => `the header has ${p.columns} columns; a file may have at most ${p.max} (is this the right file, and its delimiter a comma, semicolon or tab?)`,
    zh: (p) => `表头有 ${p.columns} 列，一个文件最多 ${p.max} 列（请确认文件是否选对，分隔符是否为逗号、分号或 Tab）`,
  }),
  HEADER_DUPLICATE_FIELD: def<{ first: string; second: string; field: string }>({
    exit: 1,
    en: (p) => `columns "${p.first}" and "${p.second}" both mean ${p.field}; remove one of them`,
    zh: (p) => `"${p.first}" 和 "${p.second}" 两列都表示${FIELD_ZH[p.field] ?? p.field}（${p.field}），请删去其中一列`,
  }),
  HEADER_NO_KIND: def<{ lacking: Lacking[]; suggestions: { header: string; alias: string }[] }>({
    exit: 1,
    en: (p) => `cannot tell what this file holds: no kind of record has all its columns: ${lackingEn(p.lacking)}`
      + p.suggestions.map((s) => `; column "${s.header}": did you mean ${s.alias}?`).join(''),
    zh: (p) => `看不出这是什么文件，没有一类记录的列是齐的：${lackingZh(p.lacking)}`
      + p.suggestions.map((s) => `；"${s.header}" 列是否为 ${s.alias}？`).join(''),
  }),
  HEADER_TWO_KINDS: def<{ kinds: string[]; lacking: Lacking[] }>({
    exit: 1,
    en: (p) => `cannot tell what this file holds: it has all the columns of ${p.kinds.join(' and ')}; split it into one file per kind`
      + (p.lacking.length === 0 ? '' : ` (${lackingEn(p.lacking)})`),
    zh: (p) => `看不出这是什么文件：${listZh(p.kinds.map(kindZh))}的列都齐了，请按类别分成几个文件`
      + (p.lacking.length === 0 ? '' : `（${lackingZh(p.lacking)}）`),
  }),
  REGISTER_NO_KIND: def<{ lacking: Lacking[] }>({
    exit: 1,
    en: (p) => `this register has a kind column but no kind of record has all its columns: ${lackingEn(p.lacking)}`,
    zh: (p) => `这个登记表有记录类型列，但没有一类记录的列是齐的：${lackingZh(p.lacking)}`,
  }),

  // --- rows (rejects; SPEC §8) ----------------------------------------------
  FIELD_COUNT: def<{ found: number; expected: number }>({
    exit: 1,
    en: (p) => `has ${p.found} fields, the header has ${p.expected}`,
    zh: (p) => `这一行有 ${p.found} 格，表头有 ${p.expected} 格`,
  }),
  MISSING_FIELD: def<{ field: FieldRef }>({
    exit: 1,
    en: (p) => `missing ${fieldEn(p.field)}`,
    zh: (p) => `缺少${fieldZh(p.field)}`,
  }),
  UNKNOWN_KIND: def<{ value: string; known: string[] }>({
    exit: 1,
    en: (p) => `kind "${p.value}" is not a kind of record (expected ${listEn(p.known)}, or add it under values.kind in columns.yaml)`,
    zh: (p) => `记录类型 "${p.value}" 不认识，应为${listZh(p.known.map(kindZh))}之一（或在 columns.yaml 的 values.kind 下添加）`,
  }),
  NO_EMPLOYEE: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" names no employee id`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 里没有工号`,
  }),
  BAD_AMOUNT: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not an amount in yuan (expected e.g. 4200.00)`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 不是以元为单位的金额，应写成如 4200.00`,
  }),
  AMOUNT_DECIMALS: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" has more than two decimals`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 超过两位小数（金额只到分）`,
  }),
  NEGATIVE_AMOUNT: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is negative; amounts are 0 or more`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 是负数，金额不能小于 0`,
  }),
  AMOUNT_TOO_LARGE: def<{ field: FieldRef; value: string; max: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is larger than ${p.max} yuan, the most an amount may be (scoring.max_amount)`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 超过 ${p.max} 元，超出了金额上限（scoring.max_amount）`,
  }),
  NUMBER_TOO_LARGE: def<{ field: FieldRef; value: string; max: number }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is too large (at most ${p.max})`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 太大（最多 ${p.max}）`,
  }),
  BAD_NUMBER: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not a number (expected e.g. 24 or 1.5)`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 不是数字，应写成如 24 或 1.5`,
  }),
  BAD_BOOL: def<{ field: FieldRef; value: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not yes or no (expected yes/no, true/false, 1/0, 是/否 or Y/N)`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 应填 是 或 否（也可写 yes/no、1/0、Y/N）`,
  }),
  BAD_DATE: def<{ field: FieldRef; value: string; time: boolean }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not a real ${p.time ? 'date and time' : 'date'}`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 不是真实存在的${p.time ? '日期时间' : '日期'}`,
  }),
  DATE_FORMAT: def<{ field: FieldRef; value: string; time: boolean; pattern: string | null }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not a recognised ${p.time ? 'date-time' : 'date'} (expected ${p.time ? 'YYYY-MM-DD H:mm, YYYY/M/D H:mm or ISO 8601' : 'YYYY-MM-DD, YYYY/M/D or YYYY年M月D日'}); `
      + (p.pattern === null
        ? 'add its pattern to formats.dates in columns.yaml'
        : `the file may have been saved by a spreadsheet: add its pattern to formats.dates in columns.yaml (${formatsLine(p.pattern)})`),
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 不是能识别的${p.time ? '日期时间' : '日期'}，应写成${p.time ? ' YYYY-MM-DD H:mm、YYYY/M/D H:mm 或 ISO 8601' : ' YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日'}`
      + (p.pattern === null
        ? '（或在 columns.yaml 的 formats.dates 中加上它的格式）'
        : `（文件可能经电子表格保存，改变了日期格式：在 columns.yaml 中加上 ${formatsLine(p.pattern)}）`),
  }),
  ROSTER_UNTIL_BEFORE_FROM: def<{ until: FieldRef; untilDate: string; from: FieldRef; fromDate: string }>({
    exit: 1,
    en: (p) => `${fieldEn(p.until)} ${p.untilDate} is before ${fieldEn(p.from)} ${p.fromDate}: the row covers no day (swap them, or fix the date)`,
    zh: (p) => `${fieldZh(p.until)} ${p.untilDate} 早于${fieldZh(p.from)} ${p.fromDate}，这一行不覆盖任何一天（请对调两个日期，或改正日期）`,
  }),
  UNKNOWN_STATUS: def<{ field: FieldRef; value: string; known: string[] }>({
    exit: 1,
    en: (p) => `${fieldEn(p.field)} "${p.value}" is not one of ${listEn(p.known)} (add it under values.status in columns.yaml)`,
    zh: (p) => `${fieldZh(p.field)} "${p.value}" 不认识，应为${listZh(p.known.map((k) => VALUE_ZH[k] ?? k))}之一（或在 columns.yaml 的 values.status 下添加）`,
  }),
  NOT_ON_ROSTER: def<{ employee: string; month: string | null; hint: IdHint | null }>({
    exit: 1,
    en: (p) => `employee "${p.employee}" is not on the roster${p.month === null ? '' : ` of ${p.month}`}`
      + (p.hint === null ? '' : p.hint.why === 'pad'
        ? `; did you mean "${p.hint.suggest}"? (the file may have been saved by a spreadsheet, which drops leading zeros: set ids.pad: ${p.hint.pad} in columns.yaml)`
        : `; did you mean "${p.hint.suggest}"? (the id is written in full-width digits; retype it in ordinary digits)`),
    zh: (p) => `工号 "${p.employee}" 不在${p.month === null ? '' : ` ${p.month} 的`}花名册上`
      + (p.hint === null ? '' : p.hint.why === 'pad'
        ? `，是否为 "${p.hint.suggest}"？（文件可能经电子表格保存，丢失了前导零：在 columns.yaml 中设置 ids.pad: ${p.hint.pad}）`
        : `，是否为 "${p.hint.suggest}"？（工号是全角数字，请改用半角数字）`),
  }),
  NO_EMPLOYEE_NAMED: def<None>({
    exit: 1,
    en: () => 'no employee named',
    zh: () => '没有写工号',
  }),
  UNKNOWN_UNIT: def<{ unit: string; month: string }>({
    exit: 1,
    en: (p) => `unit "${p.unit}" is not a unit of the roster of ${p.month}`,
    zh: (p) => `单位 "${p.unit}" 不在 ${p.month} 的花名册上`,
  }),
  OUTSIDE_MONTH: def<{ date: string; month: string }>({
    exit: 1,
    en: (p) => `date ${p.date} is outside the assessed month ${p.month}`,
    zh: (p) => `日期 ${p.date} 不在考核月份 ${p.month} 之内`,
  }),
  DUPLICATE_ROW: def<{ first: Place }>({
    exit: 1,
    en: (p) => `duplicate of ${at(p.first)}`,
    zh: (p) => `与 ${atZh(p.first)}完全重复`,
  }),
  DUPLICATE_ID: def<{ id: string; first: Place }>({
    exit: 1,
    en: (p) => `id "${p.id}" already used at ${at(p.first)}`,
    zh: (p) => `编号 "${p.id}" 已在 ${atZh(p.first)}用过`,
  }),
  ROSTER_DUPLICATE: def<{ employee: string; month: string; first: Place }>({
    exit: 1,
    en: (p) => `employee "${p.employee}" is already on the roster of ${p.month} at ${at(p.first)}`,
    zh: (p) => `工号 "${p.employee}" 已在 ${p.month} 的花名册上（${atZh(p.first)}）`,
  }),

  // --- the month -------------------------------------------------------------
  MONTH_UNKNOWN: def<None>({
    exit: 1,
    en: () => 'no records to assess, so the month is unknown; pass --month YYYY-MM',
    zh: () => '没有可考核的记录，看不出是哪个月；请用 --month YYYY-MM 指定',
  }),
  MONTH_MANY: def<{ months: { month: string; rows: number }[] }>({
    exit: 1,
    en: (p) => `records fall in more than one month (${p.months.map((m) => `${m.month}: ${plural(m.rows, 'row')}`).join(', ')}); pass --month YYYY-MM`,
    zh: (p) => `记录分属不止一个月（${p.months.map((m) => `${m.month}：${m.rows} 行`).join('，')}）；请用 --month YYYY-MM 指定考核月份`,
  }),
  ROSTER_NOT_FOUND: def<{ from: string }>({
    exit: 1,
    en: (p) => `no roster found: none among the inputs and no roster.csv from ${p.from} up to the current folder; pass --roster FILE`,
    zh: (p) => `找不到花名册：输入文件中没有，从 ${p.from} 到当前文件夹也没有 roster.csv；请用 --roster 文件 指定`,
  }),
  ROSTER_NOT_A_ROSTER: def<{ found: boolean }>({
    exit: 1,
    en: (p) => (p.found
      ? "found as the roster, but its columns are not a roster's (expected employee, unit, wage)"
      : "--roster names a file whose columns are not a roster's (expected employee, unit, wage)"),
    zh: (p) => `${p.found ? '找到的花名册' : '--roster 指定的文件'}列不对，花名册应有工号、单位、月工资三列`,
  }),
  TWO_ROSTERS: def<{ files: string[] }>({
    exit: 1,
    en: (p) => `found both ${p.files.join(' and ')}; keep one of them, or pass the one to use with --roster`,
    zh: (p) => `同时找到了 ${listZh(p.files)}；请只保留一份，或用 --roster 指定要用的那份`,
  }),
  ROSTER_SHEETS: def<None>({
    exit: 1,
    en: () => 'found as the roster, but more than one of its sheets is a roster',
    zh: () => '作为花名册找到了这个文件，但其中不止一个工作表是花名册',
  }),
  ROSTER_MANY: def<{ files: string[] }>({
    exit: 1,
    en: (p) => `more than one roster among the inputs (${listEn(p.files)}); pass one with --roster`,
    zh: (p) => `输入文件中有不止一份花名册（${listZh(p.files)}）；请用 --roster 指定一份`,
  }),
  ROSTER_WRONG_KIND: def<{ kind: string }>({
    exit: 1,
    en: (p) => `a ${p.kind} row does not belong in the roster`,
    zh: (p) => `花名册里不应有${kindZh(p.kind)}记录`,
  }),
  ROSTER_ROW_ELSEWHERE: def<None>({
    exit: 1,
    en: () => 'roster rows belong in the roster file',
    zh: () => '花名册的行应放在花名册文件里',
  }),
  EMPLOYEE_NOT_IN_MONTH: def<{ employee: string; month: string; roster: string }>({
    exit: 1,
    en: (p) => `employee "${p.employee}" is not on the roster of ${p.month} (${p.roster})`,
    zh: (p) => `工号 "${p.employee}" 不在 ${p.month} 的花名册上（${p.roster}）`,
  }),

  // --- rejected rows: the run's closing line ---------------------------------
  ROWS_REJECTED: def<{ count: number }>({
    exit: 1,
    en: (p) => `assess: ${plural(p.count, 'row')} rejected; nothing was assessed or written. Fix them, or pass --allow-rejects to assess the month without them.`,
    zh: (p) => `assess：有 ${p.count} 行记录无法使用，本月没有考核，也没有写入任何文件。请改正后重新运行，或加上 --allow-rejects 先不计这些行进行考核。`,
  }),
  ROWS_LEFT_OUT: def<{ count: number }>({
    exit: 1,
    en: (p) => `assess: ${plural(p.count, 'row')} rejected and left out (--allow-rejects); see rejects.csv or the summary`,
    zh: (p) => `assess：有 ${p.count} 行记录无法使用，已不计入考核（--allow-rejects）；详见 rejects.csv 或汇总`,
  }),
  // --- rules folder ----------------------------------------------------------
  RULES_NOT_FOUND: def<{ dir: string }>({
    exit: 1,
    en: (p) => `rules folder ${p.dir} not found or not readable (pass --rules DIR)`,
    zh: (p) => `找不到规则文件夹 ${p.dir}，或无法读取（可用 --rules 文件夹 指定）`,
  }),
  RULES_EMPTY: def<{ dir: string }>({
    exit: 1,
    en: (p) => `rules folder ${p.dir} has no .yaml rule files`,
    zh: (p) => `规则文件夹 ${p.dir} 里没有 .yaml 规则文件`,
  }),
  RULES_FAILED: def<{ count: number; dir: string }>({
    exit: 1,
    en: (p) => `${plural(p.count, 'problem')} in the rules folder ${p.dir}/ (assess rules check lists them)`,
    zh: (p) => `规则文件夹 ${p.dir}/ 有 ${p.count} 处问题（assess rules check 会逐条列出）`,
  }),
  RULES_NOT_A_FILE: def<None>({
    exit: 1,
    en: () => 'is not a file (a rules folder holds .yaml files)',
    zh: () => '不是文件（规则文件夹里应放 .yaml 文件）',
  }),
  RULES_UNREADABLE: def<{ detail: string }>({
    exit: 1,
    en: (p) => `cannot be read (${p.detail})`,
    zh: (p) => `无法读取（${p.detail}）`,
  }),
  RULES_TOO_LARGE: def<{ bytes: number; max: number }>({
    exit: 1,
    en: (p) => `is ${p.bytes} bytes; a rules file may have at most ${p.max} bytes (split it into several files)`,
    zh: (p) => `有 ${p.bytes} 字节，一个规则文件最多 ${p.max} 字节（请拆成几个文件）`,
  }),
  RULES_TOO_DEEP: def<{ max: number }>({
    exit: 1,
    en: (p) => `mappings and lists are nested more than ${p.max} deep here (rules need a few levels)`,
    zh: (p) => `这里的层级嵌套超过 ${p.max} 层（缩进或括号一层套一层；规则只需要几层）`,
  }),
  RULES_ALIAS_LIMIT: def<{ max: number }>({
    exit: 1,
    en: (p) => `aliases (*name) here expand to too much data (at most ${p.max} alias uses); write the values out instead`,
    zh: (p) => `这里的别名（*名称）展开后数据太多（别名最多用 ${p.max} 次）；请把内容直接写出来`,
  }),
  RULES_UNKNOWN_ALIAS: def<{ alias: string }>({
    exit: 1,
    en: (p) => `alias *${p.alias} names no anchor: write &${p.alias} on a value above it, or write the value out`,
    zh: (p) => `别名 *${p.alias} 找不到对应的锚点：请在它前面的某个值上写 &${p.alias}，或把内容直接写出来`,
  }),
  /** A YAML syntax error; `yaml` is the `yaml` library's error code, `detail` its English message. */
  RULES_YAML_SYNTAX: def<{ yaml: string; detail: string }>({
    exit: 1,
    en: (p) => `YAML: ${p.detail}`,
    zh: (p) => yamlZh(p.yaml, p.detail),
  }),

  // --- rules files: keys and values --------------------------------------------
  RULES_UNKNOWN_KEY: def<{ key: string; allowed: string[]; suggest: string | null }>({
    exit: 1,
    en: (p) => `unknown key "${p.key}"${p.suggest === null ? '' : `; did you mean "${p.suggest}"?`} (allowed here: ${listEn(p.allowed)})`,
    zh: (p) => `此处没有 "${p.key}" 这一项${p.suggest === null ? '' : `，是否为 "${p.suggest}"？`}（此处可写：${listZh(p.allowed)}）`,
  }),
  RULES_MISSING_KEY: def<{ key: string }>({
    exit: 1,
    en: (p) => `missing key "${p.key}"`,
    zh: (p) => `缺少 "${p.key}" 这一项`,
  }),
  RULES_WRONG_TYPE: def<{ key: string; expected: Expect }>({
    exit: 1,
    en: (p) => `${p.key} must be ${EXPECT_EN[p.expected]}`,
    zh: (p) => `${p.key} 应为${EXPECT_ZH[p.expected]}`,
  }),
  RULES_NOT_ONE_OF: def<{ key: string; value: string | null; allowed: string[]; suggest: string | null }>({
    exit: 1,
    en: (p) => `${p.key}${p.value === null ? '' : ` "${p.value}"`} must be one of: ${listEn(p.allowed)}${p.suggest === null ? '' : `; did you mean "${p.suggest}"?`}`,
    zh: (p) => `${p.key}${p.value === null ? '' : ` "${p.value}"`} 不对${p.suggest === null ? '，' : `，是否为 "${p.suggest}"？`}可写的值：${listZh(p.allowed.map(valueWithZh))}`,
  }),
  /** A value the schema refuses for a reason without words of its own (zod's English message as `detail`). */
  RULES_BAD_VALUE: def<{ key: string; detail: string }>({
    exit: 1,
    en: (p) => `${p.key}: ${p.detail}`,
    zh: (p) => `${p.key} 的值不符合要求（${p.detail}）`,
  }),
  RULES_DUPLICATE_ID: def<{ id: string; first: Place }>({
    exit: 1,
    en: (p) => `duplicate rule id "${p.id}": also defined at ${placeText(p.first, 'en')}`,
    zh: (p) => `规则编号 "${p.id}" 重复，${placeText(p.first, 'zh')}已经用过`,
  }),
  RULES_SECOND_SCORING: def<{ first: Place }>({
    exit: 1,
    en: (p) => `second scoring section (the first is at ${placeText(p.first, 'en')}): exactly one rules file carries scoring`,
    zh: (p) => `又写了一个 scoring 部分（第一个在 ${placeText(p.first, 'zh')}）；只能有一个规则文件写 scoring`,
  }),
  RULES_NO_SCORING: def<None>({
    exit: 1,
    en: () => 'no scoring section: exactly one rules file must carry scoring: { base, min, max, pay_rate, allocation, unit_weight }',
    zh: () => '缺少 scoring 部分；须有且只有一个规则文件写明 scoring: { base, min, max, pay_rate, allocation, unit_weight }',
  }),
  RULES_EFFECT_NOT_ALLOWED: def<{ key: string; per: 'unit' | 'person' }>({
    exit: 1,
    en: (p) => `${p.key} is not allowed here: ${p.per === 'unit'
      ? 'a per: unit rule scores the unit: only unit_points is allowed'
      : 'a per: person rule scores people: use points, bonus or veto (a unit rule is per: unit)'}`,
    zh: (p) => `这里不能用 ${p.key}：${p.per === 'unit'
      ? 'per: unit 的规则给单位计分，只能用 unit_points'
      : 'per: person 的规则给个人计分，请用 points、bonus 或 veto（给单位计分的规则写 per: unit）'}`,
  }),
  RULES_NO_EFFECTS: def<None>({
    exit: 1,
    en: () => 'effects is empty: give points, unit_points, bonus or veto: true',
    zh: () => 'effects 是空的：请写上 points、unit_points、bonus 或 veto: true',
  }),
  RULES_BAD_BONUS: def<{ value: string; text: boolean }>({
    exit: 1,
    en: (p) => (p.text
      ? `bonus "${p.value}" must be "-P%" with 0 < P ≤ 100 and at most two decimals (e.g. "-100%"), or a negative amount in yuan (e.g. -200)`
      : `bonus ${p.value} must be a negative amount in yuan with at most two decimals (e.g. -200), or "-P%"`),
    zh: (p) => (p.text
      ? `bonus "${p.value}" 应写成 "-P%"（0 < P ≤ 100，最多两位小数，如 "-100%"），或以元为单位的负数金额（如 -200）`
      : `bonus ${p.value} 应为以元为单位的负数金额，最多两位小数（如 -200），或写成 "-P%"`),
  }),
  RULES_AMOUNT_TOO_LARGE: def<{ key: string; value: string; max: string }>({
    exit: 1,
    en: (p) => `${p.key} ${p.value} is too large: at most ${p.max} yuan`,
    zh: (p) => `${p.key} ${p.value} 太大：最多 ${p.max} 元`,
  }),
  RULES_BAD_DECIMAL: def<{ key: string; value: string }>({
    exit: 1,
    en: (p) => `${p.key} ${p.value} must be a decimal number with at most two decimals`,
    zh: (p) => `${p.key} ${p.value} 应为数字，最多两位小数`,
  }),
  RULES_POINTS_TOO_LARGE: def<{ key: string; value: string; max: number }>({
    exit: 1,
    en: (p) => `${p.key} ${p.value} is too large: points and scores are at most ${p.max} from zero`,
    zh: (p) => `${p.key} ${p.value} 超出范围：加减分和分数应在 -${p.max} 到 ${p.max} 之间`,
  }),
  RULES_EMPTY_RANGE: def<{ from: string; until: string }>({
    exit: 1,
    en: (p) => `effective range is empty: from ${p.from} is after until ${p.until}`,
    zh: (p) => `生效期间是空的：起始日期 from ${p.from} 晚于截止日期 until ${p.until}`,
  }),
  RULES_BAD_DATE: def<{ key: string; value: string }>({
    exit: 1,
    en: (p) => `${p.key} "${p.value}" is not a date (expected YYYY-MM-DD)`,
    zh: (p) => `${p.key} "${p.value}" 不是日期，应写成 YYYY-MM-DD`,
  }),
  RULES_NEGATIVE_MIN: def<{ min: string }>({
    exit: 1,
    en: (p) => `scoring min ${p.min} must be 0 or more: a score weighs a person's share of the pool`,
    zh: (p) => `scoring 的 min ${p.min} 不能小于 0：得分决定每人在分配总额中的份额`,
  }),
  RULES_SCORING_ORDER: def<{ min: string; base: string; max: string }>({
    exit: 1,
    en: (p) => `scoring must have min ≤ base ≤ max (min ${p.min}, base ${p.base}, max ${p.max})`,
    zh: (p) => `scoring 应满足 min ≤ base ≤ max（现为 min ${p.min}，base ${p.base}，max ${p.max}）`,
  }),
  RULES_BAD_MAX_AMOUNT: def<{ value: string; max: string }>({
    exit: 1,
    en: (p) => `max_amount ${p.value} must be an amount in yuan above 0 and at most ${p.max} (e.g. 1000000)`,
    zh: (p) => `max_amount ${p.value} 应为大于 0、不超过 ${p.max} 元的金额（如 1000000）`,
  }),
  RULES_BAD_RATIO: def<{ key: string; value: string }>({
    exit: 1,
    en: (p) => `${p.key} ${p.value} must be a decimal from 0 to 1 (e.g. 0.30)`,
    zh: (p) => `${p.key} ${p.value} 应为 0 到 1 之间的小数（如 0.30）`,
  }),

  // --- rule expressions: syntax (src/rules/parse.ts) ------------------------------
  EXPR_EMPTY: def<None>({
    exit: 1,
    en: () => 'empty expression',
    zh: () => '表达式是空的',
  }),
  EXPR_TOO_LONG: def<{ length: number; max: number }>({
    exit: 1,
    en: (p) => `the expression is ${p.length} characters long; at most ${p.max} (split it into several rules, or use in (...))`,
    zh: (p) => `表达式有 ${p.length} 个字符，最多 ${p.max} 个（请拆成几条规则，或改用 in (...)）`,
  }),
  EXPR_TOO_DEEP: def<{ max: number }>({
    exit: 1,
    en: (p) => `the expression is nested more than ${p.max} deep here (parentheses, not, minus signs or calls inside one another); simplify it`,
    zh: (p) => `表达式在这里嵌套超过 ${p.max} 层（括号、not、负号或函数一层套一层），请简化`,
  }),
  EXPR_CHAIN_TOO_LONG: def<{ max: number }>({
    exit: 1,
    en: (p) => `the expression chains more than ${p.max} operators here; split it into several rules, or use in (...)`,
    zh: (p) => `表达式在这里连用了超过 ${p.max} 个运算符；请拆成几条规则，或改用 in (...)`,
  }),
  EXPR_SYNTAX: def<{ expected: ExprExpected; found: ExprToken }>({
    exit: 1,
    en: (p) => (p.expected.what === 'operator'
      ? `unexpected ${tokenEn(p.found)}: expected ${expectedEn(p.expected)}`
      : `expected ${expectedEn(p.expected)}, found ${tokenEn(p.found)}`),
    zh: (p) => `${expectedZh(p.expected)}${foundZh(p.found)}`,
  }),
  EXPR_BAD_NUMBER: def<{ text: string }>({
    exit: 1,
    en: (p) => `malformed number "${p.text}"`,
    zh: (p) => `"${p.text}" 不是正确的数字`,
  }),
  EXPR_NUMBER_TOO_LARGE: def<{ text: string; max: number }>({
    exit: 1,
    en: (p) => `number ${p.text} is too large (at most ${p.max})`,
    zh: (p) => `数字 ${p.text} 太大（最多 ${p.max}）`,
  }),
  EXPR_UNCLOSED_STRING: def<{ quote: string }>({
    exit: 1,
    en: (p) => `unterminated string: add the closing ${p.quote}`,
    zh: (p) => `引号没有配对：请在文字末尾补上 ${p.quote}`,
  }),
  EXPR_FOREIGN_OPERATOR: def<{ op: string; write: string }>({
    exit: 1,
    en: (p) => `unknown operator "${p.op}": write ${p.write}`,
    zh: (p) => `没有 "${p.op}" 这个运算符，应写 ${p.write}`,
  }),
  EXPR_BAD_CHARACTER: def<{ char: string }>({
    exit: 1,
    en: (p) => `unexpected character "${p.char}"${isFullWidth(p.char) ? ' (a full-width character: type it with the input method in English mode)' : ''}`,
    zh: (p) => `表达式里不能有 "${p.char}"${isFullWidth(p.char) ? '（这是全角符号，请切换到英文输入法重新输入）' : ''}`,
  }),
  EXPR_CHAINED_COMPARISON: def<None>({
    exit: 1,
    en: () => 'comparisons cannot be chained: join them with and',
    zh: () => '比较不能连着写（如 1 < a < 5），请用 and 分开写（1 < a and a < 5）',
  }),

  // --- rule expressions: fields and types (src/rules/expr.ts) ----------------------
  RULES_UNKNOWN_FIELD: def<{ field: string; of: FieldsOf; fields: string[]; suggest: string | null; isFunction: boolean }>({
    exit: 1,
    en: (p) => `unknown field "${p.field}"${fieldsOfEn(p.of)} (fields: ${listEn(p.fields)})`
      + (p.isFunction ? `; ${p.field} is a function: write ${p.field}(...)` : p.suggest === null ? '' : `; did you mean "${p.suggest}"?`),
    zh: (p) => `${fieldsOfZh(p.of)}没有 "${p.field}" 这个字段`
      + (p.isFunction ? `；${p.field} 是函数，应写成 ${p.field}(...)` : p.suggest === null ? '' : `，是否为 "${p.suggest}"？`)
      + `（可用字段：${listZh(p.fields)}）`,
  }),
  EXPR_UNKNOWN_FUNCTION: def<{ name: string; functions: string[]; suggest: string | null }>({
    exit: 1,
    en: (p) => `unknown function "${p.name}" (functions: ${listEn(p.functions)})${p.suggest === null ? '' : `; did you mean "${p.suggest}"?`}`,
    zh: (p) => `没有 "${p.name}" 这个函数${p.suggest === null ? '' : `，是否为 "${p.suggest}"？`}（可用函数：${listZh(p.functions)}）`,
  }),
  EXPR_ARITY: def<{ name: string; count: number; usage: string }>({
    exit: 1,
    en: (p) => `${p.name} takes ${p.count} argument${p.count === 1 ? '' : 's'}: ${p.usage}`,
    zh: (p) => `${p.name} 要 ${p.count} 个参数，如 ${p.usage}`,
  }),
  /** A function's argument of the wrong type: `want` says what the function takes there. */
  EXPR_ARGUMENT_TYPE: def<{ name: string; want: 'dates' | 'text-or-ids' | 'search-in' | 'search-for'; label: string; type: ExprType }>({
    exit: 1,
    en: (p) => `${p.name}() ${p.want === 'dates' ? 'takes dates' : p.want === 'text-or-ids' ? 'takes text or a list of ids' : p.want === 'search-in' ? 'searches text or a list of ids' : 'looks for text'}, but ${p.label} is ${TYPE_EN[p.type]}`,
    zh: (p) => `${p.name}() ${p.want === 'dates' ? '的参数应为日期' : p.want === 'text-or-ids' ? '的参数应为文字或工号列表' : p.want === 'search-in' ? '的第一个参数应为文字或工号列表' : '的第二个参数应为文字'}，而 ${p.label} 是${TYPE_ZH[p.type]}`,
  }),
  EXPR_NOT_CONDITION: def<{ expression: string; type: ExprType }>({
    exit: 1,
    en: (p) => `a condition must be true or false, but "${p.expression}" is ${TYPE_EN[p.type]}`,
    zh: (p) => `条件的结果应为 true 或 false，而 "${p.expression}" 是${TYPE_ZH[p.type]}`,
  }),
  EXPR_CANNOT_NEGATE: def<{ label: string; type: ExprType }>({
    exit: 1,
    en: (p) => `cannot negate ${p.label}: it is ${TYPE_EN[p.type]}`,
    zh: (p) => `${p.label} 是${TYPE_ZH[p.type]}，前面不能加负号`,
  }),
  EXPR_NEEDS_BOOL: def<{ op: 'not' | 'and' | 'or'; label: string; type: ExprType }>({
    exit: 1,
    en: (p) => `${p.op} needs true/false${p.op === 'not' ? '' : ' on both sides'}, but ${p.label} is ${TYPE_EN[p.type]}`,
    zh: (p) => `${p.op} ${p.op === 'not' ? '后面' : '两边'}应为 true/false 值，而 ${p.label} 是${TYPE_ZH[p.type]}`,
  }),
  EXPR_NEEDS_NUMBERS: def<{ op: string; label: string; type: ExprType }>({
    exit: 1,
    en: (p) => `${p.op} needs numbers, but ${p.label} is ${TYPE_EN[p.type]}`,
    zh: (p) => `${p.op} 两边应为数字，而 ${p.label} 是${TYPE_ZH[p.type]}`,
  }),
  EXPR_DATE_ARITHMETIC: def<{ op: string }>({
    exit: 1,
    en: (p) => `dates cannot be used with ${p.op}: use hours(a, b) or days(a, b)`,
    zh: (p) => `日期不能用 ${p.op} 计算；求时长请用 hours(a, b) 或 days(a, b)`,
  }),
  EXPR_MONEY_ARITHMETIC: def<{ op: string; left: string; leftType: ExprType; right: string; rightType: ExprType }>({
    exit: 1,
    en: (p) => `cannot ${p.op === '*' ? 'multiply' : 'combine'} ${p.left} (${TYPE_EN[p.leftType]}) and ${p.right} (${TYPE_EN[p.rightType]}) with ${p.op}`,
    zh: (p) => `${p.left}（${TYPE_ZH[p.leftType]}）和 ${p.right}（${TYPE_ZH[p.rightType]}）不能用 ${p.op} 计算`,
  }),
  EXPR_MONEY_NOT_LITERAL: def<{ money: string; other: string }>({
    exit: 1,
    en: (p) => `cannot mix money (${p.money}) with a number that is not a literal (${p.other}); write the amount in yuan, e.g. ${p.money} > 100`,
    zh: (p) => `金额（${p.money}）只能与直接写出的元数一起用，${p.other} 不是；请直接写元数，如 ${p.money} > 100`,
  }),
  EXPR_AMOUNT_TOO_LARGE: def<{ value: string; max: number }>({
    exit: 1,
    en: (p) => `amount ${p.value} is too large (money is at most ${p.max} yuan)`,
    zh: (p) => `金额 ${p.value} 太大（最多 ${p.max} 元）`,
  }),
  EXPR_AMOUNT_DECIMALS: def<{ value: string }>({
    exit: 1,
    en: (p) => `amount ${p.value} has more than two decimals (money is yuan with at most two)`,
    zh: (p) => `金额 ${p.value} 超过两位小数（金额以元为单位，最多两位小数）`,
  }),
  EXPR_TEXT_NOT_DATE: def<{ label: string }>({
    exit: 1,
    en: (p) => `${p.label} is text, not a date`,
    zh: (p) => `${p.label} 是文字，不是日期`,
  }),
  EXPR_BAD_DATE: def<{ label: string }>({
    exit: 1,
    en: (p) => `${p.label} is not a date (expected YYYY-MM-DD or YYYY-MM-DD H:mm)`,
    zh: (p) => `${p.label} 不是日期，应写成 YYYY-MM-DD 或 YYYY-MM-DD H:mm`,
  }),
  EXPR_NOT_A_STATUS: def<{ label: string; statuses: string[]; suggest: string | null }>({
    exit: 1,
    en: (p) => `${p.label} is not a status (${listEn(p.statuses)})${p.suggest === null ? '' : `; did you mean "${p.suggest}"?`}`,
    zh: (p) => `${p.label} 不是出勤情况${p.suggest === null ? '' : `，是否为 "${p.suggest}"？`}（可用：${listZh(p.statuses.map(valueWithZh))}）`,
  }),
  EXPR_IDS_LIST: def<{ label: string }>({
    exit: 1,
    en: (p) => `${p.label} is a list of ids: use contains(${p.label}, "E001") or len(${p.label})`,
    zh: (p) => `${p.label} 是工号列表，不能直接比较；请用 contains(${p.label}, "E001") 或 len(${p.label})`,
  }),
  EXPR_CANNOT_COMPARE: def<{ left: string; leftType: ExprType; right: string; rightType: ExprType; bool: string | null }>({
    exit: 1,
    en: (p) => `cannot compare ${p.left} (${TYPE_EN[p.leftType]}) with ${p.right} (${TYPE_EN[p.rightType]})`
      + (p.bool === null ? '' : `; ${p.bool} is true/false: compare it with true or false, or use it alone`),
    zh: (p) => `${p.left}（${TYPE_ZH[p.leftType]}）不能和 ${p.right}（${TYPE_ZH[p.rightType]}）比较`
      + (p.bool === null ? '' : `；${p.bool} 是 true/false 值，请与 true 或 false 比较，或单独使用`),
  }),
  EXPR_NO_ORDER: def<{ type: 'bool' | 'status' }>({
    exit: 1,
    en: (p) => `${TYPE_EN[p.type]} values have no order: use == or !=`,
    zh: (p) => `${TYPE_ZH[p.type]}没有大小之分，只能用 == 或 !=`,
  }),
  EXPR_EMPTY_DATE_ORDER: def<None>({
    exit: 1,
    en: () => 'an empty date has no order: use == "" or != ""',
    zh: () => '空日期没有先后之分，只能用 == "" 或 != ""',
  }),

  // --- columns.yaml (src/read/columns.ts) ---------------------------------------
  COLUMNS_NOT_A_MAPPING: def<{ what: string }>({
    exit: 1,
    en: (p) => `${p.what} must be a mapping (key: value lines)`,
    zh: (p) => `${p.what === 'columns.yaml' ? 'columns.yaml 的内容' : `${p.what} 下`}应是 "键: 值" 形式的若干行`,
  }),
  COLUMNS_KEY_NOT_A_NAME: def<{ what: string }>({
    exit: 1,
    en: (p) => `${p.what}: keys must be plain names`,
    zh: (p) => `${p.what} 下的键应是普通名称，不能是列表或映射`,
  }),
  COLUMNS_NOT_A_LIST: def<{ what: string }>({
    exit: 1,
    en: (p) => `${p.what} must be a list such as [工号, 员工编号]`,
    zh: (p) => `${p.what} 应为列表，如 [工号, 员工编号]`,
  }),
  COLUMNS_EMPTY_NAME: def<{ what: string }>({
    exit: 1,
    en: (p) => `${p.what}: each entry must be a non-empty name`,
    zh: (p) => `${p.what} 的每一项都应是不为空的名称`,
  }),
  COLUMNS_UNKNOWN_KEY: def<{ section: string | null; key: string; expected: string[]; suggest: string | null }>({
    exit: 1,
    en: (p) => `${p.section === null ? '' : `${p.section}: `}unknown key "${p.key}"${p.suggest === null ? '' : `; did you mean "${p.suggest}"?`} (expected ${listEn(p.expected)})`,
    zh: (p) => `${p.section === null ? '' : `${p.section} 下`}没有 "${p.key}" 这一项${p.suggest === null ? '' : `，是否为 "${p.suggest}"？`}（可写：${listZh(p.expected)}）`,
  }),
  COLUMNS_NOT_A_FIELD: def<{ section: 'headers' | 'values'; field: string; suggest: string | null }>({
    exit: 1,
    en: (p) => `${p.section}: "${p.field}" is not a canonical field${p.suggest === null ? '' : ` (did you mean ${p.suggest}?)`}`,
    zh: (p) => `${p.section} 下的 "${p.field}" 不是 assess 的字段名${p.suggest === null ? '' : `，是否为 ${fieldWithZh(p.suggest)}？`}`,
  }),
  COLUMNS_HEADER_TWICE: def<{ header: string; first: string; second: string }>({
    exit: 1,
    en: (p) => `header "${p.header}" is listed under both ${p.first} and ${p.second}`,
    zh: (p) => `列名 "${p.header}" 同时写在了 ${fieldWithZh(p.first)} 和 ${fieldWithZh(p.second)} 下，请只保留一处`,
  }),
  COLUMNS_NOT_A_VALUE: def<{ field: string; value: string; allowed: string[] }>({
    exit: 1,
    en: (p) => `values.${p.field}: "${p.value}" is not a ${p.field} (expected one of ${listEn(p.allowed)})`,
    zh: (p) => `values.${p.field} 下的 "${p.value}" 不是${FIELD_ZH[p.field] ?? p.field}的取值，应为 ${listZh(p.allowed.map(valueWithZh))} 之一`,
  }),
  COLUMNS_VALUE_TWICE: def<{ field: string; alias: string; first: string; second: string }>({
    exit: 1,
    en: (p) => `values.${p.field}: "${p.alias}" means both ${p.first} and ${p.second}`,
    zh: (p) => `values.${p.field} 下的 "${p.alias}" 既表示 ${valueWithZh(p.first)}，又表示 ${valueWithZh(p.second)}，请只保留一处`,
  }),
  /** A `formats.dates` pattern date-fns refuses: `Y` or `D` misused, or another reason (date-fns's English words as `detail`). */
  COLUMNS_BAD_DATE_PATTERN: def<{ pattern: string; why: 'Y' | 'D' | 'other'; detail: string }>({
    exit: 1,
    en: (p) => `formats.dates: "${p.pattern}" is not a date-fns pattern: ${p.why === 'Y'
      ? 'Y is the week-numbering year; use yyyy (or yy) for the year'
      : p.why === 'D' ? 'D is the day of the year; use d (or dd) for the day of the month' : p.detail}`,
    zh: (p) => `formats.dates 下的 "${p.pattern}" 不是正确的日期格式：${p.why === 'Y'
      ? 'Y 表示按周计的年份，年份请写 yyyy（或 yy）'
      : p.why === 'D' ? 'D 表示一年中的第几天，日请写 d（或 dd）' : `请对照 date-fns 的格式写法（${p.detail}）`}`,
  }),
  COLUMNS_BAD_PAD: def<{ value: string }>({
    exit: 1,
    en: (p) => `ids.pad must be a positive whole number of digits (such as 4), got ${p.value}`,
    zh: (p) => `ids.pad 应为正整数（工号的位数，如 4），现为 ${p.value}`,
  }),

  // --- init ----------------------------------------------------------------
  INIT_EXISTS: def<{ files: string[] }>({
    exit: 1,
    en: (p) => `${p.files.length === 1 ? 'this file already exists' : 'these files already exist'}, nothing was written: ${listEn(p.files)} (pass --force to overwrite ${p.files.length === 1 ? 'it' : 'them'})`,
    zh: (p) => `以下文件已存在，未写入任何文件：${listZh(p.files)}（如要覆盖，请加 --force）`,
  }),
  INIT_CANNOT_WRITE: def<{ dir: string; detail: string }>({
    exit: 1,
    en: (p) => `cannot write the rules into ${p.dir}: ${p.detail}`,
    zh: (p) => `无法把考核细则写入 ${p.dir}：${p.detail}`,
  }),

  // --- ledger --------------------------------------------------------------
  DISK_FULL: def<{ path: string }>({
    exit: 75,
    en: (p) => `the disk holding ${p.path} is full; nothing was written. Free some space and run assess again`,
    zh: (p) => `${p.path} 所在的磁盘已满，什么也没有写入。请腾出一些空间后重新运行 assess`,
  }),
  /** `pg`: a PostgreSQL ledger, where another run holds the month of a bureau (`path` is then unused). */
  LEDGER_BUSY: def<{ path: string; seconds: number; pg?: { at: PgAt; bureau: string; month: string } }>({
    exit: 75,
    en: (p) =>
      p.pg === undefined
        ? `ledger ${p.path} is busy (LEDGER_BUSY): another program has held it for more than ${p.seconds} s; nothing was written. Try again later`
        : `the ledger at ${pgAtEn(p.pg.at)} is busy (LEDGER_BUSY): another run is storing bureau "${p.pg.bureau}" month ${p.pg.month}; waited ${p.seconds} s; nothing was written. Try again later`,
    zh: (p) =>
      p.pg === undefined
        ? `台账 ${p.path} 正被别的程序占用（LEDGER_BUSY），已等了 ${p.seconds} 秒，什么也没有写入。请稍后再试`
        : `台账（${pgAtZh(p.pg.at)}）正忙（LEDGER_BUSY）：另一次运行正在存入县局 "${p.pg.bureau}" ${p.pg.month} 月的结果，已等了 ${p.seconds} 秒，什么也没有写入。请稍后再试`,
  }),
  LEDGER_DAMAGED: def<{ path: string; detail: string }>({
    exit: 1,
    en: (p) => `ledger ${p.path} is damaged (${p.detail}); it was left as it is. Restore it from a backup`,
    zh: (p) => `台账 ${p.path} 已损坏（${p.detail}），文件保持原样未动。请从备份中恢复`,
  }),
  LEDGER_UNUSABLE: def<{ path: string; detail: string }>({
    exit: 1,
    en: (p) => `cannot use ledger ${p.path}: ${p.detail}`,
    zh: (p) => `无法使用台账 ${p.path}：${p.detail}`,
  }),
  LEDGER_NOT_FOUND: def<{ path: string }>({
    exit: 1,
    en: (p) => `ledger ${p.path} not found`,
    zh: (p) => `找不到台账 ${p.path}`,
  }),
  LEDGER_MISSING: def<{ path: string }>({
    exit: 1,
    en: (p) => `ledger ${p.path} does not exist yet; assess a month first (assess <files...> --ledger ${p.path}) to create it`,
    zh: (p) => `台账 ${p.path} 还不存在；请先考核一个月（assess 文件… --ledger ${p.path}），台账会自动建立`,
  }),
  LEDGER_OPEN_FAILED: def<{ path: string; detail: string }>({
    exit: 1,
    en: (p) => `cannot open ledger ${p.path}: ${p.detail}`,
    zh: (p) => `无法打开台账 ${p.path}：${p.detail}`,
  }),
  LEDGER_NOT_SQLITE: def<{ path: string; detail: string | null }>({
    exit: 1,
    en: (p) => `${p.path} is not an assess ledger (not a SQLite database${p.detail === null ? '' : `: ${p.detail}`}); it was left as it is. Pass --ledger with the ledger's path`,
    zh: (p) => `${p.path} 不是 assess 的台账（不是 SQLite 数据库${p.detail === null ? '' : `：${p.detail}`}），文件保持原样未动。请用 --ledger 指定台账文件的路径`,
  }),
  LEDGER_NO_TABLES: def<{ path: string }>({
    exit: 1,
    en: (p) => `${p.path} is not an assess ledger (it has no ledger tables)`,
    zh: (p) => `${p.path} 不是 assess 的台账（里面没有台账的表）`,
  }),
  LEDGER_FOREIGN: def<{ path: string }>({
    exit: 1,
    en: (p) => `${p.path} is a SQLite database of another program, not an assess ledger`,
    zh: (p) => `${p.path} 是别的程序的 SQLite 数据库，不是 assess 的台账`,
  }),
  LEDGER_NEWER: def<{ path: string; version: number; known: number }>({
    exit: 1,
    en: (p) => `ledger ${p.path} was made by a newer assess (schema version ${p.version}; this assess knows up to ${p.known}); upgrade assess to use it`,
    zh: (p) => `台账 ${p.path} 是较新版本的 assess 建立的（结构版本 ${p.version}，本程序只认到 ${p.known}）；请升级 assess 后再用`,
  }),
  LEDGER_OLDER: def<{ path: string; version: number }>({
    exit: 1,
    en: (p) => `ledger ${p.path} has an older schema (version ${p.version}); assess a month once to upgrade it, then retry`,
    zh: (p) => `台账 ${p.path} 的结构是旧版本（${p.version}）；先考核一次任一月份即可升级，然后再试`,
  }),
  LEDGER_NO_MONTHS: def<{ year: number; path: string }>({
    exit: 1,
    en: (p) => `no month of ${p.year} is in the ledger ${p.path}; assess the months first`,
    zh: (p) => `台账 ${p.path} 里没有 ${p.year} 年任何月份的考核结果；请先考核各月`,
  }),
  LEDGER_NO_EMPLOYEE: def<{ employee: string; path: string }>({
    exit: 1,
    en: (p) => `employee "${p.employee}" has no assessed month in the ledger ${p.path}`,
    zh: (p) => `台账 ${p.path} 里没有工号 "${p.employee}" 的考核结果`,
  }),

  // --- the PostgreSQL ledger (SPEC §6): connecting ----------------------------
  PG_UNREACHABLE: def<{ at: PgAt; detail: string }>({
    exit: 75,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: the server is not reachable (${p.detail}); try again later`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：服务器连不上（${p.detail}）。请稍后再试`,
  }),
  PG_PASSWORD_REFUSED: def<{ at: PgAt }>({
    exit: 1,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: the password was refused (it comes from the URL, PGPASSWORD or ~/.pgpass)`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：密码不对（密码取自 URL、PGPASSWORD 或 ~/.pgpass）`,
  }),
  PG_PASSWORD_MISSING: def<{ at: PgAt }>({
    exit: 1,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: the server asks for a password and none was given (put it in PGPASSWORD or ~/.pgpass)`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：服务器要求密码，但没有给出（请写在 PGPASSWORD 或 ~/.pgpass 里）`,
  }),
  PG_NO_DATABASE: def<{ at: PgAt }>({
    exit: 1,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: there is no such database (the DBA creates it: CREATE DATABASE … OWNER …)`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：没有这个数据库（由数据库管理员建立：CREATE DATABASE … OWNER …）`,
  }),
  PG_ROLE_REFUSED: def<{ at: PgAt; detail: string }>({
    exit: 1,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: the server does not let this role in (${p.detail})`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：服务器不允许这个角色登录（${p.detail}）`,
  }),
  PG_CONNECT_FAILED: def<{ at: PgAt; detail: string }>({
    exit: 1,
    en: (p) => `cannot connect to the ledger at ${pgAtEn(p.at)}: ${p.detail}`,
    zh: (p) => `无法连接台账（${pgAtZh(p.at)}）：${p.detail}`,
  }),
  PG_SERVER_GONE: def<{ at: PgAt; detail: string }>({
    exit: 75,
    en: (p) => `the ledger at ${pgAtEn(p.at)} went away (${p.detail}); nothing of this run was stored; try again later`,
    zh: (p) => `与台账（${pgAtZh(p.at)}）的连接断了（${p.detail}），本次运行什么也没有存入。请稍后再试`,
  }),
  PG_PERMISSION: def<{ at: PgAt; detail: string }>({
    exit: 1,
    en: (p) => `the ledger at ${pgAtEn(p.at)} refused this role: ${p.detail}`,
    zh: (p) => `台账（${pgAtZh(p.at)}）拒绝了这个角色的操作：${p.detail}`,
  }),

  // --- the PostgreSQL ledger: schema and bureaus -------------------------------
  PG_SCHEMA_NOT_GRANTED: def<{ at: PgAt }>({
    exit: 1,
    en: (p) => `the ledger at ${pgAtEn(p.at)} is not open to this role; the ledger's owner grants it with: assess ledger grant ROLE --bureau NAME`,
    zh: (p) => `台账（${pgAtZh(p.at)}）没有向这个角色开放；请台账的所有者授权：assess ledger grant 角色 --bureau 县局名`,
  }),
  PG_NO_SCHEMA: def<{ at: PgAt }>({
    exit: 1,
    en: (p) => `the database at ${pgAtEn(p.at)} has no assess ledger (no schema "assess"); its owner creates it with: assess ledger migrate --ledger URL`,
    zh: (p) => `数据库（${pgAtZh(p.at)}）里还没有 assess 台账（没有 assess 模式）；请数据库的所有者建立：assess ledger migrate --ledger URL`,
  }),
  PG_SCHEMA_NEWER: def<{ at: PgAt; version: number; known: number }>({
    exit: 1,
    en: (p) => `the ledger at ${pgAtEn(p.at)} was made by a newer assess (schema version ${p.version}; this assess knows up to ${p.known}); upgrade assess to use it`,
    zh: (p) => `台账（${pgAtZh(p.at)}）是较新版本的 assess 建立的（结构版本 ${p.version}，本程序只认到 ${p.known}）；请升级 assess 后再用`,
  }),
  PG_SCHEMA_OLDER: def<{ at: PgAt; version: number }>({
    exit: 1,
    en: (p) => `the ledger at ${pgAtEn(p.at)} has an older schema (version ${p.version}); its owner upgrades it with: assess ledger migrate --ledger URL`,
    zh: (p) => `台账（${pgAtZh(p.at)}）的结构是旧版本（${p.version}）；请台账的所有者升级：assess ledger migrate --ledger URL`,
  }),
  PG_NO_SUCH_BUREAU: def<{ at: PgAt; bureau: string }>({
    exit: 1,
    en: (p) => `bureau "${p.bureau}" does not exist in the ledger at ${pgAtEn(p.at)}; the owner creates it with: assess ledger grant ROLE --bureau "${p.bureau}"`,
    zh: (p) => `台账（${pgAtZh(p.at)}）里没有县局 "${p.bureau}"；请台账的所有者建立：assess ledger grant 角色 --bureau "${p.bureau}"`,
  }),
  PG_BUREAU_NOT_GRANTED: def<{ at: PgAt; bureau: string; role: string }>({
    exit: 1,
    en: (p) => `bureau "${p.bureau}" is not granted to role ${p.role} (ledger at ${pgAtEn(p.at)}); the ledger's owner grants it with: assess ledger grant ${p.role} --bureau "${p.bureau}"`,
    zh: (p) => `角色 ${p.role} 没有县局 "${p.bureau}" 的权限（台账：${pgAtZh(p.at)}）；请台账的所有者授权：assess ledger grant ${p.role} --bureau "${p.bureau}"`,
  }),
  PG_ROLE_NO_BUREAU: def<{ at: PgAt; role: string }>({
    exit: 1,
    en: (p) => `role ${p.role} has no bureau in the ledger at ${pgAtEn(p.at)}; the ledger's owner grants one with: assess ledger grant ${p.role} --bureau NAME`,
    zh: (p) => `角色 ${p.role} 在台账（${pgAtZh(p.at)}）里还没有任何县局；请台账的所有者授权：assess ledger grant ${p.role} --bureau 县局名`,
  }),
  PG_READ_ONLY: def<{ at: PgAt; role: string; bureau: string }>({
    exit: 1,
    en: (p) => `role ${p.role} may read bureau "${p.bureau}" but not write it (ledger at ${pgAtEn(p.at)}); use a role granted with: assess ledger grant ROLE --bureau "${p.bureau}"`,
    zh: (p) => `角色 ${p.role} 只能查看县局 "${p.bureau}"，不能写入（台账：${pgAtZh(p.at)}）；请改用经 assess ledger grant 角色 --bureau "${p.bureau}" 授权的角色`,
  }),

  // --- the PostgreSQL ledger: the owner's commands -----------------------------
  PG_SERVER_TOO_OLD: def<{ at: PgAt; major: number }>({
    exit: 1,
    en: (p) => `the server at ${pgAtEn(p.at)} runs PostgreSQL ${p.major}; an assess ledger needs PostgreSQL 15 or newer`,
    zh: (p) => `服务器（${pgAtZh(p.at)}）运行的是 PostgreSQL ${p.major}；assess 台账需要 PostgreSQL 15 或更新的版本`,
  }),
  PG_MIGRATE_PRIVILEGED: def<{ role: string; superuser: boolean; dbowner: string }>({
    exit: 1,
    en: (p) => `role ${p.role} is a ${privilegedEn(p.superuser)}, which row-level security cannot hold; run assess ledger migrate as the database's owner (${p.dbowner}), an ordinary role`,
    zh: (p) => `角色 ${p.role} 是${privilegedZh(p.superuser)}，行级安全管不住它；请用数据库的所有者（${p.dbowner}，一个普通角色）运行 assess ledger migrate`,
  }),
  PG_NOT_DB_OWNER: def<{ role: string; database: string; dbowner: string }>({
    exit: 1,
    en: (p) => `role ${p.role} does not own database ${p.database} (${p.dbowner} does); the database's owner runs assess ledger migrate`,
    zh: (p) => `角色 ${p.role} 不是数据库 ${p.database} 的所有者（所有者是 ${p.dbowner}）；请由数据库的所有者运行 assess ledger migrate`,
  }),
  PG_SCHEMA_FOREIGN_OWNER: def<{ at: PgAt; owner: string; role: string }>({
    exit: 1,
    en: (p) => `schema "assess" in the database at ${pgAtEn(p.at)} belongs to ${p.owner}, not ${p.role}; its owner runs assess ledger migrate`,
    zh: (p) => `数据库（${pgAtZh(p.at)}）里的 assess 模式属于 ${p.owner}，不属于 ${p.role}；请由它的所有者运行 assess ledger migrate`,
  }),
  PG_NOT_LEDGER_OWNER: def<{ at: PgAt; role: string; command: string }>({
    exit: 1,
    en: (p) => `role ${p.role} does not own the ledger at ${pgAtEn(p.at)}; its owner runs assess ledger ${p.command}`,
    zh: (p) => `角色 ${p.role} 不是台账（${pgAtZh(p.at)}）的所有者；请由台账的所有者运行 assess ledger ${p.command}`,
  }),
  PG_NO_SUCH_ROLE: def<{ at: PgAt; role: string }>({
    exit: 1,
    en: (p) => `role ${p.role} does not exist on the server at ${pgAtEn(p.at)}; the DBA creates it first: CREATE ROLE ${p.role} LOGIN PASSWORD '…'`,
    zh: (p) => `服务器（${pgAtZh(p.at)}）上没有角色 ${p.role}；请数据库管理员先建立：CREATE ROLE ${p.role} LOGIN PASSWORD '…'`,
  }),
  PG_GRANT_PRIVILEGED: def<{ role: string; superuser: boolean }>({
    exit: 1,
    en: (p) => `role ${p.role} is a ${privilegedEn(p.superuser)}: it would see every bureau whatever the grants; grant an ordinary login role instead`,
    zh: (p) => `角色 ${p.role} 是${privilegedZh(p.superuser)}：不论怎样授权，它都能看到所有县局的数据；请改为给普通的登录角色授权`,
  }),
  PG_GRANT_OWNER: def<{ role: string }>({
    exit: 1,
    en: (p) => `role ${p.role} owns the ledger and may already read and write every bureau`,
    zh: (p) => `角色 ${p.role} 是台账的所有者，本来就能查看和写入所有县局`,
  }),
  PG_GRANT_NOLOGIN: def<{ role: string }>({
    exit: 1,
    en: (p) => `role ${p.role} cannot log in; bureaus are kept apart by the login role of each connection, so grant each clerk's own login role`,
    zh: (p) => `角色 ${p.role} 不能登录；各县局的数据按每个连接的登录角色分开，请给每位经办人自己的登录角色授权`,
  }),
  PG_NOTHING_TO_REVOKE: def<{ role: string; bureau: string | null }>({
    exit: 1,
    en: (p) => `role ${p.role} has no grant${p.bureau === null ? '' : ` of bureau "${p.bureau}"`} to revoke`,
    zh: (p) => `角色 ${p.role} 没有${p.bureau === null ? '' : `县局 "${p.bureau}" 的`}授权可以收回`,
  }),
  LEDGER_NOTHING_TO_DROP: def<{ path: string }>({
    exit: 1,
    en: (p) => `ledger ${p.path} does not exist; there is nothing to drop`,
    zh: (p) => `台账 ${p.path} 不存在，没有可删除的月份`,
  }),
  LEDGER_MONTH_NOT_STORED: def<{ month: string; bureau: string; where: string }>({
    exit: 1,
    en: (p) => `${p.bureau === '' ? p.month : `${p.month} of bureau "${p.bureau}"`} is not in the ledger ${p.where}; nothing dropped`,
    zh: (p) => `台账 ${p.where} 里没有${p.bureau === '' ? ' ' : `县局 "${p.bureau}" `}${p.month} 的考核结果，未删除任何内容`,
  }),
} as const;

/** Every problem code. */
export type Code = keyof typeof CATALOGUE;
/** The parameters of one code. */
export type ParamsOf<C extends Code> = Parameters<(typeof CATALOGUE)[C]['en']>[0];

/** A problem: a code, where it is (null for usage and other place-less problems), and its parameters. */
export type Problem<C extends Code = Code> = { [K in C]: { code: K; source: Place | null; params: ParamsOf<K> } }[C];

/**
 * Makes a problem value.
 * @example problem('NOT_ON_ROSTER', { file: 'complaints.csv', line: 3 }, { employee: '15', month: '2026-01', hint: null })
 */
export function problem<C extends Code>(code: C, source: Place | null, params: ParamsOf<C>): Problem<C> {
  return { code, source, params } as Problem<C>;
}

/** A problem whose place is not known yet (the expression parser knows an offset, its caller the file). */
export type Unplaced<C extends Code = Code> = { [K in C]: { code: K; params: ParamsOf<K> } }[C];

/** Makes a problem without its place. @example unplaced('EXPR_EMPTY', {}) */
export function unplaced<C extends Code>(code: C, params: ParamsOf<C>): Unplaced<C> {
  return { code, params } as Unplaced<C>;
}

/** An unplaced problem, placed. */
export function placed(u: Unplaced, source: Place | null): Problem {
  return { code: u.code, source, params: u.params } as Problem;
}

/** The message of a problem in `lang`, without its place. */
export function message(p: Problem, lang: Lang): string {
  const entry = CATALOGUE[p.code] as Entry<unknown>;
  return entry[lang](p.params);
}

/**
 * The place of a problem as written before its message: `file:line:column`
 * in English, `file 第3行第5列` in Chinese; '' when it has none.
 */
export function placeText(place: Place | null, lang: Lang): string {
  if (place === null) return '';
  if (lang === 'en') return [place.file, place.line, place.column].filter((x) => x !== undefined).join(':');
  const line = place.line === undefined ? '' : ` 第${place.line}行${place.column === undefined ? '' : `第${place.column}列`}`;
  return `${place.file}${line}`;
}

/** `file:line` (or `file:line:column`) of a problem for the JSON and rejects.csv `source`, whatever the language. */
export function sourceText(place: Place | null): string {
  return placeText(place, 'en');
}

/**
 * A problem as one line for a person: place, then message.
 * @example render(p, 'zh') // 'complaints.csv 第3行：工号 "15" 不在 2026-01 的花名册上，是否为 "0015"？…'
 */
export function render(p: Problem, lang: Lang): string {
  const place = placeText(p.source, lang);
  const text = message(p, lang);
  if (place === '') return text;
  return lang === 'zh' ? `${place}：${text}` : `${place}: ${text}`;
}

/** The exit code a run ends with when `problems` stop it: the first problem's. */
export function exitOf(problems: readonly Problem[]): Exit {
  const first = problems[0];
  return first === undefined ? 1 : CATALOGUE[first.code].exit;
}

/** The order codes are listed in (catalogue order): used to sort a row's problems. */
const ORDER: ReadonlyMap<string, number> = new Map(Object.keys(CATALOGUE).map((c, i) => [c, i]));

/** A row's problems in the fixed order of the catalogue (stable for equal codes). */
export function inCodeOrder<P extends Problem>(problems: readonly P[]): P[] {
  return [...problems].sort((a, b) => (ORDER.get(a.code) as number) - (ORDER.get(b.code) as number));
}

/**
 * Thrown for expected failures that stop a command (exit 1, 2 or 75): it
 * carries every problem found, rendered only at the top (src/cli/main.ts) in
 * the run's language. `exitCode` is the first problem's unless given.
 */
export class UserError extends Error {
  readonly exitCode: Exit;
  /** A closing line after the problems (e.g. how many there are), shown on stderr only. */
  readonly summary: Problem | null;
  /** Rejected rows that stop the run (listed before the problems, one line each). */
  readonly rejects: readonly Reject[];
  readonly problems: Problem[];
  /** Every problem has a code of its own (above), so that its words exist in both languages. */
  constructor(problems: Problem[], options: { exit?: Exit; summary?: Problem; rejects?: readonly Reject[] } = {}) {
    const rejects = options.rejects ?? [];
    super([...rejects.map((r) => renderReject(r, 'en')), ...[...problems, ...(options.summary ? [options.summary] : [])].map((p) => render(p, 'en'))].join('\n'));
    this.problems = problems;
    this.exitCode = options.exit ?? (problems.length > 0 ? exitOf(problems) : 1);
    this.summary = options.summary ?? null;
    this.rejects = rejects;
  }

  /** Every line for a person, in `lang`: the rejected rows, the problems, the summary. */
  lines(lang: Lang): string[] {
    return [
      ...this.rejects.map((r) => renderReject(r, lang)),
      ...this.problems.map((p) => render(p, lang)),
      ...(this.summary ? [render(this.summary, lang)] : []),
    ];
  }

  /** The JSON a failed run prints with `--format json` (SPEC §8): one entry per rejected row and per problem. */
  json(lang: Lang): { problems: { code: string; source: string; message: string }[] } {
    return {
      problems: [
        ...this.rejects.map((r) => rejectJson(r, lang)),
        ...this.problems.map((p) => problemJson(p, lang)),
      ],
    };
  }
}

/** Shorthand: a UserError of one problem. */
export function fail<C extends Code>(code: C, source: Place | null, params: ParamsOf<C>): UserError {
  return new UserError([problem(code, source, params) as Problem]);
}

/** A row that could not be used, and every reason why (§8). */
export interface Reject {
  source: { file: string; line: number };
  /** At least one; in catalogue order. */
  problems: Problem[];
  /** The raw fields of the row, as read. */
  row: string[];
}

/**
 * Rejected rows as the outputs read them: walked in order (files in input
 * order, each by line) and counted. A big month's are mostly on disk
 * (src/engine/rejects.ts), so walking may read them back.
 */
export interface RejectList extends Iterable<Reject> {
  readonly length: number;
}

/** A rejected row as the JSON of a failed run carries it: its codes, place and reasons. */
export function rejectJson(r: Reject, lang: Lang): { code: string; source: string; message: string } {
  return { code: rejectCode(r), source: sourceText(r.source), message: rejectReason(r, lang) };
}

/** A reject's codes as rejects.csv and the JSON carry them: joined by `;` in catalogue order. */
export function rejectCode(r: Reject): string {
  return r.problems.map((p) => p.code).join(';');
}

/** A reject's reason in `lang`: every problem's message, in one line. */
export function rejectReason(r: Reject, lang: Lang): string {
  return r.problems.map((p) => message(p, lang)).join(lang === 'zh' ? '；' : '; ');
}

/** A reject as one line for a person: `file:line: reasons`. */
export function renderReject(r: Reject, lang: Lang): string {
  const place = placeText(r.source, lang);
  return lang === 'zh' ? `${place}：${rejectReason(r, lang)}` : `${place}: ${rejectReason(r, lang)}`;
}

/** A problem as the JSON of a failed run carries it (SPEC §8). */
export function problemJson(p: Problem, lang: Lang): { code: string; source: string; message: string } {
  return { code: p.code, source: sourceText(p.source), message: message(p, lang) };
}

/**
 * The run's language (SPEC §10): `--lang`; else the first of LC_ALL,
 * LC_MESSAGES, LANG that is set (Chinese when it starts with `zh`); else,
 * when none is set (a Windows clerk), the locale `Intl` reports; else English.
 * The locale may be given as a function, called only when it is needed:
 * asking Intl costs a start-up some 30 ms.
 *
 * @example detectLang(undefined, { LANG: 'zh_CN.UTF-8' }, 'en-US') // 'zh'
 * @example detectLang(undefined, {}, 'zh-CN') // 'zh'
 */
export function detectLang(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, intlLocale?: string | (() => string)): Lang {
  if (flag === 'en' || flag === 'zh') return flag;
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value !== undefined && value !== '') return isZh(value) ? 'zh' : 'en';
  }
  const locale = typeof intlLocale === 'function' ? intlLocale() : intlLocale;
  return locale !== undefined && isZh(locale) ? 'zh' : 'en';
}

function isZh(locale: string): boolean {
  return locale.toLowerCase().startsWith('zh');
}

/** The locale the platform reports through Intl (for {@link detectLang}). */
export function intlLocale(): string {
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
