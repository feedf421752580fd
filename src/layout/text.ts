/**
 * 文字 → 行 → pdfmake 行内片段：本阶段自行断行（UAX #14 + 避头尾 + 保护号码/网址），两端对齐用字距实现；
 * 按字形覆盖把文字分给主字体或备用字体，按各字体自身的度量计算 lineHeight，使行距恰为设定值。
 * Text → lines → pdfmake inlines: lines are broken here (UAX #14, protected numbers and
 * addresses) and justified with character spacing; each character goes to the first font of
 * its role's chain that has it; lineHeight is computed per font so every line has the same
 * pitch (pdfmake multiplies the font's own height, not the font size).
 */
import type { Role } from '../model/document';
import LineBreaker from 'linebreak';
import type { FontSet } from '../model/fonts';

export interface Inline {
  text: string;
  font: string;
  fontSize: number;
  lineHeight: number;
  characterSpacing?: number;
  /** pdfmake must not break it: it is a line, or a font run of one */
  noWrap?: boolean;
  /** more of the same line follows (pdfmake keeps it on this line) */
  noNewLine?: boolean;
  /** the last inline of its line */
  lineEnd?: boolean;
  /** set by setText: pdfmake's own word breaking is skipped (render/index.ts) */
  setLine?: boolean;
}

/**
 * Where pdfmake's UAX #14 breaking falls short for Chinese reports: it breaks inside URLs
 * (after "/" and "."), between the parts of a phone number or a decimal in a narrow column,
 * and when a unit is wider than the line it cuts it anywhere — the rest may then start with
 * closing punctuation. Such runs, with the closing punctuation that follows them, are kept
 * whole: a reader never sees "0530-" at a line end or "。" at a line start.
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

/**
 * Split text into [text, protected] runs. An address comes in parts, one after each "/" of its
 * path; `breakBefore` marks the parts a line may start with.
 */
export function protectRuns(text: string): { text: string; keep: boolean; breakBefore?: boolean }[] {
  const out: { text: string; keep: boolean; breakBefore?: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(PROTECTED)) {
    const i = m.index ?? 0;
    // plain digits inside Chinese text (2017年) are already unbreakable: protect only what can break
    if (!/[-–.,:/@%]|https?:/.test(m[0])) continue;
    if (i > last) out.push({ text: text.slice(last, i), keep: false });
    if (/^https?:/.test(m[0])) {
      // a long address kept whole would leave a wide gap at the end of the line before it: let it
      // break only right after a "/" (where a reader sees the address go on), never inside a name
      const parts = m[0].match(/^https?:\/\/|[^/]*\/|[^/]+/g) ?? [m[0]];
      // (not right after the scheme: "http://" alone at a line end reads as a broken address)
      parts.forEach((part, k) => out.push(k >= 2 ? { text: part, keep: true, breakBefore: true } : { text: part, keep: true }));
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

/** How a block of text is set: size, pitch, measure, first-line indent, spacing, justification. */
export interface SetOptions {
  size: number;
  /** line pitch in pt */
  pitch: number;
  /** the measure (available width) in pt; Infinity: the caller's line breaks only */
  width: number;
  /** first-line indent in pt (drawn by pdfmake's leadingIndent; the breaker leaves room for it) */
  indent?: number;
  /** characterSpacing of every glyph (GB/T 9704's 28-character line) */
  spacing?: number;
  /** spread every line but a paragraph's last to the full measure */
  justify?: boolean;
}

export interface SetText {
  /** pdfmake inlines, one per font run of each line; the last of a line ends it */
  inlines: Inline[];
  /** number of lines */
  lines: number;
}

/** Closing punctuation: never at a line start (行首禁则). */
const CLOSING = /[，。、；：？！）》」』】”’…%,.;:?!)\]}]/;

