/**
 * 一份报告的生成任务及其结果（可在线程间传递的纯数据）。
 * One report's build as plain, structured-clonable data, so it can run in a worker thread.
 */
import { Diagnostic, error } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import type * as Pipeline from '../pipeline';
import type { PipelineOptions } from '../pipeline';

/** the pipeline (pdfmake, fontkit, …) loads where a report is built: a batch's main thread never needs it */
let pipeline: typeof Pipeline | undefined;

/** Load the pipeline now (a run in this thread: while the fonts are still being read). */
export function loadPipeline(): typeof Pipeline {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (pipeline ??= require('../pipeline') as typeof Pipeline);
}

export interface Task {
  file: string;
  outDir: string;
  options: PipelineOptions;
}

export interface TaskResult {
  file: string;
  ok: boolean;
  /** written file, when ok */
  output?: { path: string; bytes: number; unchanged: boolean; pages: number; sha256: string };
  /** lines to print for the report besides the standard one (e.g. where it was archived) */
  notes: string[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  ms: number;
}

export async function runTask(t: Task): Promise<TaskResult> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  try {
    const { build } = loadPipeline();
    const r = await build(t.file, t.outDir, t.options);
    if (!r.ok) return { file: t.file, ok: false, notes: [], errors: r.errors, warnings: r.warnings, ms: ms() };
    const w = r.value.written;
    return {
      file: t.file,
      ok: true,
      output: { path: w.path, bytes: w.bytes, unchanged: w.unchanged, pages: r.value.pages, sha256: w.sha256 },
      notes: r.value.notes ?? [],
      errors: [],
      warnings: r.warnings,
      ms: ms(),
    };
  } catch (e) {
    return internalFailure(t.file, e, ms());
  }
}

/** A report that failed through a bug (an exception, a crashed worker): E-INTERNAL with the stack. */
export function internalFailure(file: string, e: unknown, ms = 0): TaskResult {
  const err = e as Error;
  const d = error('E-INTERNAL', msg.internalIn(err?.message ?? String(e), err?.stack ?? ''));
  d.file = file;
  return { file, ok: false, notes: [], errors: [d], warnings: [], ms };
}
