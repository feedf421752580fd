/**
 * render/defer.ts: brotli and AES do not load with fontkit and pdfkit, yet work when called
 * (WOFF2 fonts, encryption). Jest has its own module registry, so this runs the built code in
 * a plain Node process.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../helpers';

test('brotli and AES stay unloaded when fontkit and pdfkit load, and work on first use', () => {
  const script = `
    const path = require('node:path');
    const zlib = require('node:zlib');
    require(${JSON.stringify(path.join(ROOT, 'dist', 'render', 'fonts.js'))});
    require('fontkit'); require('pdfkit');
    const brotliFile = require.resolve('brotli/decompress.js', { paths: [path.dirname(require.resolve('fontkit'))] });
    const aesFile = require.resolve('@noble/ciphers/aes', { paths: [path.dirname(require.resolve('pdfkit'))] });
    const before = Object.keys(require.cache).filter((f) => /node_modules\\/brotli\\/dec\\//.test(f) || /@noble\\/ciphers\\/_/.test(f)).length;
    const decompress = require(brotliFile);
    const text = Buffer.from('政府信息公开工作年度报告'.repeat(20));
    const out = Buffer.from(decompress(zlib.brotliCompressSync(text)));
    const aes = require(aesFile);
    const key = new Uint8Array(16).fill(7), iv = new Uint8Array(16).fill(1);
    const enc = aes.cbc(key, iv).encrypt(new Uint8Array(text));
    const dec = Buffer.from(aes.cbc(key, iv).decrypt(enc));
    process.stdout.write(JSON.stringify({ before, same: out.equals(text), aes: dec.equals(text) }));
  `;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(r).toEqual({ before: 0, same: true, aes: true });
});
