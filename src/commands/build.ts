/**
 * xxgk-report build [文件或文件夹…]：生成 PDF 到输出文件夹。
 * 批量：多个工作线程并行；未变化的报告跳过（--force 全部重新生成）；一份失败不影响其他；
 * 最后给出汇总（--summary-json 写成文件），有失败时退出码非 0。
 *
 * Batch build: worker threads, incremental (batch/state.ts), continues past failures, progress
 * on a terminal or one line per report in a log, a summary at the end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, exitCodeFor, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { amsg } from '../diag/messages-archive';
import type { PdfAProfile } from '../model/archive';
import { formatShort } from '../diag/print';
import { defaultWorkers, runAll } from '../batch/pool';
import { Progress } from '../batch/progress';
import { inputFingerprint, readState, runFingerprint, upToDate, writeState } from '../batch/state';
import { loadPipeline, TaskResult } from '../batch/task';
import { TEMPLATES_DIR } from '../formats';
import type { PipelineOptions } from '../pipeline';
import { DEFAULT_FONTS_DIR as FONTS_DIR, fontsPrefetched } from '../render/prefetch';
import { acquireLock, cleanLeftovers, ensureDir } from '../write';
import { findInputs, Options, print } from './common';

interface ReportSummary {
  file: string;
  status: 'built' | 'skipped' | 'failed';
  /** built, and byte for byte the PDF already there (left as it was) */
  identical?: boolean;
  output?: string;
  pages?: number;
  ms?: number;
  error?: string;
}

