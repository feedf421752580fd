/**
 * End to end: the CLI builds the bundled 2017 report and the PDF itself is checked against the
 * seed text (letters and digits, after NFKC), its table row by row, its fonts and its structure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lettersDigits, lineOf, pdftotext, runCli, SEED_TEXT, SEED_YAML, seedText, tmpdir } from '../helpers';

const out = tmpdir('xxgk-e2e-');
let pdf = '';

beforeAll(() => {
  const r = runCli(['build', SEED_YAML, '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
  pdf = path.join(out, 'heze-dingtao-zxqyj-2017.pdf');
});

function seedParts() {
  const lines = fs.readFileSync(SEED_TEXT, 'utf8').split('\n');
  const appendix = lines.indexOf('附件');
  return { body: lines.slice(0, appendix), table: lines.slice(appendix + 3) };
}

/** the PDF's text without the page numbers */
function bodyLetters(): string {
  return lettersDigits(pdftotext(pdf).replace(/^\s*—\s*\d+\s*—\s*$/gm, ''));
}

describe('the bundled 2017 report', () => {
  test('every sentence of the seed is in the PDF', () => {
    const text = bodyLetters();
    const sentences = seedParts()
      .body.flatMap((l) => l.split(/(?<=[。；！？;])/))
      .map(lettersDigits)
      .filter((s) => s.length > 0);
    expect(sentences.length).toBeGreaterThan(60);
    const missing = sentences.filter((s) => !text.includes(s));
    expect(missing).toEqual([]);
  });

  test('the appendix title and every table label are in the PDF', () => {
    const text = bodyLetters();
    expect(text).toContain(lettersDigits('附件2017年度政府信息公开工作情况统计表'));
    const labels = seedParts()
      .table.filter((l) => !l.startsWith('|') && !l.startsWith('(注'))
      .map((l) => lettersDigits(l.split('|')[0]));
    expect(labels.length).toBe(72);
    expect(labels.filter((l) => !text.includes(l))).toEqual([]);
    expect(text).toContain(lettersDigits('（注：各子栏目数总数要等于总栏目数量）'));
  });

  test('each numbered cell sits on its row with its unit and value', () => {
    // the seed prints "label | unit | value |"; a line starting with "|" continues the row
    const rows: { label: string; unit: string; value: string }[] = [];
    for (const l of seedParts().table) {
      if (l.startsWith('(注')) break;
      const cells = l.split('|').map((c) => c.trim());
      if (l.startsWith('|')) {
        const r = rows[rows.length - 1];
        const rest = cells.slice(1).filter((c) => c !== '');
        for (const c of rest) if (/^\d+$/.test(c)) r.value = c; else r.unit = r.unit || c;
      } else rows.push({ label: cells[0], unit: cells[1] ?? '', value: cells[2] ?? '' });
    }
    const lines = pdftotext(pdf, true).split('\n');
    let at = lines.findIndex((l) => l.includes('2017年度政府信息公开工作情况统计表'));
    for (const r of rows) {
      const key = lettersDigits(r.label).slice(0, 12);
      const i = lines.findIndex((l, k) => k > at && lettersDigits(l).startsWith(key));
      expect([r.label, i > at]).toEqual([r.label, true]);
      // a wrapped label puts its unit and value on the next lines
      const wrapped = lettersDigits(lines[i]).length < lettersDigits(r.label).length;
      const tokens = lines.slice(i, i + (wrapped ? 3 : 1)).flatMap((l) => l.trim().split(/\s{2,}/));
      const numbers = tokens.filter((t) => /^\d+(\.\d+)?$/.test(t));
      expect([r.label, numbers]).toEqual([r.label, r.value ? [r.value] : []]);
      if (r.unit) expect([r.label, tokens.includes(r.unit)]).toEqual([r.label, true]);
      at = i;
    }
  });

  test('every font is embedded as a subset with a ToUnicode map', () => {
    const rows = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      const cols = r.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID
      expect(cols.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    }
  });

  test('qpdf finds no damage; A4 pages; a page number on every page at the parity side', () => {
    const q = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(8);
    for (let p = 1; p <= pages; p++) {
      const bbox = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-bbox', pdf, '-'], { encoding: 'utf8' });
      const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)];
      const num = words.find((w) => w[4] === String(p) && Number(w[2]) > 742);
      expect([p, !!num]).toEqual([p, true]);
      const x = Number(num![1]);
      // odd pages right (inside the type area's right edge), even pages left
      if (p % 2 === 1) expect(x).toBeGreaterThan(400);
      else expect(x).toBeLessThan(200);
    }
  });

  test('building again with the same data rewrites nothing', () => {
    const before = fs.statSync(pdf).mtimeMs;
    const r = runCli(['build', SEED_YAML, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/与原有文件相同|跳过/);
    expect(fs.statSync(pdf).mtimeMs).toBe(before);
  });
});

describe('broken data', () => {
  test.each([
    ['a sum that does not add up', /^    s1_2: 98/m, '    s1_2: 97', 'E-RULE-SUM', '    s1_2: 97'],
    ['a wrong type', /^year: 2017/m, 'year: 二〇一七', 'E-SCHEMA-TYPE', 'year: 二〇一七'],
    ['a typo in a key', /^  website:/m, '  websit:', 'E-SCHEMA-UNKNOWN-KEY', '  websit:'],
  ])('%s: refused with a located Chinese message, exit 3, nothing in out/', (_n, re, rep, code, needle) => {
    const dir = tmpdir('xxgk-bad-');
    const text = seedText().replace(re, rep);
    const f = path.join(dir, 'report.yaml');
    fs.writeFileSync(f, text);
    const o = path.join(dir, 'out');
    const r = runCli(['build', f, '--out', o, '--diagnostics', 'short']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`report.yaml:${lineOf(text, needle)}:`);
    expect(r.stderr).toContain(`error[${code}]`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(fs.existsSync(o) ? fs.readdirSync(o).filter((n) => !n.startsWith('.')) : []).toEqual([]);
  });
});
