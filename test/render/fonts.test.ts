import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/pipeline';
import { FONTS_DIR, loadFonts } from '../../src/render/fonts';
import { SEED_YAML, tmpdir } from '../helpers';

/** a copy of fonts/ (hard links: cheap) whose files a test may break */
function fontsCopy(): string {
  const d = tmpdir('xxgk-fonts-');
  for (const f of fs.readdirSync(FONTS_DIR)) {
    const p = path.join(FONTS_DIR, f);
    if (fs.statSync(p).isFile()) fs.copyFileSync(p, path.join(d, f));
  }
  return d;
}

describe('fonts by role', () => {
  test('the bundled configuration loads; every role has its chain', () => {
    const r = loadFonts();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.chains.body[0]).toBe('FandolFang-Regular.ttf');
    // 堃 is not in FandolFang: the body role draws it from the first fallback
    expect(r.value.set.body.familyIndexFor('堃'.codePointAt(0)!)).toBe(1);
    expect(r.value.set.body.familyIndexFor('𠮷'.codePointAt(0)!)).toBe(2);
    expect(r.value.set.body.familyIndexFor('𪚥'.codePointAt(0)!)).toBe(-1);
  });

  test('quick-loading primaries: only they are read; a character outside GB 2312 comes from the full face of the same design', () => {
    const r = loadFonts();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const opened = () => r.value.opened().map((f) => f.file).sort();
    // a run reads the primary font of each role, not the 10–15 MB full faces
    // (fonts are loaded once per process: the test above already needed the regular fallbacks)
    const primaries = ['FandolFang-Regular.ttf', 'FandolKai-Regular.ttf', 'NotoSansSC-Medium-GB2312.ttf', 'NotoSerifSC-Bold-GB2312.ttf', 'NotoSerifSC-PageNumber.ttf'];
    expect(opened()).toEqual(expect.arrayContaining(primaries));
    expect(opened()).not.toContain('NotoSerifSC-Bold.ttf');
    expect(opened()).not.toContain('NotoSansSC-Medium.ttf');
    const read = r.value.opened().filter((f) => primaries.includes(f.file)).reduce((n, f) => n + f.bytes.length, 0);
    expect(read).toBeLessThan(25 * 1024 * 1024);
    const title = r.value.set.title;
    expect(title.familyIndexFor('国'.codePointAt(0)!)).toBe(0);
    // 喆 (a name character outside GB 2312): the full bold face, not the regular fallback
    const i = title.familyIndexFor('喆'.codePointAt(0)!);
    expect(r.value.chains.title[i]).toBe('NotoSerifSC-Bold.ttf');
    expect(r.value.chains.heading1[r.value.set.heading1.familyIndexFor('喆'.codePointAt(0)!)]).toBe('NotoSansSC-Medium.ttf');
    expect(opened()).toContain('NotoSerifSC-Bold.ttf');
    // the same advance in both copies: lines measure alike whichever copy a character comes from
    expect(title.advance(i, '国'.codePointAt(0)!)).toBe(title.advance(0, '国'.codePointAt(0)!));
    // page numbers: digits and dashes in the small face
    for (const ch of '— 0123456789 —') expect(r.value.set.pageNumber.familyIndexFor(ch.codePointAt(0)!)).toBe(0);
  });

  test('a missing font file is named', () => {
    const d = fontsCopy();
    fs.unlinkSync(path.join(d, 'FandolKai-Regular.ttf'));
    const r = check(SEED_YAML, { fontsDir: d });
    expect(!r.ok && r.errors.map((e) => [e.code, e.message])).toEqual([['E-FONT-MISSING', '找不到字体文件 fonts/FandolKai-Regular.ttf']]);
  });

  test('a truncated font file is refused as changed (sha256) or corrupt', () => {
    const d = fontsCopy();
    const f = path.join(d, 'FandolKai-Regular.ttf');
    fs.truncateSync(f, 4096);
    const r = check(SEED_YAML, { fontsDir: d });
    expect(!r.ok && r.errors[0].code).toBe('E-FONT-CHANGED');
    // without a recorded hash (an agency's own font), the parse itself fails
    const cfg = JSON.parse(fs.readFileSync(path.join(d, 'fonts.json'), 'utf8'));
    delete cfg.files['FandolKai-Regular.ttf'];
    fs.writeFileSync(path.join(d, 'fonts.json'), JSON.stringify(cfg));
    const r2 = check(SEED_YAML, { fontsDir: d });
    expect(!r2.ok && r2.errors[0].code).toBe('E-FONT-CORRUPT');
    expect(!r2.ok && r2.errors[0].file).toBe(f);
  });

  test('a file that is not a font, and a broken fonts.json', () => {
    const d = fontsCopy();
    const cfg = JSON.parse(fs.readFileSync(path.join(d, 'fonts.json'), 'utf8'));
    fs.writeFileSync(path.join(d, 'agency.ttf'), 'not a font at all');
    cfg.roles.title.font = 'agency.ttf';
    fs.writeFileSync(path.join(d, 'fonts.json'), JSON.stringify(cfg));
    const r = check(SEED_YAML, { fontsDir: d });
    expect(!r.ok && r.errors[0].code).toBe('E-FONT-CORRUPT');
    fs.writeFileSync(path.join(d, 'fonts.json'), '{ "roles": ');
    const r2 = check(SEED_YAML, { fontsDir: tmpdir() });
    expect(!r2.ok && r2.errors[0].code).toBe('E-FONT-CONFIG');
  });

  test('fonts outside fonts/ and WOFF files are refused', () => {
    const d = fontsCopy();
    const cfg = JSON.parse(fs.readFileSync(path.join(d, 'fonts.json'), 'utf8'));
    cfg.roles.title.font = '../../etc/passwd.ttf';
    cfg.roles.body.font = 'x.woff';
    fs.writeFileSync(path.join(d, 'fonts.json'), JSON.stringify(cfg));
    const r = check(SEED_YAML, { fontsDir: d });
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(['E-FONT-CONFIG', 'E-FONT-CONFIG']);
  });
});
