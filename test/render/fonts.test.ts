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
