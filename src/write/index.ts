/**
 * 阶段 6 · 写入（write）
 * 输入：PDF 字节与目标文件夹；输出：out/ 中完整的 PDF。
 * 先写入同一文件夹中的临时文件（'wx'），fsync，检查，再 rename 到最终文件名，最后 fsync 文件夹；
 * 任何失败都删除临时文件，旧文件保持原样；内容完全相同时不重写。同一输出文件夹用锁文件防止并发。
 *
 * Only complete files ever appear at the final path: temp file in the same folder, fsync,
 * verify, rename. Identical content is not rewritten. A lock keeps two runs apart.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic, error, fail, ok, Result, warning } from '../diag/diagnostic';
import { msg } from '../diag/messages';

export interface Written {
  path: string;
  bytes: number;
  /** SHA-256 of the file's bytes */
  sha256: string;
  /** the same bytes were already there: nothing was written */
  unchanged: boolean;
}

/** Hooks for fault-injection tests (ENOSPC, EIO); production uses node:fs. */
export interface WriteFs {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, buf: Buffer, off: number, len: number) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
}

export const realFs: WriteFs = {
  openSync: fs.openSync,
  writeSync: (fd, buf, off, len) => fs.writeSync(fd, buf, off, len),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const TMP_RE = /^\.xxgk-(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

export function outputError(p: string, e: unknown): Diagnostic {
  const err = e as NodeJS.ErrnoException;
  const detail =
    err.code === 'ENOSPC' ? '磁盘空间不足'
    : err.code === 'EACCES' || err.code === 'EPERM' ? '没有写入权限'
    : err.code === 'EROFS' ? '文件系统只读'
    : err.code === 'EIO' ? '磁盘读写错误'
    : err.message ?? String(e);
  const d = error('E-OUTPUT-FAILED', msg.outputFailed(p, detail));
  d.file = p;
  return d;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function ensureDir(dir: string): Result<void> {
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) return fail([error('E-OUTPUT-NOT-DIR', msg.outputNotDir(dir))]);
    return ok(undefined);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return fail([error('E-OUTPUT-NOT-DIR', msg.outputNotDir(dir))]);
    }
    return fail([outputError(dir, e)]);
  }
}

/** Remove temp files left by killed runs (their process is gone). */
export function cleanLeftovers(dir: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = TMP_RE.exec(n);
    if (m && !alive(Number(m[2]))) {
      try {
        fs.unlinkSync(path.join(dir, n));
        removed.push(n);
      } catch {
        /* another cleaner got it */
      }
    }
  }
  return removed;
}

export function writeAtomic(dir: string, name: string, bytes: Buffer, wfs: WriteFs = realFs): Result<Written> {
  if (name !== path.basename(name) || name.startsWith('.') || !/^[A-Za-z0-9._-]+$/.test(name)) {
    return fail([error('E-OUTPUT-NAME', msg.outputFailed(name, '文件名不安全'))]);
  }
  const target = path.join(dir, name);
  try {
    const old = fs.readFileSync(target);
    if (old.equals(bytes)) return ok({ path: target, bytes: bytes.length, sha256: sha256(bytes), unchanged: true });
  } catch {
    /* no previous file */
  }
  let tmp: string | undefined;
  try {
    tmp = writeTemp(dir, name, bytes, wfs);
    wfs.renameSync(tmp, target);
    tmp = undefined;
    fsyncDir(dir);
    return ok({ path: target, bytes: bytes.length, sha256: sha256(bytes), unchanged: false });
  } catch (e) {
    return fail([outputError(target, e)]);
  } finally {
    if (tmp) removeQuietly(tmp);
  }
}

/** A temp file name in `dir` that cleanLeftovers recognises once its process is gone. */
export function tempName(dir: string, name: string): string {
  return path.join(dir, `.xxgk-${name}.${process.pid}.${Math.floor(Math.random() * 0xffffffff).toString(16)}.tmp`);
}

/**
 * Write `bytes` to a new temp file in `dir` ('wx'), fsync it and read it back; returns its path
 * for the caller to rename or link into place. On any failure the temp file is removed and the
 * error thrown.
 */
export function writeTemp(dir: string, name: string, bytes: Buffer, wfs: WriteFs = realFs): string {
  const tmp = tempName(dir, name);
  let fd: number | undefined;
  try {
    fd = wfs.openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += wfs.writeSync(fd, bytes, off, bytes.length - off);
    wfs.fsyncSync(fd);
    wfs.closeSync(fd);
    fd = undefined;
    // verify what reached the disk before it takes the final name
    if (!fs.readFileSync(tmp).equals(bytes)) throw Object.assign(new Error('写入后读回的内容不一致'), { code: 'EIO' });
    return tmp;
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    removeQuietly(tmp);
    throw e;
  }
}

/** Make a rename or link inside `dir` durable. */
export function fsyncDir(dir: string): void {
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* some file systems cannot fsync a folder */
  }
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    /* renamed, linked away or never created */
  }
}

export interface Lock {
  release(): void;
}

/** One run per output folder. A lock whose process is gone (same host) is reported and replaced. */
export function acquireLock(dir: string): Result<Lock> {
  const lockPath = path.join(dir, '.xxgk-lock');
  const warnings: Diagnostic[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          fs.unlinkSync(lockPath);
        } catch {
          /* gone */
        }
      };
      return ok({ release }, warnings);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return fail([outputError(lockPath, e)]);
      let info: { pid?: number; host?: string; started?: string } = {};
      try {
        info = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      } catch {
        /* unreadable: treat as held */
      }
      const who = `进程 ${info.pid ?? '?'}，主机 ${info.host ?? '?'}，开始于 ${info.started ?? '?'}`;
      if (attempt === 0 && info.pid && info.host === os.hostname() && !alive(info.pid)) {
        const w = warning('W-LOCK-STALE', msg.staleLock(who));
        w.file = lockPath;
        warnings.push(w);
        try {
          fs.unlinkSync(lockPath);
        } catch {
          /* raced */
        }
        continue;
      }
      const d = error('E-LOCKED', msg.locked(dir, who), undefined, [{ message: msg.lockedHint(lockPath) }]);
      d.file = lockPath;
      return fail([d], warnings);
    }
  }
  return fail([error('E-LOCKED', msg.locked(dir, '未知'))], warnings);
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

/**
 * Run `fn` holding an exclusive lock file (created with 'wx'), also between the worker threads
 * of one process and between processes: used around an archive entry's read-modify-write.
 * A lock left by a process that is gone is taken over; otherwise wait up to `timeoutMs`.
 */
export function withFileLock<T>(lockPath: string, fn: () => Result<T>, timeoutMs = 120_000): Result<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname() }));
      fs.closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return fail([outputError(lockPath, e)]);
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      } catch {
        /* being written: wait */
      }
      if (holder.pid && holder.host === os.hostname() && !alive(holder.pid)) {
        try {
          fs.unlinkSync(lockPath);
        } catch {
          /* someone else took it over */
        }
        continue;
      }
      if (Date.now() > until) {
        const d = error('E-LOCKED', msg.locked(path.dirname(lockPath), `进程 ${holder.pid ?? '?'}`), undefined, [{ message: msg.lockedHint(lockPath) }]);
        d.file = lockPath;
        return fail([d]);
      }
      sleep(25);
      continue;
    }
    try {
      return fn();
    } finally {
      try {
        fs.unlinkSync(lockPath);
      } catch {
        /* already gone */
      }
    }
  }
}
