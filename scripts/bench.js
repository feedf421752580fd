#!/usr/bin/env node
'use strict';
/**
 * npm run bench — prints figures, asserts nothing.
 *   cold: a new `node` process runs the CLI to a written PDF (median of 5 runs, wall time)
 *   warm: one process builds the same report N times (median per report, after 2 warm-ups)
 *   peak memory: max RSS of the warm process
 * Usage: npm run bench [-- <report.yaml> [runs]]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const report = path.resolve(process.argv[2] || path.join(root, 'data', 'heze-dingtao-zxqyj', '2017.yaml'));
const runs = Number(process.argv[3] || 10);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

if (process.env.XXGK_BENCH_CHILD) {
  // warm loop inside one process
  const { build } = require(path.join(root, 'dist', 'pipeline.js'));
  (async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'xxgk-bench-'));
    const times = [];
    let bytes = 0;
    let pages = 0;
    for (let i = 0; i < runs + 2; i++) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out);
      const t = process.hrtime.bigint();
      const r = await build(report, out);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      bytes = r.value.written.bytes;
      pages = r.value.pages;
      if (i >= 2) times.push(ms);
    }
    fs.rmSync(out, { recursive: true, force: true });
    process.stdout.write(JSON.stringify({ times, bytes, pages, maxRSS: process.resourceUsage().maxRSS }));
  })();
  return;
}

const cold = [];
for (let i = 0; i < 5; i++) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'xxgk-bench-'));
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'xxgk-report.js'), 'build', report, '--out', out], { encoding: 'utf8' });
  cold.push(Number(process.hrtime.bigint() - t) / 1e6);
  fs.rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
}
const w = spawnSync(process.execPath, [__filename, report, String(runs)], { encoding: 'utf8', env: { ...process.env, XXGK_BENCH_CHILD: '1' } });
if (w.status !== 0) {
  process.stderr.write(w.stderr);
  process.exit(1);
}
const warm = JSON.parse(w.stdout);
const cpu = os.cpus();
console.log(`机器 machine: ${cpu.length} × ${cpu[0] ? cpu[0].model : '?'}, Node ${process.version}`);
console.log(`报告 report: ${path.relative(root, report)} (${warm.pages} 页, ${(warm.bytes / 1024).toFixed(1)} KiB)`);
console.log(`冷启动 cold (new process → PDF written), median of ${cold.length}: ${median(cold).toFixed(0)} ms  [${cold.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`单份报告 warm per report, median of ${warm.times.length}: ${median(warm.times).toFixed(0)} ms  (min ${Math.min(...warm.times).toFixed(0)}, max ${Math.max(...warm.times).toFixed(0)})`);
console.log(`吞吐 throughput (one process): ${(1000 / median(warm.times)).toFixed(1)} reports/s`);
console.log(`峰值内存 peak RSS (warm process): ${(warm.maxRSS / 1024).toFixed(0)} MiB`);
