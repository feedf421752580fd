/**
 * 归档（--archive）：把 PDF 放到 <归档文件夹>/<年度>/<机关代码>-<年度>.pdf，并在旁边写归档清单（JSON）。
 * 已归档的文件永不覆盖：内容不同时另起版本名（-v2、-v3 …），新旧版本都记在清单中；内容相同则什么也不做。
 * 先写 PDF（临时文件 → fsync → 读回检查 → link 到最终文件名，已存在则失败而不是覆盖），最后写清单，
 * 所以不在清单中的文件一定是不完整的一次运行留下的。
 *
 * Deposit: no-overwrite publishing. The PDF reaches its final name with link(2), which fails with
 * EEXIST instead of replacing (pitfalls.md §7); the manifest (a derived index, replaced atomically
 * with temp + rename) is written last. Every archived file listed in the manifest is re-hashed
 * first: a file changed after deposit stops the run before anything is written.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, fail, ok, Result, warning } from '../diag/diagnostic';
import { amsg } from '../diag/messages-archive';
import type { ArchiveMetadata, PdfAProfile } from '../model/archive';
import { cleanLeftovers, ensureDir, fsyncDir, outputError, removeQuietly, withFileLock, writeAtomic, writeTemp } from './index';

export const MANIFEST_KIND = 'xxgk-report archive manifest';

/** What the manifest records about one archived PDF. */
export interface ManifestEntry {
  version: number;
  file: string;
  size: number;
  pages: number;
  sha256: string;
  /** format id of the file: PDF/A-3b */
  format: PdfAProfile;
  formatStandard: string;
  mediaType: 'application/pdf';
  reportFormat: string;
  title: string;
  creator: string;
  /** xmp:CreateDate / Info CreationDate, or null when the data has no date */
  creationDate: string | null;
  sourceData: { file: string; mediaType: 'application/yaml'; size: number; sha256: string; relationship: 'Source' };
  tool: { name: string; version: string; creatorTool: string; producer: string };
  fonts: { file: string; sha256: string }[];
}

export interface Manifest {
  manifest: typeof MANIFEST_KIND;
  manifestVersion: 1;
  agencyCode: string;
  year: number;
  /** oldest first; never shrinks */
  versions: ManifestEntry[];
}

export interface DepositItem {
  bytes: Buffer;
  pages: number;
  profile: PdfAProfile;
  metadata: ArchiveMetadata;
  /** font file → sha256 (render inputs) */
  fonts: Record<string, string>;
  tool: { name: string; version: string };
}

export interface Deposited {
  path: string;
  manifest: string;
  version: number;
  /** an identical file was already archived: nothing was written */
  unchanged: boolean;
}

export const STANDARDS: Record<PdfAProfile, string> = {
  'PDF/A-3b': 'ISO 19005-3:2012 (GB/T 23286.3-2021), conformance level B',
  'PDF/A-1b': 'ISO 19005-1:2005 (GB/T 23286.1-2009), conformance level B',
};

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export function manifestName(code: string, year: number): string {
  return `${code}-${year}.manifest.json`;
}

function versionName(code: string, year: number, v: number): string {
  return v === 1 ? `${code}-${year}.pdf` : `${code}-${year}-v${v}.pdf`;
}

export function entryFor(item: DepositItem, file: string, version: number): ManifestEntry {
  const m = item.metadata;
  return {
    version,
    file,
    size: item.bytes.length,
    pages: item.pages,
    sha256: sha256(item.bytes),
    format: item.profile,
    formatStandard: STANDARDS[item.profile],
    mediaType: 'application/pdf',
    reportFormat: m.reportFormat,
    title: m.title,
    creator: m.creator,
    creationDate: m.createDate ? m.createDate.toISOString() : null,
    sourceData: { file: m.source.name, mediaType: 'application/yaml', size: m.source.size, sha256: m.source.sha256, relationship: 'Source' },
    tool: { name: item.tool.name, version: item.tool.version, creatorTool: m.creatorTool, producer: m.producer },
    fonts: Object.keys(item.fonts)
      .sort()
      .map((file) => ({ file, sha256: item.fonts[file] })),
  };
}

export function readManifest(file: string): Result<Manifest | undefined> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return fail([manifestError(file, (e as Error).message)]);
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (m?.manifest !== MANIFEST_KIND || !Array.isArray(m.versions)) throw new Error('不是本工具的归档清单');
    for (const v of m.versions) {
      if (typeof v?.file !== 'string' || !/^[0-9a-f]{64}$/.test(v?.sha256) || !Number.isInteger(v?.version)) {
        throw new Error('版本记录不完整');
      }
    }
    return ok(m);
  } catch (e) {
    return fail([manifestError(file, (e as Error).message)]);
  }
}

function manifestError(file: string, detail: string): Diagnostic {
  const d = error('E-OUTPUT-MANIFEST', amsg.archiveManifestInvalid(file, detail), undefined, [{ message: amsg.archiveManifestInvalidHint() }]);
  d.file = file;
  return d;
}

export function deposit(archiveDir: string, item: DepositItem): Result<Deposited> {
  const { agencyCode: code, year } = item.metadata;
  const dir = path.join(archiveDir, String(year));
  const made = ensureDir(dir);
  if (!made.ok) return made;
  // one entry is read, compared and extended at a time, also across worker threads and processes
  return withFileLock(path.join(dir, `.xxgk-deposit-${code}-${year}.lock`), () => depositLocked(dir, item));
}

