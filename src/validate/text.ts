/**
 * 文字检查：不可见字符、控制字符、换行。按码位给出精确的列号。
 * Text hygiene for every string of the data: control, bidi-override and zero-width characters
 * are refused (they print invisibly and break search), and so are line breaks inside a paragraph.
 */
import { Diagnostic, error } from '../diag/diagnostic';
import { charName, codePoint, msg } from '../diag/messages';
import { LoadedYaml, pointerJoin, spanFor } from '../load';
import type { Json } from '../load';

// C0 (except LF, handled separately), DEL, C1, soft hyphen, zero-width, bidi controls, separators, BOM
const BAD = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;

export function checkText(loaded: LoadedYaml, data: Json, labelOf: (ptr: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: Json, ptr: string) => {
    if (typeof v === 'string') {
      const m = BAD.exec(v);
      if (m) {
        const cp = m[0].codePointAt(0)!;
        out.push(error('E-TEXT-CONTROL', msg.badChar(labelOf(ptr), codePoint(cp), charName(cp)), charSpan(loaded, ptr, m[0]), [
          { message: msg.badCharHint() },
        ]));
      } else if (v.includes('\n')) {
        out.push(error('E-TEXT-NEWLINE', msg.newlineInText(labelOf(ptr)), spanFor(loaded, ptr)));
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, pointerJoin(ptr, i)));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, pointerJoin(ptr, k));
    }
  };
  walk(data, '');
  return out;
}

/** Exact position of a character inside a scalar, also when written as an escape in quotes. */
function charSpan(loaded: LoadedYaml, ptr: string, ch: string) {
  const node = loaded.nodes.get(ptr);
  if (node) {
    const [s, e] = node.range;
    const raw = loaded.text.slice(s, e);
    let i = raw.indexOf(ch);
    let len = ch.length;
    if (i < 0) {
      const cp = ch.codePointAt(0)!;
      const hex4 = cp.toString(16).padStart(4, '0');
      const esc = new RegExp(`\\\\(u${hex4}|x${cp.toString(16).padStart(2, '0')}|U${cp.toString(16).padStart(8, '0')}${cp === 0 ? '|0' : ''}${cp === 7 ? '|a' : ''}${cp === 8 ? '|b' : ''}${cp === 9 ? '|t' : ''}${cp === 0x1b ? '|e' : ''})`, 'i');
      const m = esc.exec(raw);
      if (m) {
        i = m.index;
        len = m[0].length;
      }
    }
    if (i >= 0) return loaded.positions.span(s + i, s + i + len);
  }
  return spanFor(loaded, ptr);
}
