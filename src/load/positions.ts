/**
 * 偏移量 → 行:列。列按 Unicode 码位计数（与编辑器一致，𠮷 计 1 列）。
 * Offsets (UTF-16 indices into the decoded text) to 1-based line:col, columns in code points.
 */
import type { LineCounter } from 'yaml';
import type { Position, Span } from '../diag/diagnostic';

export class TextPositions {
  constructor(
    readonly file: string,
    readonly text: string,
    private readonly lc: LineCounter,
  ) {}

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const { line } = this.lc.linePos(o);
    const lineStart = this.lc.lineStarts[line - 1] ?? 0;
    let col = 1;
    for (let i = lineStart; i < o; i++) {
      const c = this.text.charCodeAt(i);
      // count a surrogate pair once
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < o) i++;
      col++;
    }
    return { line, col };
  }

  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** the text of a 1-based line, without its line break */
  lineText(line: number): string {
    const starts = this.lc.lineStarts;
    const s = starts[line - 1];
    if (s === undefined) return '';
    const e = starts[line] ?? this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$/, '');
  }
}
