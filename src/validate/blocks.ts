/**
 * 正文段落的结构检查（比 JSON Schema 的 anyOf 报错更准确）：
 * 段落 = 文字 | [文字 | {cell}] ；{lead, text} ；{heading, body}（仅第一层）。
 * Structure of prose blocks, checked here rather than through ajv's anyOf errors, which name
 * every branch. Each problem names the section and the paragraph number.
 */
import { Diagnostic, error } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { LoadedYaml, pointerJoin, spanFor } from '../load';
import { closest } from './suggest';
import { describeValue } from './schema-errors';

const MAX_TEXT = 5000;

/** Characters of a section's prose as written (quoted numbers and standard sentences not counted). */
export function proseChars(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + proseChars(x), 0);
  if (v && typeof v === 'object') {
    return Object.entries(v).reduce((n, [k, x]) => n + (k === 'cell' || k === 'sentence' ? 0 : proseChars(x)), 0);
  }
  return 0;
}

export function checkBlocks(
  loaded: LoadedYaml,
  blocks: unknown,
  ptr: string,
  where: string,
  cellRefs: Set<string>,
  sentences: Set<string> = new Set(),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Array.isArray(blocks)) return out; // the schema reports a non-list section
  const text = (v: unknown, p: string, label: string) => {
    if (typeof v !== 'string') {
      out.push(error('E-SCHEMA-TYPE', msg.wrongType(label, '文字', describeValue(v)), spanFor(loaded, p),
        typeof v === 'number' ? [{ message: msg.quoteWholeText() }] : []));
      return;
    }
    if (v.trim() === '') out.push(error('E-SCHEMA-EMPTY', msg.textTooShort(label), spanFor(loaded, p)));
    const n = [...v].length;
    if (n > MAX_TEXT) out.push(error('E-TEXT-TOO-LONG', msg.textTooLong(label, n, MAX_TEXT), spanFor(loaded, p)));
  };
  const paragraph = (v: unknown, p: string, label: string) => {
    if (!Array.isArray(v)) return text(v, p, label);
    if (v.length === 0) out.push(error('E-SCHEMA-EMPTY', msg.textTooShort(label), spanFor(loaded, p)));
    v.forEach((seg, i) => {
      const sp = pointerJoin(p, i);
      if (seg && typeof seg === 'object' && !Array.isArray(seg)) {
        const keys = Object.keys(seg);
        const ref = (seg as Record<string, unknown>).cell;
        const sentence = (seg as Record<string, unknown>).sentence;
        if (keys.length === 1 && typeof sentence === 'string') {
          if (!sentences.has(sentence)) {
            const guess = closest(sentence, [...sentences]);
            out.push(error('E-REF-UNKNOWN', msg.sentenceUnknown(sentence, [...sentences]), spanFor(loaded, pointerJoin(sp, 'sentence')),
              guess ? [{ message: msg.didYouMean(guess) }] : []));
          }
        } else if (keys.length !== 1 || typeof ref !== 'string') {
          const bad = keys.find((k) => k !== 'cell' && k !== 'sentence');
          out.push(error('E-SCHEMA-UNKNOWN-KEY', bad ? msg.unknownKey(bad, label) : msg.wrongType(label, '{ cell: 表/项 }', describeValue(seg)),
            spanFor(loaded, bad ? pointerJoin(sp, bad) : sp, true), bad ? [{ message: msg.didYouMean('cell', '引用的统计项') }] : []));
        } else if (!cellRefs.has(ref)) {
          const guess = closest(ref, [...cellRefs]);
          out.push(error('E-REF-UNKNOWN', msg.refUnknown(ref), spanFor(loaded, pointerJoin(sp, 'cell')), guess ? [{ message: msg.didYouMean(guess) }] : []));
        }
      } else {
        text(seg, sp, `${label}的第 ${i + 1} 个片段`);
      }
    });
  };
  const objectWith = (v: Record<string, unknown>, p: string, label: string, allowed: string[]) => {
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        const guess = closest(k, allowed);
        out.push(error('E-SCHEMA-UNKNOWN-KEY', msg.unknownKey(k, label), spanFor(loaded, pointerJoin(p, k), true),
          guess ? [{ message: msg.didYouMean(guess) }] : [{ message: msg.allowedKeys(allowed) }]));
      }
    }
    for (const k of allowed) {
      if (!(k in v)) out.push(error('E-SCHEMA-REQUIRED', msg.missingKey(k === 'lead' || k === 'heading' ? '小标题' : '正文', k, label), spanFor(loaded, p)));
    }
  };
  const block = (v: unknown, p: string, label: string, nested: boolean) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if ('heading' in o && !nested) {
        objectWith(o, p, label, ['heading', 'body']);
        if ('heading' in o) text(o.heading, pointerJoin(p, 'heading'), `${label}的小标题`);
        if (Array.isArray(o.body)) {
          if (o.body.length === 0) out.push(error('E-SCHEMA-EMPTY', msg.textTooShort(`${label}的正文`), spanFor(loaded, pointerJoin(p, 'body'))));
          o.body.forEach((b, i) => block(b, pointerJoin(pointerJoin(p, 'body'), i), `${label}第 ${i + 1} 段`, true));
        } else if ('body' in o) {
          out.push(error('E-SCHEMA-TYPE', msg.wrongType(`${label}的正文`, '列表（每段以“- ”开头）', describeValue(o.body)), spanFor(loaded, pointerJoin(p, 'body'))));
        }
        return;
      }
      if ('lead' in o || 'text' in o) {
        objectWith(o, p, label, ['lead', 'text']);
        if ('lead' in o) text(o.lead, pointerJoin(p, 'lead'), `${label}的小标题`);
        if ('text' in o) paragraph(o.text, pointerJoin(p, 'text'), label);
        return;
      }
      const first = Object.keys(o)[0] ?? '';
      const guess = closest(first, nested ? ['lead', 'text'] : ['heading', 'body', 'lead', 'text']);
      out.push(error('E-SCHEMA-BLOCK', msg.wrongType(label, nested ? '文字段落或 { lead, text }' : '文字段落、{ lead, text } 或 { heading, body }', describeValue(v)),
        spanFor(loaded, first ? pointerJoin(p, first) : p, true), guess ? [{ message: msg.didYouMean(guess) }] : []));
      return;
    }
    paragraph(v, p, label);
  };
  blocks.forEach((b, i) => block(b, pointerJoin(ptr, i), `“${where}”第 ${i + 1} 段`, false));
  return out;
}