/** The year a data file reports on, read cheaply (file name YYYY.yaml, else its `year:` line). */
export function reportYear(file: string): number | undefined {
  const m = /^(\d{4})\.ya?ml$/i.exec(path.basename(file));
  if (m) return Number(m[1]);
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(8192);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const y = /^year:\s*(\d{4})\b/m.exec(buf.subarray(0, n).toString('utf8'));
    return y ? Number(y[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function runBuild(o: Options): Promise<number> {
  const inputs = o.inputs.length ? o.inputs : ['data'];
  const yearArg = o.extra.year ?? process.env.XXGK_YEAR;
  let year: number | undefined;
  if (yearArg !== undefined) {
    year = yearArg === 'last' ? new Date().getFullYear() - 1 : Number(yearArg);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      print([error('E-USAGE', msg.usage(msg.badYearOption(String(yearArg))))], o.diagnostics);
      return EXIT.usage;
    }
  }
  const workersArg = o.extra.workers ?? process.env.XXGK_WORKERS;
  const workers = workersArg ? Number(workersArg) : defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    print([error('E-USAGE', msg.usage(msg.badWorkersOption(String(workersArg))))], o.diagnostics);
    return EXIT.usage;
  }
  const force = o.extra.force === 'true' || process.env.XXGK_FORCE === '1';
  const previous = o.extra.previous ?? (process.env.XXGK_PREVIOUS || undefined);
  const archive = o.extra.archive ?? (process.env.XXGK_ARCHIVE || undefined);
  const pdfaArg = o.extra.pdfa ?? (process.env.XXGK_PDFA || '3b');
  const pdfa: PdfAProfile | undefined = pdfaArg === '3b' ? 'PDF/A-3b' : pdfaArg === '1b' ? 'PDF/A-1b' : undefined;
  if (!pdfa || (archive && pdfa !== 'PDF/A-3b')) {
    print([error('E-USAGE', msg.usage(pdfa ? amsg.archiveNeeds3b() : amsg.pdfaProfile(pdfaArg)))], o.diagnostics);
    return EXIT.usage;
  }

  const found = findInputs(inputs);
  if (previous && found.files.length > 1) {
    print([error('E-USAGE', msg.usage(msg.previousOneFile()))], o.diagnostics);
    return EXIT.usage;
  }
  const all: Diagnostic[] = [...found.errors];
  const files = year === undefined ? found.files : found.files.filter((f) => {
    const y = reportYear(f);
    return y === undefined || y === year;
  });
  if (!files.length) {
    if (year !== undefined && found.files.length) all.push(error('E-USAGE-NO-INPUT', msg.noReportsForYear(year)));
    print(all, o.diagnostics);
    return exitCodeFor(all) || EXIT.usage;
  }
  const dir = ensureDir(o.out);
  if (!dir.ok) {
    print(dir.errors, o.diagnostics);
    return exitCodeFor(dir.errors);
  }
  const lock = acquireLock(o.out);
  all.push(...lock.warnings);
  if (!lock.ok) {
    print([...all, ...lock.errors], o.diagnostics);
    return EXIT.lock;
  }
  // the archive folder is locked too (deposits inside it are serialised per entry: pipeline.ts)
  let archiveLock: { release(): void } | undefined;
  if (archive && path.resolve(archive) !== path.resolve(o.out)) {
    const adir = ensureDir(archive);
    const alock = adir.ok ? acquireLock(archive) : adir;
    if (!alock.ok) {
      lock.value.release();
      print([...all, ...alock.errors], o.diagnostics);
      return exitCodeFor(alock.errors);
    }
    all.push(...alock.warnings);
    archiveLock = alock.value;
  }
  const release = () => {
    lock.value.release();
    archiveLock?.release();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    release();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const summary: ReportSummary[] = [];
  const options: PipelineOptions = { asPublished: o.asPublished, previous, pdfa, archive };
  const quiet = o.diagnostics === 'json';
  try {
    cleanLeftovers(o.out);
    const state = readState(o.out);
    const run = runFingerprint({ templatesDir: TEMPLATES_DIR, fontsDir: FONTS_DIR, options });
    const todo: string[] = [];
    const prints = new Map<string, string>();
    for (const f of files) {
      const abs = path.resolve(f);
      const fp = inputFingerprint(abs, run);
      prints.set(abs, fp);
      if (!force && upToDate(o.out, state.entries[abs], fp)) {
        const e = state.entries[abs];
        summary.push({ file: f, status: 'skipped', output: path.join(o.out, e.output), pages: e.pages });
      } else todo.push(f);
    }
    const progress = new Progress(files.length, process.stderr, quiet);
    for (const s of summary) progress.step(msg.reportSkipped(s.output!, s.file));

    const outputs = new Map<string, string>();
    let sinceSave = 0;
    const onResult = (r: TaskResult) => {
      all.push(...r.warnings);
      const abs = path.resolve(r.file);
      if (r.ok && r.output) {
        const other = outputs.get(r.output.path);
        if (other && other !== r.file) {
          // two data files for the same agency and year: the later one would replace the earlier
          const d = error('E-OUTPUT-DUPLICATE', msg.duplicateOutput(r.output.path, other, r.file));
          d.file = r.file;
          r = { ...r, ok: false, errors: [d] };
        } else {
          outputs.set(r.output.path, r.file);
          state.entries[abs] = {
            fingerprint: prints.get(abs)!,
            output: path.basename(r.output.path),
            sha256: r.output.sha256,
            bytes: r.output.bytes,
            pages: r.output.pages,
          };
          summary.push({ file: r.file, status: 'built', ...(r.output.unchanged ? { identical: true } : {}), output: r.output.path, pages: r.output.pages, ms: Math.round(r.ms) });
          progress.step(r.output.unchanged ? msg.reportIdentical(r.output.path, r.output.pages, r.file) : msg.reportBuilt(r.output.path, r.output.pages, r.file));
          for (const n of r.notes) progress.note(n);
        }
      }
      if (!r.ok) {
        delete state.entries[abs];
        all.push(...r.errors);
        const first = r.errors[0];
        summary.push({ file: r.file, status: 'failed', ms: Math.round(r.ms), error: first ? formatShort(first) : undefined });
        progress.step(msg.reportFailed(r.file, first ? formatShort(first) : ''));
      }
      if (++sinceSave >= 25) {
        sinceSave = 0;
        writeState(o.out, state);
      }
    };
    // a run in this thread uses the fonts bin/ started reading at start-up
    if (Math.min(workers, todo.length) <= 1) {
      loadPipeline();
      await fontsPrefetched();
    }
    await runAll(todo, o.out, options, workers, onResult);
    writeState(o.out, state);
  } finally {
    release();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const count = (s: ReportSummary['status']) => summary.filter((x) => x.status === s).length;
  const totals = { total: files.length, built: count('built'), identical: summary.filter((x) => x.identical).length, skipped: count('skipped'), failed: count('failed') };
  print(all, o.diagnostics);
  if (!quiet) {
    process.stderr.write(msg.buildSummary(totals) + '\n');
    for (const s of summary.filter((x) => x.status === 'failed')) process.stderr.write(msg.summaryFailedLine(s.file, s.error ?? '') + '\n');
  }
  const summaryFile = o.extra['summary-json'] ?? process.env.XXGK_SUMMARY_JSON;
  if (summaryFile) {
    const body = JSON.stringify({ ...totals, year: year ?? null, reports: summary.sort((a, b) => (a.file < b.file ? -1 : 1)) }, null, 2) + '\n';
    const tmp = `${summaryFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, summaryFile);
    } catch (e) {
      const d = error('E-OUTPUT-FAILED', msg.outputFailed(summaryFile, (e as Error).message));
      print([d], o.diagnostics);
      return EXIT.output;
    }
  }
  if (totals.failed) return exitCodeFor(all) || EXIT.data;
  return exitCodeFor(all);
}
