/**
 * 消息目录：面向用户的全部句子都在这里（中文）。每个函数对应一个稳定的诊断代码。
 * The message catalogue: every user-facing sentence lives here, one function per situation.
 * Codes are stable; tests and other tools rely on them.
 */

export const LIMITS = {
  /** a report's YAML is a few dozen KiB; anything this big is not a report */
  maxFileBytes: 2 * 1024 * 1024,
  /** YAML nesting depth a report never needs */
  maxDepth: 12,
  /** printed diagnostics before "还有 N 个问题未显示" */
  maxPrinted: 50,
  /** pages a report may have */
  maxPages: 300,
};

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: '同一层中出现了重复的键',
  TAB_AS_INDENT: '不能用制表符（Tab）缩进，请改用空格',
  MULTIPLE_DOCS: '文件中有多个 YAML 文档（出现了 ---），一个文件只能写一份报告',
  BAD_INDENT: '缩进不正确，或括号没有闭合',
  MISSING_CHAR: '缺少必要的符号（如引号、括号或冒号）',
  BLOCK_AS_IMPLICIT_KEY: '键的写法不正确（键必须写在同一行，后跟冒号和空格）',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（可能是上一行少了冒号或引号没有闭合）',
  UNEXPECTED_TOKEN: '出现了无法理解的符号',
  BAD_SCALAR_START: '这个值的开头字符需要加引号',
  BAD_DQ_ESCAPE: '双引号字符串中的转义序列不正确',
  TAG_RESOLVE_FAILED: '不支持的 YAML 标签',
  RESOURCE_EXHAUSTION: '嵌套层数过多',
  IMPOSSIBLE: '无法解析',
  KEY_OVER_1024_CHARS: '键太长（超过 1024 个字符）',
  BAD_ALIAS: '别名（*）写法不正确',
  BAD_DIRECTIVE: '不支持的 YAML 指令（%）',
  BAD_COLLECTION_TYPE: '集合类型写法不正确',
  BAD_PROP_ORDER: '锚点和标签的位置不正确',
  DUPLICATE_ANCHOR: '重复的锚点',
  TAB_AS_INDENT_OR_SPACE: '不能用制表符（Tab）缩进',
};

