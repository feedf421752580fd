/** 工作线程：每个线程加载一次字体，然后逐份生成报告。 / Worker thread: fonts once, then report after report. */
import { parentPort } from 'node:worker_threads';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../render/prefetch').prefetchFonts();
import { fontsPrefetched } from '../render/prefetch';
import { runTask, Task } from './task';

parentPort?.on('message', (t: Task | null) => {
  if (t === null) {
    process.exit(0);
  }
  void fontsPrefetched()
    .then(() => runTask(t))
    .then((r) => parentPort!.postMessage(r));
});