/** Opening punctuation: never at a line end. */
const OPENING = /[（《「『【“‘(\[{]/;

/** a justified line gets at most this much extra space per gap (× font size); more looks letter-spaced */
const MAX_STRETCH = 0.5;
/** and loses at most this much (a full line of 28 characters is a hair too wide on the grid) */
const MAX_SQUEEZE = 0.05;

interface Glyph {
  /** UTF-16 offset of the character */
  at: number;
  ch: string;
  /** index into the role's font chain */
  font: number;
  role: Role;
  /** advance in pt, spacing not included */
  adv: number;
  space: boolean;
}

/**
 * Break text into lines ourselves and hand pdfmake one inline per font run of each line
 * (noWrap, noNewLine inside a line, lineEnd at its end). pdfmake would otherwise make one
 * word object per Chinese character and look its style up a score of times, and pdfkit would
 * draw each character as its own text object: most of a report's rendering time.
 *
 * Breaks: Unicode line breaking (UAX #14, the `linebreak` package pdfmake itself uses), and
 * ，。、；：？！）》」 never start a line nor （《「 end one, even across spaces; never inside a
 * protected unit (protectRuns: phone numbers, e-mails, decimals, URLs except after "/"). A unit
 * wider than the line is cut by characters, its closing punctuation hanging past the end when
 * the measure is too narrow to move it back. Justification spreads a line's characters with
 * PDF character spacing so its last glyph ends at the right edge of the measure (at most half
 * a character per gap: a line with more room, before a long unprotected address say, stays
 * ragged rather than letter-spaced).
 */
export function setText(runs: { text: string; role: Role }[], opts: SetOptions, fonts: FontSet, missing: Uncovered[]): SetText {
  const base = opts.spacing ?? 0;
  const text = runs.map((r) => r.text).join('');
  const glyphs: Glyph[] = [];
  let at = 0;
  for (const r of runs) {
    const rf = fonts[r.role];
    for (const ch of r.text) {
      const cp = ch.codePointAt(0)!;
      let i = rf.familyIndexFor(cp);
      const space = /\s/.test(ch);
      if (i < 0) {
        // spaces and line breaks need no glyph of their own
        if (!space) missing.push({ char: ch, role: r.role });
        i = 0;
      }
      glyphs.push({ at, ch, font: i, role: r.role, adv: ch === '\n' ? 0 : rf.advance(i, cp) * opts.size, space });
      at += ch.length;
    }
  }
  if (glyphs.length === 0) return { inlines: [], lines: 0 };

  // break opportunities (UTF-16 offsets where a new line may start) and forced breaks
  const allowed = new Set<number>();
  const forced = new Set<number>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    if (bk.position >= text.length) continue;
    allowed.add(bk.position);
    if (bk.required) forced.add(bk.position);
  }
  let pos = 0;
  for (const p of protectRuns(text)) {
    if (p.keep) for (let k = pos + 1; k < pos + p.text.length; k++) if (!forced.has(k)) allowed.delete(k);
    // the parts of an address may go to separate lines (right after each "/" of its path)
    if (p.breakBefore) allowed.add(pos);
    pos += p.text.length;
  }
  // 行首、行尾禁则: closing punctuation never starts a line, opening punctuation never ends one,
  // whatever spaces stand between (the linebreak package breaks after a space before "。")
  for (const p of [...allowed]) {
    if (forced.has(p)) continue;
    if (CLOSING.test(String.fromCodePoint(text.codePointAt(p)!)) || OPENING.test(text[p - 1] ?? '')) allowed.delete(p);
  }

  // greedy filling, as a reader expects of Chinese text (no hyphenation, no paragraph optimisation)
  const lines: Glyph[][] = [];
  let line: Glyph[] = [];
  let width = 0; // of the line, trailing spaces included
  let inked = false; // the line holds more than spaces
  const measure = () => (lines.length === 0 ? opts.width - (opts.indent ?? 0) : opts.width);
  const cellOf = (g: Glyph) => g.adv + base;
  const EPS = 1e-6;
  let k = 0;
  while (k < glyphs.length) {
    // the next unbreakable segment: glyphs[k..e)
    let e = k + 1;
    while (e < glyphs.length && !allowed.has(glyphs[e].at)) e++;
    let segW = 0;
    let segInk = 0;
    for (let j = k; j < e; j++) {
      segW += cellOf(glyphs[j]);
      if (!glyphs[j].space) segInk = segW;
    }
    if (inked && width + segInk > measure() + EPS) {
      lines.push(line);
      line = [];
      width = 0;
      inked = false;
    }
    if (!inked && width + segInk > measure() + EPS) {
      // a unit wider than the line (after the spaces the line may hold): cut it where the line
      // is full, not before closing punctuation
      let w = width;
      let cut = k;
      while (cut < e && (cut === k || w + glyphs[cut].adv <= measure() + EPS)) w += cellOf(glyphs[cut++]);
      /** would the next line start (after its spaces) with closing punctuation? */
      const badStart = (c: number) => {
        while (c < e && glyphs[c].space) c++;
        return c < e && CLOSING.test(glyphs[c].ch);
      };
      while (cut - 1 > k && badStart(cut)) cut--;
      // no room to move back (a measure of a character or two): the closing punctuation hangs
      // past the line end instead of starting the next line
      while (badStart(cut)) {
        while (glyphs[cut].space) cut++;
        cut++;
      }
      lines.push([...line, ...glyphs.slice(k, cut)]);
      line = [];
      width = 0;
      k = cut;
      continue;
    }
    for (let j = k; j < e; j++) {
      line.push(glyphs[j]);
      width += cellOf(glyphs[j]);
      if (!glyphs[j].space) inked = true;
    }
    k = e;
    if (k < glyphs.length && forced.has(glyphs[k].at)) {
      lines.push(line);
      line = [];
      width = 0;
      inked = false;
    }
  }
  if (line.length) lines.push(line);

  const inlines: Inline[] = [];
  lines.forEach((ln, li) => {
    const drawn = ln.filter((g) => g.ch !== '\n' && g.ch !== '\r');
    let spacing = base;
    if (opts.justify && li < lines.length - 1 && Number.isFinite(opts.width)) {
      let last = drawn.length;
      while (last > 0 && drawn[last - 1].space) last--;
      if (last > 1) {
        const adv = drawn.slice(0, last).reduce((s, g) => s + g.adv, 0);
        const room = (li === 0 ? opts.width - (opts.indent ?? 0) : opts.width) - adv;
        const t = room / (last - 1);
        if (t - base <= MAX_STRETCH * opts.size && base - t <= MAX_SQUEEZE * opts.size) spacing = t;
      }
    }
    let start = 0;
    for (let j = 1; j <= drawn.length; j++) {
      if (j < drawn.length && drawn[j].font === drawn[start].font && drawn[j].role === drawn[start].role) continue;
      const g = drawn[start];
      const rf = fonts[g.role];
      const inl: Inline = {
        text: drawn.slice(start, j).map((x) => x.ch).join(''),
        font: rf.families[g.font],
        fontSize: opts.size,
        lineHeight: opts.pitch / (opts.size * rf.emFactor(g.font)),
        noWrap: true,
        setLine: true,
      };
      if (spacing) inl.characterSpacing = spacing;
      if (j < drawn.length) inl.noNewLine = true;
      else inl.lineEnd = true;
      inlines.push(inl);
      start = j;
    }
  });
  return { inlines, lines: lines.length };
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