function depositLocked(dir: string, item: DepositItem): Result<Deposited> {
  const { agencyCode: code, year } = item.metadata;
  const warnings: Diagnostic[] = [];
  cleanLeftovers(dir);
  const manifestPath = path.join(dir, manifestName(code, year));
  const read = readManifest(manifestPath);
  if (!read.ok) return read;
  const manifest: Manifest = read.value ?? { manifest: MANIFEST_KIND, manifestVersion: 1, agencyCode: code, year, versions: [] };

  // the versions on disk, and their content
  const re = new RegExp(`^${code.replace(/[-]/g, '\\-')}-${year}(?:-v(\\d+))?\\.pdf$`);
  const onDisk = new Map<number, { file: string; sha256: string }>();
  for (const n of fs.readdirSync(dir).sort()) {
    const m = re.exec(n);
    if (!m) continue;
    const v = m[1] ? Number(m[1]) : 1;
    if (!Number.isSafeInteger(v) || v < 1 || (m[1] !== undefined && (v < 2 || String(v) !== m[1]))) continue;
    try {
      onDisk.set(v, { file: n, sha256: sha256(fs.readFileSync(path.join(dir, n))) });
    } catch (e) {
      return fail([outputError(path.join(dir, n), e)], warnings);
    }
  }
  // every listed file must still be what was archived
  for (const e of manifest.versions) {
    const d = [...onDisk.values()].find((x) => x.file === e.file);
    if (d && d.sha256 !== e.sha256) {
      const err = error('E-OUTPUT-ARCHIVE-CHANGED', amsg.archiveTampered(path.join(dir, e.file)), undefined, [{ message: amsg.archiveTamperedHint() }]);
      err.file = path.join(dir, e.file);
      return fail([err], warnings);
    }
  }

  const sha = sha256(item.bytes);
  const same = [...onDisk.entries()].find(([, d]) => d.sha256 === sha);
  if (same) {
    const [v, d] = same;
    const target = path.join(dir, d.file);
    if (manifest.versions.some((e) => e.file === d.file)) {
      return ok({ path: target, manifest: manifestPath, version: v, unchanged: true }, warnings);
    }
    // the PDF made it, the manifest did not (an interrupted run): complete the record
    manifest.versions.push(entryFor(item, d.file, v));
    const w = writeManifest(dir, manifestPath, manifest);
    if (!w.ok) return fail(w.errors, warnings);
    return ok({ path: target, manifest: manifestPath, version: v, unchanged: false }, warnings);
  }

  for (const [, d] of onDisk) {
    if (!manifest.versions.some((e) => e.file === d.file)) {
      const w = warning('W-ARCHIVE-UNLISTED', amsg.archiveUnlisted(d.file));
      w.file = path.join(dir, d.file);
      warnings.push(w);
    }
  }
  let v = Math.max(0, ...onDisk.keys(), ...manifest.versions.map((e) => e.version)) + 1;
  for (;; v++) {
    const name = versionName(code, year, v);
    const p = publishNoOverwrite(dir, name, item.bytes);
    if (!p.ok) return fail(p.errors, warnings);
    if (p.value === 'exists') continue; // taken meanwhile (not by us: we hold the lock): next name
    manifest.versions.push(entryFor(item, name, v));
    const w = writeManifest(dir, manifestPath, manifest);
    if (!w.ok) return fail(w.errors, warnings);
    return ok({ path: path.join(dir, name), manifest: manifestPath, version: v, unchanged: false }, warnings);
  }
}

function writeManifest(dir: string, file: string, m: Manifest): Result<void> {
  m.versions.sort((a, b) => a.version - b.version);
  const w = writeAtomic(dir, path.basename(file), Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8'));
  return w.ok ? ok(undefined, w.warnings) : fail(w.errors, w.warnings);
}

/**
 * Put `bytes` at dir/name only if nothing is there: temp file in the same folder ('wx'), fsync,
 * read back, then link(2) to the final name — which fails with EEXIST rather than replacing.
 * Returns 'exists' when the name is taken by a file with other content, 'same' when the same
 * bytes are already there. On file systems without hard links, rename after an existence check
 * (safe against this tool's other runs, which the folder lock keeps out).
 */
export function publishNoOverwrite(dir: string, name: string, bytes: Buffer): Result<'written' | 'exists' | 'same'> {
  const target = path.join(dir, name);
  const sameAsExisting = (): boolean => {
    try {
      return fs.readFileSync(target).equals(bytes);
    } catch {
      return false;
    }
  };
  if (fs.existsSync(target)) return ok(sameAsExisting() ? 'same' : 'exists');
  let tmp: string | undefined;
  try {
    tmp = writeTemp(dir, name, bytes);
    try {
      fs.linkSync(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return ok(sameAsExisting() ? 'same' : 'exists');
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      if (fs.existsSync(target)) return ok(sameAsExisting() ? 'same' : 'exists');
      fs.renameSync(tmp, target);
      tmp = undefined;
    }
    fsyncDir(dir);
    return ok('written');
  } catch (e) {
    return fail([outputError(target, e)]);
  } finally {
    if (tmp) removeQuietly(tmp);
  }
}
