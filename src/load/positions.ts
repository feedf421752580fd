/**
 * 偏移量 → 行:列。列按 Unicode 码位计数（与编辑器一致，𠮷 计 1 列）。
 * Offsets (UTF-16 indices into the decoded text) to 1-based line:col, columns in code points.
 * Line starts are computed from the text itself: yaml's LineCounter stops filling in at some
 * syntax errors, and a position past its last known line would get a column beyond the line.
 */
import type { Position, Span } from '../diag/diagnostic';

export class TextPositions {
  private readonly starts: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // last line start <= o
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    let col = 1;
    for (let i = this.starts[lo]; i < o; i++) {
      const c = this.text.charCodeAt(i);
      // count a surrogate pair once
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < o) i++;
      col++;
    }
    return { line: lo + 1, col };
  }

  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** the text of a 1-based line, without its line break */
  lineText(line: number): string {
    const s = this.starts[line - 1];
    if (s === undefined) return '';
    const e = this.starts[line] ?? this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$/, '');
  }
}
