/**
 * 新报告的数据文件骨架（xxgk-report init）：由格式包生成的 JSON Schema 逐项写出全部键，
 * 需要填写的地方写 ~，每一项后面用中文注释写明它是什么；可以预填机关信息、联系方式和
 * 上一年度结转到本年度的数字。
 *
 * The data-file skeleton for a new report, written from the pack's JSON Schema: every key,
 * `~` where the agency must fill in, a Chinese comment naming each field. Values can be
 * prefilled (agency, contacts, last year's carry-over). Pure: returns text, writes nothing.
 */
import type { FormatPack } from '../model/format';
import { buildSchema } from './schema';

type Schema = Record<string, any>;

export interface SkeletonOptions {
  year: number;
  /** path of the schema relative to the new file, for the yaml-language-server line */
  schemaRef: string;
  /** values by JSON pointer (e.g. "/agency/name", "/tables/t3/carried_over/total") */
  prefill: Map<string, unknown>;
}

const NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** Display width: CJK characters count two columns, as in an editor. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** A scalar as YAML: plain when it reads back as the same string, double-quoted (JSON) otherwise. */
export function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return '~';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  const plain =
    s !== '' &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`~0-9+.]/.test(s) &&
    !/[:#]/.test(s) &&
    !/\s$/.test(s) &&
    !/^(true|false|null|yes|no|on|off)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** The first table cell of the schema as a { cell: … } reference, for the example comment. */
function firstCellRef(schema: Schema): string {
  const path: string[] = [];
  let s: Schema = schema.properties.tables;
  while (s && s.type === 'object' && s.properties) {
    const keys = Object.keys(s.properties);
    // prefer the applications table's first total, the number most often quoted
    const k = keys.includes('t3') ? 't3' : keys.includes('total') ? 'total' : keys[0];
    path.push(k);
    s = s.properties[k];
  }
  return path.join('/');
}

interface Line {
  text: string;
  comment?: string;
}

export function skeleton(pack: FormatPack, opts: SkeletonOptions): string {
  const schema = buildSchema(pack) as Schema;
  const deref = (s: Schema): Schema => (s && s.$ref ? schema.definitions[s.$ref.split('/').pop()!] : s);
  const lines: Line[] = [];
  const isObject = (s: Schema) => s && s.type === 'object' && s.properties;
  const types = (s: Schema): string[] => ([] as string[]).concat(s?.type ?? []);
  const note = (s: Schema, extra = '') => [s.title, extra, s.description ? `：${s.description}` : ''].join('');

  const emit = (key: string, s: Schema, ptr: string, indent: number, comment?: string, optional = false) => {
    const pad = '  '.repeat(indent);
    const pre = opts.prefill.get(ptr);
    if (isObject(s)) {
      lines.push({ text: `${pad}${key}:`, comment: comment ?? note(s) });
      const required = new Set<string>(s.required ?? []);
      for (const [k, sub] of Object.entries(s.properties as Record<string, Schema>)) emit(k, deref(sub), `${ptr}/${k}`, indent + 1, undefined, !required.has(k));
      return;
    }
    // an optional field that cannot be left blank (~) is written commented out
    if (optional && pre === undefined && !types(s).includes('null') && !types(s).includes('array')) {
      lines.push({ text: `${pad}# ${key}: ~`, comment: `${note(s)}（可选：需要时去掉行首的 # 并填写）` });
      return;
    }
    if (types(s).includes('array') || s.items) {
      const items = Array.isArray(pre) ? pre : [];
      if (items.length) {
        lines.push({ text: `${pad}${key}:`, comment: comment ?? note(s) });
        for (const it of items) lines.push({ text: `${pad}  - ${yamlScalar(it)}` });
      } else if ((s.minItems ?? 0) > 0) {
        lines.push({ text: `${pad}${key}:`, comment: comment ?? note(s) });
        lines.push({ text: `${pad}  - ~`, comment: ptr.startsWith('/sections/') ? '每个自然段写成一项（把 ~ 换成文字）' : '每项一行（把 ~ 换成内容）' });
      } else {
        lines.push({ text: `${pad}${key}: []`, comment: comment ?? note(s, '（可选）') });
      }
      return;
    }
    lines.push({ text: `${pad}${key}: ${yamlScalar(pre)}`, comment: comment ?? note(s) });
  };

  const props = schema.properties as Record<string, Schema>;
  lines.push({ text: `# yaml-language-server: $schema=${opts.schemaRef}` });
  lines.push({ text: `# ${pack.name}。由 xxgk-report init 生成。` });
  lines.push({ text: '# ~ 表示空白：文字项必须把 ~ 换成内容；统计表中没有发生的数可以保留 ~（印为空白）或填 0（印为 0）。' });
  lines.push({ text: '# 电话、邮编等以 0 开头或全是数字的文字请加引号，例如 "0530-2116333"。' });
  opts.prefill.set('/format', props.format.const);
  emit('format', props.format, '/format', 0, `${props.format.title}（不要修改）`);
  opts.prefill.set('/year', opts.year);
  emit('year', props.year, '/year', 0);
  emit('title', props.title, '/title', 0);
  emit('publication_date', props.publication_date, '/publication_date', 0, `${props.publication_date.title}（可选，如 ${opts.year + 1}-01-20；~ 表示不写）`);
  lines.push({ text: '' });
  emit('agency', props.agency, '/agency', 0);
  for (const k of Object.keys(pack.meta)) {
    lines.push({ text: '' });
    emit(k, props[k], `/${k}`, 0);
  }
  lines.push({ text: '' });
  lines.push({ text: '# 各部分正文：每一项是一个自然段；{ lead: 小标题。, text: 正文 } 是带“（一）”编号的小标题段落；' });
  lines.push({ text: '# { heading: 小标题, body: [...] } 是带编号的小节；段落写成列表时可用 { cell: 表/行/列 } 引用统计表中的数字，' });
  lines.push({ text: '# 正文与统计表就不会不一致，例如：' });
  lines.push({ text: '#   - - 全年新收政府信息公开申请' });
  lines.push({ text: `#     - { cell: ${firstCellRef(schema)} }` });
  lines.push({ text: '#     - 件。' });
  for (const [name, s] of Object.entries(pack.sentences ?? {})) {
    lines.push({ text: `# 标准句 { sentence: ${name} }：${s.description}` });
  }
  lines.push({ text: 'sections:', comment: '正文各部分' });
  const sectionProps = props.sections.properties as Record<string, Schema>;
  pack.sections.forEach((sec, i) => {
    const s = sectionProps[sec.id];
    const heading = `${NUM[i + 1]}、${sec.heading}`;
    if (!s) {
      lines.push({ text: `  # ${sec.id}: ${heading}（由统计表生成，无需填写）` });
      return;
    }
    emit(sec.id, s, `/sections/${sec.id}`, 1, `${heading}${s.minItems ? '' : '（可选）'}${sec.description ? `：${sec.description}` : ''}`);
  });
  lines.push({ text: '' });
  lines.push({ text: '# 统计表：~ 表示空白（印为空白），0 印为 0；算术规则中空白按 0 计算。' });
  emit('tables', props.tables, '/tables', 0);

  // comments start in one column per block of lines (capped), so the file reads like a form
  const out: string[] = [];
  let block: Line[] = [];
  const flush = () => {
    const col = Math.min(56, Math.max(0, ...block.filter((l) => l.comment).map((l) => width(l.text))) + 2);
    for (const l of block) out.push(l.comment ? `${l.text}${' '.repeat(Math.max(2, col - width(l.text)))}# ${l.comment}` : l.text);
    block = [];
  };
  for (const l of lines) {
    if (l.text === '' || (l.text.startsWith('#') && !l.comment)) {
      flush();
      out.push(l.text);
    } else block.push(l);
  }
  flush();
  return out.join('\n') + '\n';
}
