/**
 * 批量生成：多个工作线程并行（默认每个 CPU 核一个），每个线程只加载一次字体；
 * 一份报告失败不影响其他报告。只有一份报告时在本线程中生成（省去启动线程的时间）。
 *
 * A pool of worker threads (one per core by default) pulling reports from a queue; results come
 * back as plain data in completion order. A single report runs in this thread.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PipelineOptions } from '../pipeline';
import { dropPrefetched } from '../render/prefetch';
import { internalFailure, runTask, TaskResult } from './task';

/** young generation of a worker's heap, MB (see runAll) */
const WORKER_YOUNG_MB = 24;

export function defaultWorkers(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

export async function runAll(
  files: string[],
  outDir: string,
  options: PipelineOptions,
  workers: number,
  onResult: (r: TaskResult) => void,
): Promise<void> {
  const n = Math.max(1, Math.min(workers, files.length));
  // the workers read their own fonts: the bytes this thread prefetched would only take memory
  if (n > 1) dropPrefetched();
  if (n === 1) {
    for (const file of files) {
      onResult(await runTask({ file, outDir, options }));
      // let the event loop turn between reports: a report never waits on I/O, so without this a
      // long run in one thread would hold back Ctrl-C, the progress bar's timer and V8's own
      // clean-up tasks (its memory grew to ~480 MB over 200 reports, ~220 MB with the turn)
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const queue = [...files];
  const script = path.join(__dirname, 'worker.js');
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((resolve) => {
      // a smaller young generation than V8's default (16 MB semi-spaces): measured on the 200-report
      // bench, the batch process peaks ~50 MB lower per worker at the same speed
      const w = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      let current: string | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) {
          w.postMessage(null);
          return;
        }
        w.postMessage({ file: current, outDir, options });
      };
      w.on('message', (r: TaskResult) => {
        onResult(r);
        next();
      });
      w.on('error', (e) => {
        // a crashed worker fails its report; the others go on
        if (current !== undefined) {
          onResult(internalFailure(current, e));
          current = undefined;
        }
        resolve();
      });
      w.on('exit', () => resolve());
      next();
    })),
  );
  // workers that crashed leave their share of the queue: finish it here
  for (const file of queue.splice(0)) onResult(await runTask({ file, outDir, options }));
}
