/**
 * 文字 → pdfmake 行内片段：按字形覆盖把文字分给主字体或备用字体，
 * 按各字体自身的度量计算 lineHeight，使行距恰为设定值。
 * Text to pdfmake inlines: each character goes to the first font of its role's chain that has
 * it; lineHeight is computed per font so every line has the same pitch (pdfmake multiplies the
 * font's own height, not the font size).
 */
import type { Role } from '../model/document';
import type { FontSet } from '../model/fonts';

export interface Inline {
  text: string;
  font: string;
  fontSize: number;
  lineHeight: number;
  characterSpacing?: number;
}

export interface Uncovered {
  char: string;
  role: Role;
}

export function inlines(
  text: string,
  role: Role,
  size: number,
  pitch: number,
  fonts: FontSet,
  missing: Uncovered[],
  characterSpacing?: number,
): Inline[] {
  const rf = fonts[role];
  const out: Inline[] = [];
  let cur = -2;
  let buf = '';
  const flush = () => {
    if (!buf) return;
    const i = Math.max(cur, 0);
    const inl: Inline = { text: buf, font: rf.families[i], fontSize: size, lineHeight: pitch / (size * rf.emFactor(i)) };
    if (characterSpacing) inl.characterSpacing = characterSpacing;
    out.push(inl);
    buf = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let i = rf.familyIndexFor(cp);
    if (i < 0) {
      // spaces and line breaks need no glyph of their own
      if (!/\s/.test(ch)) missing.push({ char: ch, role });
      i = 0;
    }
    if (i !== cur) {
      flush();
      cur = i;
    }
    buf += ch;
  }
  flush();
  return out;
}

/**
 * Break a long title into balanced lines (GB/T 9704 §7.3.1: 梯形或菱形, 词意完整):
 * the fewest lines that fit, widths as even as possible, breaks preferred at the given
 * word boundaries (e.g. after the agency's name, after "年"), never inside a run of digits
 * or Latin letters, never before closing or after opening punctuation.
 */
export function balanceTitle(title: string, width: number, measure: (s: string) => number, preferredBreaks: number[] = []): string[] {
  const chars = [...title];
  if (measure(title) <= width) return [title];
  const n = chars.length;
  const closing = /[，。、；：？！）》」』】”’…—·]/;
  const opening = /[（《「『【“‘]/;
  const allowed = (i: number) => {
    // break between chars[i-1] and chars[i]
    const a = chars[i - 1];
    const b = chars[i];
    if (/[0-9A-Za-z]/.test(a) && /[0-9A-Za-z.]/.test(b)) return false;
    if (closing.test(b) || opening.test(a)) return false;
    return true;
  };
  const prefer = new Set(preferredBreaks);
  let best: { lines: string[]; score: number } | undefined;
  for (let k = 2; k <= 4 && !best; k++) {
    const search = (start: number, left: number, acc: string[], score: number) => {
      if (left === 1) {
        const last = chars.slice(start).join('');
        const w = measure(last);
        if (w > width) return;
        const lines = [...acc, last];
        const ws = lines.map(measure);
        const spread = Math.max(...ws) - Math.min(...ws);
        // a trapezoid or diamond: the longest line is not the first one
        const shape = ws[0] > ws[ws.length - 1] + 1 ? 0.5 : 0;
        const s = score + spread / width + shape;
        if (!best || s < best.score) best = { lines, score: s };
        return;
      }
      for (let i = start + 1; i < n; i++) {
        const line = chars.slice(start, i).join('');
        if (measure(line) > width) break;
        if (!allowed(i)) continue;
        // a break that keeps words whole (after the agency name, after 年) outweighs the shape
        search(i, left - 1, [...acc, line], score + (prefer.has(i) ? 0 : 0.75));
      }
    };
    search(0, k, [], 0);
  }
  return best ? best.lines : [title];
}
