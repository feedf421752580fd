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
  /** a unit that must not be broken across lines (a phone number, URL, e-mail, number) */
  noWrap?: boolean;
}

/**
 * Where pdfmake's UAX #14 breaking falls short for Chinese reports: it breaks inside URLs
 * (after "/" and "."), between the parts of a phone number or a decimal in a narrow column,
 * and when a unit is wider than the line it cuts it anywhere — the rest may then start with
 * closing punctuation. Such runs, with the closing punctuation that follows them, are kept
 * whole (noWrap): a reader never sees "0530-" at a line end or "。" at a line start.
 * Pure Chinese text needs nothing: UAX #14 already keeps ，。、；：？！）》」 off the line start and
 * （《「 off the line end.
 */
const PROTECTED = new RegExp(
  '(?:' +
  [
    'https?://[^\\s\\u3000-\\u303f\\uff01-\\uff5e“”‘’]+', // URL
    '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+', // e-mail
    '[0-9][0-9.,:/\\-–]*[0-9]%?', // phone numbers, dates like 2024-01-05, decimals
  ].join('|') + ')[，。、；：？！）》」』】”’…]{0,2}',
  'g',
);

/** Split text into [text, protected] runs. */
export function protectRuns(text: string): { text: string; keep: boolean }[] {
  const out: { text: string; keep: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(PROTECTED)) {
    const i = m.index ?? 0;
    // plain digits inside Chinese text (2017年) are already unbreakable: protect only what can break
    if (!/[-–.,:/@%]|https?:/.test(m[0])) continue;
    if (i > last) out.push({ text: text.slice(last, i), keep: false });
    if (/^https?:/.test(m[0])) {
      // a long address kept whole would leave a wide gap at the end of the line before it: let it
      // break only right after a "/" (where a reader sees the address go on), never inside a name
      for (const part of m[0].match(/^https?:\/\/|[^/]+\/?/g) ?? [m[0]]) out.push({ text: part, keep: true });
    } else out.push({ text: m[0], keep: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), keep: false });
  return out;
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
  for (const run of protectRuns(text)) {
    let cur = -2;
    let buf = '';
    const flush = () => {
      if (!buf) return;
      const i = Math.max(cur, 0);
      const inl: Inline = { text: buf, font: rf.families[i], fontSize: size, lineHeight: pitch / (size * rf.emFactor(i)) };
      if (characterSpacing) inl.characterSpacing = characterSpacing;
      if (run.keep) inl.noWrap = true;
      out.push(inl);
      buf = '';
    };
    for (const ch of run.text) {
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
  }
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
