/**
 * 字体：读取 fonts/fonts.json（各角色的字体与备用字体链），检查文件（存在、SHA-256、能否解析），
 * 提供版式所需的度量（FontSet）与 pdfmake 的字体表。只有这里和 render/index.ts 使用 fontkit/pdfmake。
 *
 * Fonts by role from fonts/fonts.json. Every file is checked before use (E-FONT-MISSING,
 * E-FONT-CHANGED, E-FONT-CORRUPT); parsed fonts are cached per process.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fontkit from 'fontkit';
import { Diagnostic, error, fail, ok, Result } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import type { Role } from '../model/document';
import type { FontSet, RoleFonts } from '../model/fonts';

export const FONTS_DIR = path.resolve(__dirname, '..', '..', 'fonts');
export const ROLES: Role[] = ['title', 'body', 'heading1', 'heading2', 'table', 'pageNumber'];

export interface FontConfig {
  roles: Record<Role, { font: string; fallback?: string[] }>;
  files?: Record<string, { sha256?: string; licence?: string; [k: string]: unknown }>;
}

interface LoadedFont {
  file: string;
  family: string;
  path: string;
  sha256: string;
  font: fontkit.Font;
  emFactor: number;
  covers: Map<number, boolean>;
}

export interface Fonts {
  dir: string;
  set: FontSet;
  /** pdfmake font dictionary: family → styles → absolute path */
  pdfmake: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;
  /** file name → sha256 (for manifests) */
  files: Record<string, string>;
  /** per role: file names, primary first */
  chains: Record<Role, string[]>;
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

function familyName(file: string): string {
  return 'F-' + file.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
}

function readFonts(dir: string): Result<Fonts> {
  const cfgPath = path.join(dir, 'fonts.json');
  const diag = (code: string, message: string, hints: string[] = []): Diagnostic => {
    const d = error(code, message, undefined, hints.map((m) => ({ message: m })));
    d.file = cfgPath;
    return d;
  };
  let cfg: FontConfig;
  try {
    cfg = JSON.parse(fs.readFileSync(cfgPath, 'utf8')) as FontConfig;
  } catch (e) {
    return fail([diag('E-FONT-CONFIG', msg.fontConfig((e as Error).message))]);
  }
  const diags: Diagnostic[] = [];
  if (!cfg || typeof cfg !== 'object' || !cfg.roles) return fail([diag('E-FONT-CONFIG', msg.fontConfig('缺少 roles'))]);
  const loaded = new Map<string, LoadedFont>();
  const chains = {} as Record<Role, string[]>;
  for (const role of ROLES) {
    const r = cfg.roles[role];
    if (!r || typeof r.font !== 'string') {
      diags.push(diag('E-FONT-CONFIG', msg.fontConfig(`缺少角色 ${role} 的字体`)));
      continue;
    }
    chains[role] = [r.font, ...(Array.isArray(r.fallback) ? r.fallback : [])];
    for (const file of chains[role]) {
      if (loaded.has(file) || diags.some((d) => d.file === path.join(dir, file))) continue;
      const p = path.resolve(dir, file);
      const fail1 = (code: string, m: string, hints: string[] = []) => {
        const d = error(code, m, undefined, hints.map((x) => ({ message: x })));
        d.file = p;
        diags.push(d);
      };
      if (path.dirname(p) !== path.resolve(dir)) {
        fail1('E-FONT-CONFIG', msg.fontConfig(`字体文件必须直接放在 fonts/ 中：${file}`));
        continue;
      }
      if (!/\.(ttf|otf)$/i.test(file)) {
        fail1('E-FONT-CONFIG', msg.fontConfig(`只支持 TTF/OTF 字体文件：${file}（WOFF、TTC 请先转换）`));
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(p);
      } catch {
        fail1('E-FONT-MISSING', msg.fontMissing(path.join('fonts', file)));
        continue;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const want = cfg.files?.[file]?.sha256;
      if (want && want !== sha256) {
        fail1('E-FONT-CHANGED', msg.fontChanged(path.join('fonts', file)), [msg.fontChangedHint()]);
        continue;
      }
      let font: fontkit.Font;
      try {
        const f = fontkit.create(bytes) as fontkit.Font | fontkit.FontCollection;
        if ('fonts' in f) throw new Error('字体集（TTC）');
        font = f;
        // touch the tables pdfkit needs, so a truncated file fails here, not mid-render
        void font.unitsPerEm;
        void font.ascent;
        font.glyphForCodePoint(0x4e00).advanceWidth;
      } catch (e) {
        fail1('E-FONT-CORRUPT', msg.fontCorrupt(path.join('fonts', file), (e as Error).message));
        continue;
      }
      loaded.set(file, {
        file,
        family: familyName(file),
        path: p,
        sha256,
        font,
        emFactor: (font.ascent - font.descent) / font.unitsPerEm,
        covers: new Map(),
      });
    }
  }
  if (diags.length) return fail(diags);

  const set = {} as FontSet;
  for (const role of ROLES) {
    const fs_ = chains[role].map((f) => loaded.get(f)!);
    const primary = fs_[0];
    const rf: RoleFonts = {
      families: fs_.map((f) => f.family),
      familyIndexFor(cp) {
        for (let i = 0; i < fs_.length; i++) {
          const f = fs_[i];
          let c = f.covers.get(cp);
          if (c === undefined) {
            c = f.font.hasGlyphForCodePoint(cp);
            f.covers.set(cp, c);
          }
          if (c) return i;
        }
        return -1;
      },
      emFactor: (i) => fs_[i].emFactor,
      widthOf(text, size) {
        let w = 0;
        for (const ch of text) w += primary.font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth;
        return (w / primary.font.unitsPerEm) * size;
      },
    };
    set[role] = rf;
  }
  const pdfmake: Fonts['pdfmake'] = {};
  const files: Record<string, string> = {};
  for (const f of loaded.values()) {
    pdfmake[f.family] = { normal: f.path, bold: f.path, italics: f.path, bolditalics: f.path };
    files[f.file] = f.sha256;
  }
  return ok({ dir, set, pdfmake, files, chains });
}
