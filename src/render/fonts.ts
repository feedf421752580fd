/**
 * 字体：读取 fonts/fonts.json（各角色的字体与备用字体链），检查文件（存在、大小、能否解析），
 * 提供版式所需的度量（FontSet）与 pdfmake 的字体表。只有这里和 render/index.ts 使用 fontkit/pdfmake。
 *
 * Fonts by role from fonts/fonts.json. Each file is read and parsed once per process, and only
 * when a role needs it (a fallback face is opened the first time a character needs it). The
 * same bytes and the same parsed font serve coverage checks, measuring and pdfkit's embedding
 * (see render/index.ts), so a batch never re-reads or re-parses a font.
 *
 * Checks: E-FONT-MISSING, E-FONT-CHANGED (size or, on demand, SHA-256 differ from fonts.json),
 * E-FONT-CORRUPT (not parseable), E-FONT-CONFIG.
 */
// (first: keeps modules a report never uses from loading with fontkit and pdfkit)
import './defer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fontkit from 'fontkit';
import { Diagnostic, error, fail, ok, Result } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import type { Role } from '../model/document';
import type { FontSet, RoleFonts } from '../model/fonts';
import { takePrefetched } from './prefetch';

export const FONTS_DIR = path.resolve(__dirname, '..', '..', 'fonts');
export const ROLES: Role[] = ['title', 'body', 'heading1', 'heading2', 'table', 'pageNumber'];

export interface FontConfig {
  roles: Record<Role, { font: string; fallback?: string[] }>;
  files?: Record<string, { sha256?: string; bytes?: number; licence?: string; [k: string]: unknown }>;
}

export interface FontFile {
  file: string;
  /** pdfmake family name */
  family: string;
  path: string;
  bytes: Buffer;
  font: fontkit.Font;
  emFactor: number;
  covers: Map<number, boolean>;
  /** advance widths in em by code point (the line breaker asks for every character) */
  advances: Map<number, number>;
}

export interface Fonts {
  dir: string;
  set: FontSet;
  /** per role: file names, primary first */
  chains: Record<Role, string[]>;
  /** the files opened so far (primary faces always, fallbacks once needed) */
  opened(): FontFile[];
  /** file name → SHA-256 of every configured file, checked against fonts.json (for manifests) */
  hashes(): Result<Record<string, string>>;
}

const cache = new Map<string, Result<Fonts>>();

