#!/usr/bin/env node
'use strict';
/**
 * npm run bench — prints figures, asserts nothing. Whole-process figures on this machine:
 *   cold single report: a new `node` process runs the CLI to a written PDF (median of 5, wall)
 *   warm per report: one process builds the same report repeatedly (median of --runs, after
 *     --warmup builds: V8 needs a few dozen reports to compile the hot code)
 *   batch throughput: 200 generated reports of the seed's size, one CLI run, all cores (wall)
 *   peak memory: max RSS of the one-thread process above; of the whole batch process; of the
 *     batch's main thread alone (the re-run, where every report is skipped); per worker =
 *     (batch − main thread) / workers
 *   PDF size: of the bundled report, and the average over the batch
 * Usage: npm run bench [-- --report <file.yaml>] [--batch N] [--runs N] [--warmup N]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const report = path.resolve(arg('report', path.join(root, 'data', 'heze-dingtao-zxqyj', '2017.yaml')));
const batchN = Number(arg('batch', 200));
const runs = Number(arg('runs', 20));
const warmup = Number(arg('warmup', 20));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cli = path.join(root, 'bin', 'xxgk-report.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xxgk-bench-'));

if (process.env.XXGK_BENCH_CHILD === 'warm') {
  const { build } = require(path.join(root, 'dist', 'pipeline.js'));
  (async () => {
    const out = tmp();
    const times = [];
    let bytes = 0;
    let pages = 0;
    for (let i = 0; i < runs + warmup; i++) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out);
      const t = process.hrtime.bigint();
      const r = await build(report, out);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      bytes = r.value.written.bytes;
      pages = r.value.pages;
      if (i >= warmup) times.push(ms);
      // (as the CLI does between reports: V8's clean-up tasks run when the event loop turns)
      await new Promise((resolve) => setImmediate(resolve));
    }
    fs.rmSync(out, { recursive: true, force: true });
    process.stdout.write(JSON.stringify({ times, bytes, pages, maxRSS: process.resourceUsage().maxRSS }));
  })();
  return;
}
if (process.env.XXGK_BENCH_CHILD === 'cli') {
  // the CLI in this process, reporting its peak memory (worker threads included)
  require(path.join(root, 'dist', 'cli.js')).main(JSON.parse(process.env.XXGK_BENCH_ARGS)).then((code) => {
    process.stderr.write(`\nXXGK_MAXRSS=${process.resourceUsage().maxRSS}\n`);
    process.exitCode = code;
  });
  return;
}

function timeCli(args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [__filename], {
    encoding: 'utf8',
    env: { ...process.env, ...env, XXGK_BENCH_CHILD: 'cli', XXGK_BENCH_ARGS: JSON.stringify(args) },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const m = /XXGK_MAXRSS=(\d+)/.exec(r.stderr);
  return { ms, maxRSS: m ? Number(m[1]) : 0 };
}

// 0. how fast this machine is right now (shared virtual machines vary by ±20 % from hour to
// hour): a fixed loop, so figures from different runs can be compared
function calibrate() {
  const t = process.hrtime.bigint();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  if (x < 0) process.stdout.write('');
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const calibration = median([calibrate(), calibrate(), calibrate()]);

// 1. cold single report (the real CLI entry, as a user runs it)
const cold = [];
for (let i = 0; i < 5; i++) {
  const out = tmp();
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'build', report, '--out', out], { encoding: 'utf8' });
  cold.push(Number(process.hrtime.bigint() - t) / 1e6);
  fs.rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
}

// 2. warm per report, one worker's memory
const w = spawnSync(process.execPath, [__filename, ...process.argv.slice(2)], { encoding: 'utf8', env: { ...process.env, XXGK_BENCH_CHILD: 'warm' } });
if (w.status !== 0) {
  process.stderr.write(w.stderr);
  process.exit(1);
}
const warm = JSON.parse(w.stdout);

// 3. batch: N reports of the seed's size for different agencies, one run on all cores
const bdir = tmp();
const seed = fs.readFileSync(report, 'utf8');
const code = /^\s*code:\s*(\S+)/m.exec(seed)[1];
for (let i = 0; i < batchN; i++) {
  const d = path.join(bdir, 'data', `a${i}`);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, path.basename(report)), seed.replace(`code: ${code}`, `code: bench-${i}`).replace(/(name: \S+?)局/, `$1第${i}局`));
}
const bout = path.join(bdir, 'out');
const batch = timeCli(['build', path.join(bdir, 'data'), '--out', bout, '--diagnostics', 'json']);
const sizes = fs.readdirSync(bout).filter((f) => f.endsWith('.pdf')).map((f) => fs.statSync(path.join(bout, f)).size);
const rerun = timeCli(['build', path.join(bdir, 'data'), '--out', bout, '--diagnostics', 'json']);
fs.rmSync(bdir, { recursive: true, force: true });

const cpu = os.cpus();
const mib = (kb) => (kb / 1024).toFixed(0);
console.log(`机器 machine: ${cpu.length} × ${cpu[0] ? cpu[0].model : '?'}, Node ${process.version}; 校准 calibration loop ${calibration.toFixed(0)} ms (lower = faster machine right now)`);
console.log(`报告 report: ${path.relative(root, report)} (${warm.pages} 页, ${(warm.bytes / 1024).toFixed(1)} KiB)`);
console.log(`冷启动 cold single report (new process → PDF written), median of ${cold.length}: ${median(cold).toFixed(0)} ms  [${cold.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`单份报告 warm per report (one process, after ${warmup} warm-up builds), median of ${warm.times.length}: ${median(warm.times).toFixed(0)} ms  (min ${Math.min(...warm.times).toFixed(0)}, max ${Math.max(...warm.times).toFixed(0)})`);
console.log(`批量 batch: ${batchN} reports in ${(batch.ms / 1000).toFixed(1)} s = ${((batchN * 1000) / batch.ms).toFixed(1)} reports/s on ${cpu.length} cores (whole process, incl. start-up)`);
console.log(`重跑 re-run of the batch (all skipped): ${(rerun.ms / 1000).toFixed(2)} s`);
const workers = Math.min(cpu.length, batchN);
console.log(`峰值内存 peak RSS: one thread building ${runs + warmup} reports ${mib(warm.maxRSS)} MiB; batch process ${mib(batch.maxRSS)} MiB = main thread ${mib(rerun.maxRSS)} MiB + ${workers} workers × ${mib((batch.maxRSS - rerun.maxRSS) / workers)} MiB`);
console.log(`PDF 大小 size: average ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(1)} KiB over ${sizes.length} reports`);
