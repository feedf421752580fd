#!/usr/bin/env node
// Development-time check of fonts/fonts.json against fontkit (the parser pdfkit/pdfmake use).
// Usage: node tools/fonts/check-fontkit.cjs [FONTDIR]   (default: fonts/ next to tools/)
// fontkit is resolved from the project (pdfmake -> pdfkit -> fontkit) or from $FONTKIT_PATH;
// if it cannot be found the check is skipped (exit 0).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..', '..');
const dir = path.resolve(process.argv[2] || path.join(root, 'fonts'));

function findFontkit() {
  const tries = [process.env.FONTKIT_PATH, 'fontkit'].filter(Boolean);
  const paths = [root, path.join(root, 'node_modules', 'pdfkit'), path.join(root, 'node_modules', 'pdfmake', 'node_modules', 'pdfkit'), process.cwd()];
  for (const t of tries) {
    try { return require(require.resolve(t, { paths })); } catch { /* next */ }
    try {
      const pdfkit = require.resolve('pdfkit', { paths: [root, path.join(root, 'node_modules', 'pdfmake'), process.cwd()] });
      return require(require.resolve('fontkit', { paths: [path.dirname(pdfkit)] }));
    } catch { /* next */ }
  }
  return null;
}

const fontkit = findFontkit();
if (!fontkit) { console.error('check-fontkit: fontkit not found, skipped'); process.exit(0); }

const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'fonts.json'), 'utf8'));
let failed = 0;
const fail = (f, m) => { failed++; console.error(`FAIL ${f}: ${m}`); };
for (const [file, meta] of Object.entries(manifest.files)) {
  const p = path.join(dir, file);
  const buf = fs.readFileSync(p);
  const t0 = process.hrtime.bigint();
  const font = fontkit.create(buf);
  const openMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const sha = crypto.createHash('sha256').update(buf).digest('hex');
  if (sha !== meta.sha256) fail(file, 'sha256');
  if (buf.length !== meta.bytes) fail(file, 'bytes');
  if (font.type !== 'TTF') fail(file, `type ${font.type}`);
  if (!font.directory.tables.glyf || font.directory.tables['CFF '] || font.directory.tables.fvar) fail(file, 'not a static glyf font');
  if (font.unitsPerEm !== meta.unitsPerEm) fail(file, 'unitsPerEm');
  if (font.ascent !== meta.hheaAscent || font.descent !== meta.hheaDescent) fail(file, 'ascent/descent');
  if (!(font.ascent > 0 && font.descent < 0)) fail(file, `ascent ${font.ascent} descent ${font.descent}`);
  const em = Math.round(((font.ascent - font.descent) / font.unitsPerEm) * 1e4) / 1e4;
  if (em !== meta.emFactor) fail(file, `emFactor ${em} != ${meta.emFactor}`);
  // fontkit's characterSet also lists U+FFFF (the end-of-table sentinel of a format-4 cmap, mapped
  // to glyph 0) for fonts whose best cmap is format 4 (Fandol): count only mapped code points.
  const cps = font.characterSet.filter((cp) => font.hasGlyphForCodePoint(cp)).length;
  if (cps !== meta.codepoints) fail(file, `codepoints ${cps} != ${meta.codepoints}`);
  if (font.postscriptName !== meta.postscriptName) fail(file, 'postscriptName');
  if (font.familyName !== meta.family) fail(file, 'family');
  // every code point must map to a glyph with an outline or an advance (no silent .notdef)
  const probe = file.includes('Ext') ? '𠮷' : file.includes('PageNumber') ? '7' : '国';
  const g = font.glyphsForString(probe)[0];
  if (!g || g.id === 0 || !g.path.commands.length) fail(file, `no glyph for ${probe}`);
  console.error(`ok   ${file}: fontkit ${font.type}, open ${openMs.toFixed(1)} ms, ${font.numGlyphs} glyphs, ${cps} code points, ascent ${font.ascent} descent ${font.descent} upm ${font.unitsPerEm} emFactor ${em}`);
}
for (const [role, r] of Object.entries(manifest.roles)) {
  for (const f of [r.font, ...r.fallback]) if (!manifest.files[f] && !fs.existsSync(path.join(dir, f))) fail(role, `${f} missing`);
}
process.exit(failed ? 1 : 0);