export const msg = {
  // ---- input ----
  inputMissing: (file: string) => `找不到文件 ${file}`,
  inputTooLarge: (bytes: number, limit: number) =>
    `文件过大（${bytes} 字节），一份年度报告的数据不会超过 ${limit} 字节，已拒绝读取`,
  inputEmpty: () => '文件是空的，没有任何报告数据',
  inputEncoding: (gbk: boolean) =>
    gbk
      ? '文件不是 UTF-8 编码（看起来是 GBK/GB18030，常见于用 Windows 记事本或 WPS 另存的文件）'
      : '文件不是有效的 UTF-8 编码',
  inputEncodingHint: () => '请用编辑器（如 VS Code 右下角的编码选项）以 UTF-8 编码重新保存该文件',
  notAMapping: () => '报告数据的最外层应当是“键: 值”形式的映射',

  // ---- yaml ----
  yaml: (code: string, raw: string) => `YAML 语法错误：${YAML_CODES[code] ?? raw}`,
  yamlHint: (code: string) =>
    code === 'DUPLICATE_KEY'
      ? '删除或合并重复的那一项'
      : code === 'TAB_AS_INDENT'
        ? '把行首的 Tab 换成空格（每级缩进两个空格）'
        : code === 'MULTIPLE_DOCS'
          ? '删除 --- 分隔线，或把第二份报告放到单独的文件里'
          : '检查这一行及上一行的冒号、引号、括号和缩进',
  yamlAlias: () => '报告数据中不能使用锚点（&）或别名（*）',
  yamlAliasHint: () => '把被引用的内容直接写出来',
  yamlTag: (tag: string) => `报告数据中不能使用 YAML 标签 ${tag}`,
  yamlTagHint: () => '删除标签；文字请直接书写，必要时加引号',
  yamlKey: () => '键必须是文字（由字母、数字、下划线组成的字段名）',
  yamlNesting: (max: number) => `嵌套层数超过 ${max} 层，报告数据不需要这么深的结构`,
  yamlProto: () => '不允许使用 __proto__ 作为键',

  // ---- schema ----
  unknownKey: (key: string, where: string) => `“${where}”中没有“${key}”这一项`,
  didYouMean: (s: string, label?: string) => `是不是要写“${s}”${label ? `（${label}）` : ''}？`,
  allowedKeys: (keys: string[]) => `这里可以写的项：${keys.join('、')}`,
  missingKey: (label: string, key: string, where: string) => `缺少“${label}”（${key}），“${where}”中必须填写这一项`,
  missingKeyHint: (key: string) => `添加一行 ${key}: …；如果该项确实没有内容，统计数请写 ~（留空），文字请按说明填写`,
  wrongType: (label: string, expected: string, found: string) =>
    `“${label}”应当是${expected}，实际是${found}`,
  quoteHint: (source: string) => `请给它加上引号，写成 "${source}"，否则前导的 0 等会丢失`,
  blankField: (label: string, want: string) => `“${label}”还是空白（~），这里应当填写${want}`,
  blankFieldHint: () => '把 ~ 换成内容；不需要的可选项可以整行删除',
  fullWidthDigits: () => '请使用半角数字 0–9（不要用全角数字 ０–９）',
  thousands: () => '不要写千位分隔符，例如写 1234 而不是 1,234',
  numberAsString: () => '统计数请直接写数字，不要加引号',
  countRange: (label: string, v: string) => `“${label}”应当是不小于 0 的整数，实际是 ${v}`,
  countTooLarge: (label: string, v: string, max: number) => `“${label}”应当不大于 ${max}，实际是 ${v}`,
  tooLargeHint: () => '请检查是否多写了数字',
  tooSmall: (label: string, v: string, min: number) => `“${label}”应当不小于 ${min}，实际是 ${v}`,
  decimalFormat: (label: string, v: string) =>
    `“${label}”应当是不小于 0 的金额数字（如 12.5 或 "9116.30"），实际是 ${v}`,
  notFiniteNumber: (label: string) => `“${label}”不能是 .nan 或 .inf，请填写具体数字`,
  textTooLong: (label: string, n: number, max: number) => `“${label}”太长（${n} 个字符，上限 ${max}）`,
  textTooShort: (label: string) => `“${label}”不能为空`,
  patternMismatch: (label: string, desc: string) => `“${label}”的格式不正确：${desc}`,
  enumMismatch: (label: string, allowed: string[]) => `“${label}”只能是：${allowed.join('、')}`,
  tooManyItems: (label: string, max: number) => `“${label}”最多只能有 ${max} 项`,
  tooFewItems: (label: string, min: number) => `“${label}”至少需要 ${min} 项`,
  constMismatch: (label: string, v: string) => `“${label}”必须是 ${v}`,
  schemaOther: (label: string, detail: string) => `“${label}”不符合要求（${detail}）`,
  badChar: (label: string, cp: string, name: string) => `“${label}”中含有不可见或控制字符 ${cp}（${name}）`,
  badCharHint: () => '这类字符常由复制粘贴带入，打印出来看不见但会影响检索；请删除它',
  quoteWholeText: () => '整段文字请加引号',
  staleLock: (who: string) => `发现已结束进程留下的锁文件（${who}），已清除`,
  newlineInText: (label: string) => `“${label}”中含有换行；每个自然段请写成列表中的单独一项`,
  unknownFormat: (f: string, known: string[]) => `不认识的报告格式“${f}”，可用的格式：${known.join('、')}`,
  missingFormat: () => '缺少“报告格式”（format），请在文件开头写明，例如 format: 2021',

  // ---- rules ----
  ruleSum: (target: string, total: string, parts: string, actual: string) =>
    `${target}应为 ${total}（= ${parts}），实为 ${actual}`,
  ruleEqual: (lhs: string, lv: string, rhs: string, rv: string) => `${lhs}（${lv}）应等于${rhs}（${rv}）`,
  ruleLe: (sub: string, sv: string, sup: string, pv: string) => `${sub}（${sv}）不应大于${sup}（${pv}）`,
  ruleAddend: (label: string, v: string) => `加数：${label} = ${v}`,
  ruleOperand: (label: string, v: string) => `${label} = ${v}`,
  ruleAcknowledged: (reason: string) => `已在数据中确认按原样发布：${reason}`,
  rulePrevYear: (file: string, label: string) => `上一年度（${file}）${label}`,

  // ---- last year's report (cross-year rules) ----
  prevInvalid: (file: string, n: number) => `上一年度的数据文件 ${file} 有 ${n} 处错误，无法与之做跨年度核对`,
  prevInvalidHint: (first: string) => `第一处错误：${first}（请先用 xxgk-report check 检查该文件）`,
  prevAgency: (file: string, code: string, mine: string) =>
    `上一年度的数据文件 ${file} 的机关代码是 ${code}，与本报告的 ${mine} 不同，没有做跨年度核对`,
  prevYear: (file: string, year: string, want: number) => `${file} 是 ${year} 年度的报告，不是上一年度（${want} 年度），没有做跨年度核对`,
  prevYearHint: () => '用 --previous 指定上一年度的数据文件，或把它放在同一文件夹中并以年度命名（如 2023.yaml）',
  checkedAgainst: (file: string) => `已与上一年度 ${file} 核对`,

  // ---- init ----
  initWritten: (file: string) => `已写入 ${file}`,
  initExists: (file: string) => `${file} 已经存在，init 不会覆盖已有的文件`,
  initExistsHint: () => '用 -o 指定另一个文件名，或先把旧文件改名',
  initNeeds: (what: string) => `init 需要 ${what}`,
  initFromInvalid: (file: string) => `无法读取 --from 指定的上一年度数据文件 ${file}`,
  initNext: (file: string) => `下一步：填写文件中所有的 ~（统计数没有发生的可以保留 ~ 表示空白，或填 0），然后运行 xxgk-report check ${file}`,
  refBlank: (cell: string) => `正文引用的统计数“${cell}”是空白的，无法写进句子`,
  refBlankHint: () => '在统计表中填上这个数（没有请填 0），或改写这句话',
  sectionTooLong: (heading: string, n: number, max: number) =>
    `“${heading}”的正文有 ${n} 字，报告格式要求篇幅原则上不超过 ${max} 字`,
  refUnknown: (ref: string) => `正文引用了不存在的统计项“${ref}”`,
  sentenceUnknown: (name: string, known: string[]) =>
    known.length ? `没有名为“${name}”的标准句，可用的标准句：${known.join('、')}` : `这种报告格式没有标准句（“${name}”）`,

  // ---- resources ----
  formatMissing: (dir: string) => `找不到报告格式包 ${dir}`,
  formatInvalid: (detail: string) => `报告格式包有错误：${detail}`,
  templateSyntax: (detail: string) => `模板语法错误：${detail}`,
  templateRuntime: (detail: string) => `模板引用了不存在的数据：${detail}`,
  fontConfig: (detail: string) => `字体配置 fonts/fonts.json 有错误：${detail}`,
  fontMissing: (file: string) => `找不到字体文件 ${file}`,
  fontCorrupt: (file: string, detail: string) => `字体文件 ${file} 已损坏或不是字体（${detail}）`,
  fontChanged: (file: string) => `字体文件 ${file} 与 fonts/fonts.json 中记录的 SHA-256 不一致`,
  fontChangedHint: () => '若是有意替换了字体，请更新 fonts.json 中该文件的 sha256，或删除该记录',
  fontGlyph: (ch: string, cp: string, label: string, fonts: string[]) =>
    `字符“${ch}”（${cp}）在“${label}”中，但配置的字体（${fonts.join('、')}）都没有这个字`,
  fontGlyphHint: () => '在 fonts/fonts.json 中为该角色的备用字体链加入包含此字的字体（例如覆盖扩展 B 区的字体），或确认字符是否录入有误',
  renderFailed: (detail: string) => `生成 PDF 失败：${detail}`,
  renderTooManyPages: (n: number, max: number) => `生成的 PDF 有 ${n} 页，超过上限 ${max} 页`,
  renderInvalid: (detail: string) => `生成的 PDF 未通过检查：${detail}`,

  // ---- output ----
  outputFailed: (path: string, detail: string) => `无法写入 ${path}：${detail}`,
  outputNotDir: (path: string) => `输出位置 ${path} 不是文件夹`,
  locked: (path: string, who: string) => `输出文件夹 ${path} 正被另一个进程使用（${who}）`,
  lockedHint: (lock: string) => `等待它结束后再运行；如果确认没有其他进程在运行，删除锁文件 ${lock}`,

  // ---- usage ----
  usage: (detail: string) => `命令行参数错误：${detail}`,
  noInputs: (dir: string) => `在 ${dir} 下没有找到报告数据文件（*.yaml）`,
  previousOneFile: () => '--previous 只能与一个数据文件一起使用（几份报告时，把上一年度的文件放在同一文件夹中并以年度命名即可）',
  fileDoesNotExist: () => '文件不存在',
  noPdfaProfile: () => '（未识别 PDF/A）',
  badYearOption: (v: string) => `--year 应为四位年份或 last（上一年度），而不是 ${v}`,
  badWorkersOption: (v: string) => `--workers 应为 1–64 的整数，而不是 ${v}`,
  summaryFailedLine: (file: string, first: string) => `  失败：${file}  ${first}`,
  checkNeedsFiles: () => '请指定要检查的数据文件，例如 xxgk-report check data/机关/2024.yaml',
  checkPassed: (file: string, against: string) => `通过：${file}${against}`,
  checkSummary: (total: number, passed: number) => `检查了 ${total} 个文件：${passed} 个通过，${total - passed} 个有错误`,
  schemaWritten: (file: string) => `已写入 ${file}`,
  initNeedsYear: () => '--year <年度>，例如 --year 2025',
  initNeedsFormat: (packs: string[]) => `--format <格式>（可用：${packs.join('、')}）`,
  initYearOutOfRange: (name: string, from: number, to: number | undefined, year: number) =>
    `${name}适用于 ${from}–${to ?? ''} 年度的报告，不适用于 ${year} 年度`,
  initNeedsAgency: () => '--agency <机关全称>（或 --from 上一年度的数据文件）',
  initNeedsTarget: () => '-o <新文件.yaml>，或 --code <机关代码>（写到 data/<机关代码>/<年度>.yaml）',
  noReportsForYear: (year: number) => `没有 ${year} 年度的报告数据文件`,
  duplicateOutput: (out: string, a: string, b: string) => `${a} 与 ${b} 是同一机关同一年度的报告，都会生成 ${out}；请删除或改正其中一个`,
  reportBuilt: (out: string, pages: number, file: string) => `已生成：${out}（${pages} 页）← ${file}`,
  reportIdentical: (out: string, pages: number, file: string) => `已生成，与原有文件相同：${out}（${pages} 页）← ${file}`,
  reportSkipped: (out: string, file: string) => `跳过（数据、模板、字体均未改变）：${out} ← ${file}`,
  reportFailed: (file: string, first: string) => `失败：${file}  ${first}`,
  buildSummary: (t: { total: number; built: number; identical: number; skipped: number; failed: number }) =>
    `共 ${t.total} 份报告：生成 ${t.built}${t.identical ? `（其中 ${t.identical} 份与原有文件完全相同，未改写）` : ''}，跳过 ${t.skipped}，失败 ${t.failed}`,
  internalIn: (detail: string, stack: string) => `内部错误：${detail}\n${stack}`,
  internal: () => '内部错误：这是本工具的缺陷，不是您的数据问题。请把以下信息报告给维护者',
};

/** Chinese names of a few invisible characters (E-TEXT-CONTROL). */
export function charName(cp: number): string {
  const names: Record<number, string> = {
    0x00: '空字符 NUL', 0x07: '响铃 BEL', 0x08: '退格', 0x0b: '垂直制表符', 0x0c: '换页符', 0x1b: 'ESC',
    0x7f: 'DEL', 0x09: '制表符 Tab', 0x0d: '回车符 CR',
    0x200b: '零宽空格', 0x200c: '零宽非连接符', 0x200d: '零宽连接符', 0x2060: '零宽不换行空格',
    0xfeff: '零宽不换行空格（BOM）', 0x202a: '从左到右嵌入', 0x202b: '从右到左嵌入', 0x202c: '方向格式结束',
    0x202d: '从左到右强制', 0x202e: '从右到左强制（可使文字倒序显示）', 0x2066: '从左到右隔离',
    0x2067: '从右到左隔离', 0x2068: '第一强隔离', 0x2069: '方向隔离结束', 0x200e: '从左到右标记',
    0x200f: '从右到左标记', 0x00ad: '软连字符', 0x2028: '行分隔符', 0x2029: '段分隔符',
  };
  return names[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? '控制字符' : '格式控制字符');
}

export function codePoint(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}
