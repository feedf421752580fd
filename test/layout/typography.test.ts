/**
 * GB/T 9704 typography, checked on real PDFs: the bundled report and a stress variant of it with
 * rare characters, phone numbers, URLs, e-mail addresses and dense punctuation.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../../src/formats';
import { pdftotext, runCli, SEED_YAML, seedText, tmpdir, lineOf } from '../helpers';

const MM = 72 / 25.4;
const LEFT = 28 * MM;
const TOP = 37 * MM;
const RIGHT = 595.28 - 26 * MM;
const BOTTOM = 841.89 - 35 * MM;

interface Word { x0: number; y0: number; x1: number; y1: number; text: string }
function words(pdf: string, page: number): Word[] {
  const xml = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }));
}
function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}
/** text lines of a page, top to bottom (words grouped by baseline) */
function lines(pdf: string, page: number): { y: number; text: string; x0: number }[] {
  const ws = words(pdf, page).sort((a, b) => a.y1 - b.y1 || a.x0 - b.x0);
  const out: { y: number; text: string; x0: number }[] = [];
  for (const w of ws) {
    const l = out.find((x) => Math.abs(x.y - w.y1) < 3);
    if (l) l.text += w.text;
    else out.push({ y: w.y1, text: w.text, x0: w.x0 });
  }
  return out.sort((a, b) => a.y - b.y);
}

const dir = tmpdir('xxgk-typo-');
const seedPdf = path.join(dir, 'seed', 'heze-dingtao-zxqyj-2017.pdf');
const STRESS_PARAGRAPH =
  '如有疑问请致电0530-2116333或010-12345678，也可发送邮件至xxgk.report@example.gov.cn。网址为http://dt.smesd.gov.cn/index.html。' +
  '本年度主动公开率达到100%，较上年提高12.8%；（一）“以公开为原则，不公开为例外”！《条例》、《办法》：“好！”（括号）【方括号】。'.repeat(6);
const stressText = seedText()
  .replace('  name: 菏泽市定陶区中小企业局 ', '  name: 菏泽市定陶区堃𠮷中小企业局 ')
  .replace(/^(  overview:[^\n]*\n)/m, `$1    - ${STRESS_PARAGRAPH}\n    - 张堃、王𠮷同志负责信息公开工作。\n`);
const stressYaml = path.join(dir, 'stress.yaml');
const stressPdf = path.join(dir, 'stress', 'heze-dingtao-zxqyj-2017.pdf');

