#!/usr/bin/env node
'use strict';
// 命令行入口：真正的实现在 dist/cli.js（npm install 时由 prepare 编译）。
let cli;
try {
  // a build reads ~65 MB of fonts: start that on libuv's threads before loading the rest
  if (process.argv[2] === 'build' || process.argv[2] === 'check') require('../dist/render/prefetch.js').prefetchFonts();
  cli = require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/')) {
    process.stderr.write('错误：尚未编译。请先在项目目录运行 npm install（或 npm run build）。\n');
    process.exitCode = 1;
    return;
  }
  throw e;
}
cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
