/**
 * 增量生成：记录每份报告生成时的“指纹”（数据、上一年度数据、格式包、字体、工具版本、选项），
 * 指纹不变且输出的 PDF 仍在时跳过。状态保存在输出文件夹的 .xxgk-state.json 中（原子写入）。
 *
 * Incremental builds: a report is skipped when its fingerprint — its data bytes, last year's data
 * next to it, the format packs, the fonts, the tool build and the options — is the one recorded
 * when its PDF was written, and that PDF is still there with the recorded hash.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempName } from '../write';

export interface StateEntry {
  fingerprint: string;
  /** output file name inside the output folder */
  output: string;
  sha256: string;
  bytes: number;
  pages: number;
}

export interface BuildState {
  version: 1;
  /** input path (absolute) → what it produced */
  entries: Record<string, StateEntry>;
}

export const STATE_FILE = '.xxgk-state.json';
const ROOT = path.resolve(__dirname, '..', '..');

export function readState(outDir: string): BuildState {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(outDir, STATE_FILE), 'utf8')) as BuildState;
    if (s && s.version === 1 && s.entries && typeof s.entries === 'object') return s;
  } catch {
    /* none yet, or unreadable: rebuild everything */
  }
  return { version: 1, entries: {} };
}

/** Temp file + rename: a killed run leaves the previous state, never a damaged one. */
export function writeState(outDir: string, state: BuildState): void {
  // named like write/'s temp files, so a killed run's leftover is cleaned up the same way
  const tmp = tempName(outDir, STATE_FILE.slice('.xxgk-'.length));
  fs.writeFileSync(tmp, JSON.stringify(state, null, 1));
  fs.renameSync(tmp, path.join(outDir, STATE_FILE));
}

function hashFiles(files: string[], h = createHash('sha256')): string {
  for (const f of files.sort()) {
    h.update(f);
    h.update('\u0000');
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update('missing');
    }
    h.update('\u0000');
  }
  return h.digest('hex');
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const go = (d: string) => {
    let ents: fs.Dirent[] = [];
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) go(p);
      else if (keep(e.name)) out.push(p);
    }
  };
  go(dir);
  return out;
}

/**
 * What every report of a run shares: the tool's compiled code, the format packs, the fonts
 * (fonts.json and each file's size and modification time — hashing 60 MB of fonts on every
 * run would cost more than it saves), and the options that change the output.
 */
export function runFingerprint(opts: { templatesDir: string; fontsDir: string; options: unknown }): string {
  const h = createHash('sha256');
  h.update(fs.readFileSync(path.join(ROOT, 'package.json')));
  h.update(hashFiles(walk(path.join(ROOT, 'dist'), (n) => n.endsWith('.js'))));
  h.update(hashFiles(walk(opts.templatesDir, () => true)));
  const fontsJson = path.join(opts.fontsDir, 'fonts.json');
  h.update(hashFiles([fontsJson]));
  for (const f of walk(opts.fontsDir, (n) => /\.(ttf|otf)$/i.test(n)).sort()) {
    const st = fs.statSync(f);
    h.update(`${path.basename(f)}:${st.size}:${st.mtimeMs}\n`);
  }
  h.update(JSON.stringify(opts.options));
  return h.digest('hex');
}

/**
 * The report's own inputs: its bytes and last year's file beside it (2024.yaml → 2023.yaml),
 * and the data file's modification time — `touch 2024.yaml` asks for that report again, as
 * with make (the output is reproducible: an identical PDF is left as it was).
 */
export function inputFingerprint(file: string, run: string): string {
  const h = createHash('sha256').update(run);
  try {
    h.update(`mtime:${fs.statSync(file).mtimeMs}\n`);
  } catch {
    // (a missing file fails in the pipeline with its own message)
  }
  const files = [file];
  const m = /^(\d{4})(\.ya?ml)$/i.exec(path.basename(file));
  if (m) {
    for (const ext of ['.yaml', '.yml']) files.push(path.join(path.dirname(file), `${Number(m[1]) - 1}${ext}`));
  }
  return hashFiles(files.map((f) => path.resolve(f)), h);
}

/** Is the recorded output still there, unchanged? */
export function upToDate(outDir: string, e: StateEntry | undefined, fingerprint: string): boolean {
  if (!e || e.fingerprint !== fingerprint) return false;
  try {
    const bytes = fs.readFileSync(path.join(outDir, e.output));
    return bytes.length === e.bytes && createHash('sha256').update(bytes).digest('hex') === e.sha256;
  } catch {
    return false;
  }
}