beforeAll(() => {
  fs.writeFileSync(stressYaml, stressText);
  for (const [file, out] of [[SEED_YAML, 'seed'], [stressYaml, 'stress']]) {
    const r = runCli(['build', file, '--out', path.join(dir, out)]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
});

describe('page and type area (GB/T 9704 §5.2)', () => {
  test('A4; every word of the text inside the 156 × 225 mm type area, page numbers below it', () => {
    for (let p = 1; p <= pageCount(seedPdf); p++) {
      for (const w of words(seedPdf, p)) {
        expect(w.x0).toBeGreaterThan(LEFT - 1);
        expect(w.x1).toBeLessThan(RIGHT + 1);
        if (/^—?\d+—?$|^—$/.test(w.text) && w.y0 > BOTTOM) {
          // "— N —": the top of the line 7 mm below the type area
          expect(w.y0).toBeGreaterThan(BOTTOM + 5 * MM);
          expect(w.y1).toBeLessThan(BOTTOM + 16 * MM);
        } else {
          expect(w.y0).toBeGreaterThan(TOP - 2);
          expect(w.y1).toBeLessThan(BOTTOM + 2);
        }
      }
    }
  });

  test('a full body page has 22 lines of 28 characters at a constant pitch', () => {
    const ls = lines(seedPdf, 2).filter((l) => l.y < BOTTOM);
    expect(ls).toHaveLength(22);
    // word boxes end at each font's descender, so compare body lines only over the whole page
    const pitch = (225 * MM) / 22;
    expect(ls[21].y - ls[0].y).toBeCloseTo(21 * pitch, 0);
    for (const [i, l] of ls.slice(1).entries()) expect(Math.abs(l.y - ls[i].y - pitch)).toBeLessThan(pitch / 4);
    // a full continuation line holds 28 characters
    expect(ls.map((l) => [...l.text].length)).toContain(28);
    expect(Math.max(...ls.map((l) => [...l.text].length))).toBeLessThanOrEqual(28);
  });

  test('title centred in the type area, broken into balanced lines', () => {
    const [l1, l2] = lines(seedPdf, 1);
    expect(l1.text).toBe('菏泽市定陶区中小企业局');
    expect(l2.text).toBe('2017年政府信息公开报告');
    const ws = words(seedPdf, 1).filter((w) => Math.abs(w.y1 - l1.y) < 3);
    const mid = (Math.min(...ws.map((w) => w.x0)) + Math.max(...ws.map((w) => w.x1))) / 2;
    expect(mid).toBeCloseTo((LEFT + RIGHT) / 2, -1);
  });

  test('fonts by role, as configured in fonts/fonts.json', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fonts/fonts.json'), 'utf8'));
    const ps = (role: string) => cfg.files[cfg.roles[role].font].postscriptName as string;
    const used = execFileSync('pdffonts', [seedPdf], { encoding: 'utf8' });
    for (const role of ['title', 'body', 'heading1', 'heading2', 'pageNumber']) expect(used).toContain('+' + ps(role));
  });
});

describe('line breaking', () => {
  const CLOSING = /^[，。、；：？！）》」』】”’…%]/;
  const OPENING = /[（《「『【“‘]$/;
  test('no line starts with closing punctuation or ends with opening punctuation', () => {
    for (const pdf of [seedPdf, stressPdf]) {
      for (let p = 1; p <= pageCount(pdf); p++) {
        for (const l of lines(pdf, p)) {
          expect([p, l.text, CLOSING.test(l.text)]).toEqual([p, l.text, false]);
          expect([p, l.text, OPENING.test(l.text)]).toEqual([p, l.text, false]);
        }
      }
    }
  });

  test('phone numbers and e-mail addresses are never split; URLs only right after a "/"', () => {
    const all: string[] = [];
    for (let p = 1; p <= pageCount(stressPdf); p++) all.push(...lines(stressPdf, p).map((l) => l.text));
    for (const unit of ['0530-2116333', '010-12345678', 'xxgk.report@example.gov.cn', '12.8%']) {
      expect([unit, all.some((l) => l.includes(unit))]).toEqual([unit, true]);
    }
    // lines joined with "|": a URL may contain a line break only after one of its "/"
    const joined = all.join('|');
    const url = 'http://dt.smesd.gov.cn/index.html';
    const pattern = new RegExp(url.replace(/[.?*+^$()[\]{}]/g, '\\$&').replace(/\//g, '/\\|?'));
    expect(pattern.test(joined)).toBe(true);
  });
});

describe('rare characters and fallback fonts', () => {
  test('𠮷 and 堃 in the agency name and a paragraph come back from the PDF', () => {
    const t = pdftotext(stressPdf).replace(/\s+/g, '');
    expect(t).toContain('定陶区堃𠮷中小企业局');
    expect(t).toContain('张堃、王𠮷同志');
  });

  test('a character no configured font has is an error naming it, its code point, field, line and fonts', () => {
    const text = stressText.replace('张堃、王𠮷同志', '张𪚥同志');
    const f = path.join(dir, 'uncovered.yaml');
    fs.writeFileSync(f, text);
    const out = path.join(dir, 'uncovered-out');
    const r = runCli(['build', f, '--out', out, '--diagnostics', 'short']);
    expect(r.code).toBe(4);
    const line = lineOf(text, '张𪚥同志');
    expect(r.stderr).toContain(`uncovered.yaml:${line}:`);
    expect(r.stderr).toContain('error[E-FONT-GLYPH]');
    expect(r.stderr).toContain('“𪚥”（U+2A6A5）');
    expect(r.stderr).toContain('基本概述');
    expect(r.stderr).toContain('FandolFang-Regular.ttf');
    expect(fs.readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});

/** page as a grey bitmap at 72 dpi (1 px = 1 pt): pdftoppm's PGM output */
function bitmap(pdf: string, page: number): { w: number; h: number; at(x: number, y: number): number } {
  const buf = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), pdf]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
  const [w, h, off] = [Number(header[1]), Number(header[2]), header[0].length];
  return { w, h, at: (x, y) => buf[off + Math.round(y) * w + Math.round(x)] };
}

describe('keeping things together', () => {
  const pack = loadPack('pre2019');
  if (!pack.ok) throw new Error('pack');
  const t = pack.value.tables.stats;
  const rows = t.kind === 'list' ? t.rows : [];
  const parents = new Set(rows.map((r) => r.parent).filter(Boolean));
  const categoryLabels = rows.filter((r) => parents.has(r.id)).map((r) => r.label);

  test('the table header is repeated on every table page', () => {
    for (const pdf of [seedPdf, stressPdf]) {
      const n = pageCount(pdf);
      const first = [...Array(n).keys()].map((i) => i + 1).find((p) => lines(pdf, p).some((l) => l.text === '附件'))!;
      for (let p = first; p <= n; p++) {
        const ls = lines(pdf, p).filter((l) => l.y < BOTTOM);
        const header = ls.findIndex((l) => l.text.startsWith('统计指标'));
        expect([p, header >= 0]).toEqual([p, true]);
      }
    }
  });

  test('a table page ends with its last row: no empty row frame below it', () => {
    for (const pdf of [seedPdf, stressPdf]) {
      for (let p = 1; p <= pageCount(pdf); p++) {
        const ls = lines(pdf, p).filter((l) => l.y < BOTTOM);
        if (!ls.some((l) => l.text.startsWith('统计指标'))) continue;
        // the table's left rule, just inside the type area: how far down does it go?
        const bm = bitmap(pdf, p);
        let bottom = 0;
        for (let y = 0; y < bm.h; y++) if (bm.at(LEFT + 0.5, y) < 128) bottom = y;
        const lastText = Math.max(...ls.map((l) => l.y));
        // a row is ≈ 24 pt; the rule may end one cell padding below the last line, not a row
        expect([p, bottom - lastText < 16]).toEqual([p, true]);
      }
    }
  });

  test('no heading and no category row is the last line of a page', () => {
    for (const pdf of [seedPdf, stressPdf]) {
      const n = pageCount(pdf);
      for (let p = 1; p < n; p++) {
        const ls = lines(pdf, p).filter((l) => l.y < BOTTOM);
        const last = ls[ls.length - 1].text;
        expect([p, last, /^[一二三四五六七八九十]+、[^。，]*$/.test(last)]).toEqual([p, last, false]);
        expect([p, last, /^（[一二三四五六七八九十]+）[^。，]*$/.test(last)]).toEqual([p, last, false]);
        const label = last.replace(/[条件次篇个人万元]+\d*$/, '');
        expect([p, last, categoryLabels.includes(label)]).toEqual([p, last, false]);
      }
    }
  });
});
