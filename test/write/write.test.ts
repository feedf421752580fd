import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acquireLock, cleanLeftovers, realFs, writeAtomic, WriteFs } from '../../src/write';
import { ROOT, runCli, SEED_YAML, seedText, tmpdir } from '../helpers';

const PDF = Buffer.from('%PDF-1.3\n1 0 obj\n<< /Type /Page >>\nendobj\n%%EOF\n');
const fail = (code: string) => () => {
  throw Object.assign(new Error(code), { code });
};
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    out[f] = createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
  }
  return out;
}

describe('atomic write', () => {
  test('writes the file, leaves no temporary file, and an identical rewrite is a no-op', () => {
    const d = tmpdir();
    const r = writeAtomic(d, 'a-2017.pdf', PDF);
    expect(r.ok && r.value.unchanged).toBe(false);
    expect(fs.readdirSync(d)).toEqual(['a-2017.pdf']);
    const mtime = fs.statSync(path.join(d, 'a-2017.pdf')).mtimeMs;
    const again = writeAtomic(d, 'a-2017.pdf', PDF);
    expect(again.ok && again.value.unchanged).toBe(true);
    expect(fs.statSync(path.join(d, 'a-2017.pdf')).mtimeMs).toBe(mtime);
  });

  test.each([
    ['ENOSPC during write', { writeSync: fail('ENOSPC') }, '磁盘空间不足'],
    ['EIO during fsync', { fsyncSync: fail('EIO') }, '磁盘读写错误'],
    ['EACCES on open', { openSync: fail('EACCES') }, '没有写入权限'],
    ['failure to rename', { renameSync: fail('EXDEV') }, 'EXDEV'],
  ])('%s: the old file is untouched and no temporary file stays', (_n, inject, words) => {
    const d = tmpdir();
    fs.writeFileSync(path.join(d, 'a-2017.pdf'), 'old complete file');
    const before = snapshot(d);
    const r = writeAtomic(d, 'a-2017.pdf', Buffer.concat([PDF, Buffer.from('new')]), { ...realFs, ...inject } as WriteFs);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].code).toBe('E-OUTPUT-FAILED');
      expect(r.errors[0].message).toContain(words);
    }
    expect(snapshot(d)).toEqual(before);
  });

  test('names are never paths', () => {
    const d = tmpdir();
    for (const n of ['../x.pdf', 'a/b.pdf', '.hidden.pdf', '报告.pdf']) expect(writeAtomic(d, n, PDF).ok).toBe(false);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  test('leftovers of killed runs are removed; those of live runs are not', () => {
    const d = tmpdir();
    fs.writeFileSync(path.join(d, '.xxgk-a.pdf.999999.ab12.tmp'), 'partial');
    fs.writeFileSync(path.join(d, `.xxgk-b.pdf.${process.pid}.cd34.tmp`), 'in progress');
    expect(cleanLeftovers(d)).toEqual(['.xxgk-a.pdf.999999.ab12.tmp']);
    expect(fs.readdirSync(d)).toEqual([`.xxgk-b.pdf.${process.pid}.cd34.tmp`]);
  });
});

describe('one run per output folder', () => {
  test('a second run is refused with the other process named; a stale lock is reported and replaced', () => {
    const d = tmpdir();
    const a = acquireLock(d);
    expect(a.ok).toBe(true);
    const b = acquireLock(d);
    expect(!b.ok && b.errors[0].code).toBe('E-LOCKED');
    expect(!b.ok && b.errors[0].message).toContain(`进程 ${process.pid}`);
    if (a.ok) a.value.release();
    fs.writeFileSync(path.join(d, '.xxgk-lock'), JSON.stringify({ pid: 999999, host: require('node:os').hostname(), started: 'x' }));
    const c = acquireLock(d);
    expect(c.ok).toBe(true);
    expect(c.warnings[0].code).toBe('W-LOCK-STALE');
    if (c.ok) c.value.release();
  });

  test('the CLI exits 6 while another process holds the folder', () => {
    const d = tmpdir();
    const holder = spawnSync(process.execPath, ['-e', `
      const { acquireLock } = require(${JSON.stringify(path.join(ROOT, 'dist', 'write'))});
      const l = acquireLock(${JSON.stringify(d)}); if (!l.ok) process.exit(9);
      process.stdout.write('held');
      setTimeout(() => {}, 100000);`], { timeout: 1500, encoding: 'utf8' });
    // the holder was killed by the timeout: its lock is stale now, so hold one with our own pid
    expect(holder.stdout).toBe('held');
    fs.writeFileSync(path.join(d, '.xxgk-lock'), JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), started: 'now' }));
    const r = runCli(['build', SEED_YAML, '--out', d]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('E-LOCKED');
    expect(r.stderr).toContain(`进程 ${process.pid}`);
  });
});

describe('failure leaves the output folder as it was', () => {
  test('invalid data: out/ byte for byte unchanged', () => {
    const d = tmpdir();
    const out = path.join(d, 'out');
    expect(runCli(['build', SEED_YAML, '--out', out]).code).toBe(0);
    const before = snapshot(out);
    const bad = path.join(d, 'bad.yaml');
    fs.writeFileSync(bad, seedText().replace(/^    s1_2: 98/m, '    s1_2: 99'));
    expect(runCli(['build', bad, '--out', out]).code).toBe(3);
    expect(snapshot(out)).toEqual(before);
  });

  test('kill -9 at any moment leaves no file or the previous complete file; the next run cleans up', async () => {
    const d = tmpdir();
    const out = path.join(d, 'out');
    // two versions of the same report (same output name), alternated so every build rewrites
    const a = path.join(d, 'a', 'r.yaml');
    const b = path.join(d, 'b', 'r.yaml');
    fs.mkdirSync(path.dirname(a));
    fs.mkdirSync(path.dirname(b));
    fs.writeFileSync(a, seedText());
    fs.writeFileSync(b, seedText().replace(/^    s9_3: 350/m, '    s9_3: 351'));
    const target = path.join(out, 'heze-dingtao-zxqyj-2017.pdf');
    const loop = `
      const { build } = require(${JSON.stringify(path.join(ROOT, 'dist', 'pipeline'))});
      const { ensureDir } = require(${JSON.stringify(path.join(ROOT, 'dist', 'write'))});
      ensureDir(${JSON.stringify(out)});
      (async () => { for (let i = 0; ; i++) await build(i % 2 ? ${JSON.stringify(b)} : ${JSON.stringify(a)}, ${JSON.stringify(out)}); })();`;
    for (const delay of [150, 700, 1100, 1500, 1900, 2300, 2700, 3300]) {
      const child = spawn(process.execPath, ['-e', loop], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      if (fs.existsSync(target)) {
        const bytes = fs.readFileSync(target);
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        expect(bytes.subarray(-16).toString()).toContain('%%EOF');
        expect(spawnSync('qpdf', ['--check', target]).status).toBe(0);
      }
    }
    // the next run removes whatever temporary files the killed runs left
    expect(runCli(['build', a, '--out', out]).code).toBe(0);
    expect(fs.readdirSync(out).filter((n) => n !== '.xxgk-state.json')).toEqual(['heze-dingtao-zxqyj-2017.pdf']);
  }, 60000);
});
