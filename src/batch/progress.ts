/**
 * 进度：终端上显示一行进度条（原地刷新），日志（非终端）中每份报告一行。
 * Progress: a bar redrawn in place on a terminal, one plain line per report in a log.
 */
export class Progress {
  private done = 0;
  private readonly tty: boolean;
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = !!stream.isTTY && !quiet;
  }

  /** one report finished; `line` is what a log shows for it */
  step(line: string): void {
    this.done++;
    if (this.quiet) return;
    if (!this.tty) {
      process.stdout.write(`[${this.done}/${this.total}] ${line}\n`);
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 80 && this.done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total}`);
    if (this.done === this.total) this.stream.write('\n');
  }

  /** print a line above the bar (e.g. a failure) */
  note(line: string): void {
    if (this.quiet) return;
    if (this.tty) this.stream.write(`\r\x1b[K${line}\n`);
    else process.stdout.write(line + '\n');
  }
}