/** Parsed fonts are kept per process, keyed by the folder and its fonts.json as it is now. */
export function loadFonts(dir = FONTS_DIR): Result<Fonts> {
  let key = dir;
  try {
    key += '\u0000' + fs.readFileSync(path.join(dir, 'fonts.json'), 'utf8');
  } catch {
    /* readFonts reports it */
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const r = readFonts(dir);
  cache.set(key, r);
  return r;
}

/** pdfmake family names are process-wide: make them unique per fonts folder */
function familyNamer(dir: string): (file: string) => string {
  const tag = createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 6);
  return (file) => `F${tag}-` + file.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Parse once per distinct byte buffer: pdfkit asks fontkit for the same buffer on every document. */
const parsed = new WeakMap<Uint8Array, fontkit.Font>();
export function isParsed(bytes: Uint8Array): boolean {
  return parsed.has(bytes);
}
export function parseFont(bytes: Buffer): fontkit.Font {
  let f = parsed.get(bytes);
  if (!f) {
    const c = fontkit.create(bytes) as fontkit.Font | fontkit.FontCollection;
    if ('fonts' in c) throw new Error('字体集（TTC）');
    f = c;
    parsed.set(bytes, f);
  }
  return f;
}

function readFonts(dir: string): Result<Fonts> {
  const familyName = familyNamer(dir);
  const cfgPath = path.join(dir, 'fonts.json');
  const cfgDiag = (message: string): Diagnostic => {
    const d = error('E-FONT-CONFIG', msg.fontConfig(message));
    d.file = cfgPath;
    return d;
  };
  let cfg: FontConfig;
  try {
    cfg = JSON.parse(fs.readFileSync(cfgPath, 'utf8')) as FontConfig;
  } catch (e) {
    return fail([cfgDiag((e as Error).message)]);
  }
  if (!cfg || typeof cfg !== 'object' || !cfg.roles) return fail([cfgDiag('缺少 roles')]);
  const diags: Diagnostic[] = [];
  const chains = {} as Record<Role, string[]>;
  for (const role of ROLES) {
    const r = cfg.roles[role];
    if (!r || typeof r.font !== 'string') {
      diags.push(cfgDiag(`缺少角色 ${role} 的字体`));
      continue;
    }
    chains[role] = [r.font, ...(Array.isArray(r.fallback) ? r.fallback : [])];
    for (const file of chains[role]) {
      const p = path.resolve(dir, String(file));
      if (path.dirname(p) !== path.resolve(dir)) diags.push(Object.assign(cfgDiag(`字体文件必须直接放在 fonts/ 中：${file}`), { file: p }));
      else if (!/\.(ttf|otf)$/i.test(file)) diags.push(Object.assign(cfgDiag(`只支持 TTF/OTF 字体文件：${file}（WOFF、TTC 请先转换）`), { file: p }));
    }
  }
  if (diags.length) return fail(dedupeByFile(diags));

  const files = new Map<string, FontFile | Diagnostic>();
  const open = (file: string): FontFile | Diagnostic => {
    const hit = files.get(file);
    if (hit) return hit;
    const p = path.resolve(dir, file);
    const bad = (code: string, m: string, hints: string[] = []) => {
      const d = error(code, m, undefined, hints.map((x) => ({ message: x })));
      d.file = p;
      return d;
    };
    let r: FontFile | Diagnostic;
    let bytes: Buffer | undefined;
    try {
      bytes = takePrefetched(p) ?? fs.readFileSync(p);
    } catch {
      r = bad('E-FONT-MISSING', msg.fontMissing(path.join('fonts', file)));
    }
    if (bytes) {
      const want = cfg.files?.[file]?.bytes;
      if (typeof want === 'number' && want !== bytes.length) {
        r = bad('E-FONT-CHANGED', msg.fontChanged(path.join('fonts', file)), [msg.fontChangedHint()]);
      } else {
        try {
          const font = parseFont(bytes);
          // touch the tables pdfkit needs, so a truncated file fails here, not mid-render
          void font.unitsPerEm;
          void font.ascent;
          void font.glyphForCodePoint(0x4e00).advanceWidth;
          r = { file, family: familyName(file), path: p, bytes, font, emFactor: (font.ascent - font.descent) / font.unitsPerEm, covers: new Map(), advances: new Map() };
        } catch (e) {
          r = bad('E-FONT-CORRUPT', msg.fontCorrupt(path.join('fonts', file), (e as Error).message));
        }
      }
    }
    files.set(file, r!);
    return r!;
  };
  const isFile = (x: FontFile | Diagnostic): x is FontFile => 'font' in x;

  // every primary face now (they are all used by any report); fallbacks on first need
  for (const role of ROLES) {
    const f = open(chains[role][0]);
    if (!isFile(f)) diags.push(f);
  }
  if (diags.length) return fail(dedupeByFile(diags));

  /** a fallback that cannot be opened is a hard error, raised where coverage is asked */
  const fallbackErrors: Diagnostic[] = [];
  const set = {} as FontSet;
  for (const role of ROLES) {
    const chain = chains[role];
    const primary = open(chain[0]) as FontFile;
    const rf: RoleFonts = {
      families: chain.map(familyName),
      familyIndexFor(cp) {
        for (let i = 0; i < chain.length; i++) {
          const f = open(chain[i]);
          if (!isFile(f)) {
            if (!fallbackErrors.includes(f)) fallbackErrors.push(f);
            continue;
          }
          let c = f.covers.get(cp);
          if (c === undefined) {
            c = f.font.hasGlyphForCodePoint(cp);
            f.covers.set(cp, c);
          }
          if (c) return i;
        }
        return -1;
      },
      advance(i, cp) {
        const f = open(chain[i]);
        if (!isFile(f)) return 0;
        let a = f.advances.get(cp);
        if (a === undefined) f.advances.set(cp, (a = f.font.glyphForCodePoint(cp).advanceWidth / f.font.unitsPerEm));
        return a;
      },
      emFactor: (i) => {
        const f = open(chain[i]);
        return isFile(f) ? f.emFactor : primary.emFactor;
      },
      widthOf(text, size) {
        let w = 0;
        for (const ch of text) w += rf.advance(0, ch.codePointAt(0)!);
        return w * size;
      },
    };
    set[role] = rf;
  }
  const all = [...new Set(ROLES.flatMap((r) => chains[r]))];
  let hashes: Result<Record<string, string>> | undefined;
  return ok({
    dir,
    set,
    chains,
    opened: () => [...files.values()].filter(isFile),
    hashes() {
      if (hashes) return hashes;
      const out: Record<string, string> = {};
      const errs: Diagnostic[] = [];
      for (const file of all) {
        const f = open(file);
        if (!isFile(f)) {
          errs.push(f);
          continue;
        }
        out[file] = createHash('sha256').update(f.bytes).digest('hex');
        const want = cfg.files?.[file]?.sha256;
        if (want && want !== out[file]) {
          const d = error('E-FONT-CHANGED', msg.fontChanged(path.join('fonts', file)), undefined, [{ message: msg.fontChangedHint() }]);
          d.file = f.path;
          errs.push(d);
        }
      }
      hashes = errs.length ? fail(errs) : ok(out);
      return hashes;
    },
  });
}

function dedupeByFile(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.file}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
