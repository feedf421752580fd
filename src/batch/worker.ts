/** 工作线程：每个线程加载一次字体，然后逐份生成报告。 / Worker thread: fonts once, then report after report. */
import { parentPort } from 'node:worker_threads';
import { runTask, Task } from './task';

parentPort?.on('message', (t: Task | null) => {
  if (t === null) {
    process.exit(0);
  }
  void runTask(t).then((r) => parentPort!.postMessage(r));
});
