/**
 * The line breaker (layout/text.ts setText) with the bundled fonts: 28 characters a 3号 line,
 * justified lines ending on the right edge, Chinese line-start/line-end rules, protected
 * numbers and addresses, a unit wider than the line, and the inline markers pdfmake relies on.
 */
import type { Role } from '../../src/model/document';
import { CHAR_CELL, CHAR_SPACING, LINE_PITCH, SIZES, TYPE_AREA } from '../../src/layout/style';
import { Inline, protectRuns, setText, SetOptions, Uncovered } from '../../src/layout/text';
import { loadFonts } from '../../src/render/fonts';

const loaded = loadFonts();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const fonts = loaded.value.set;

const BODY: SetOptions = { size: SIZES.body, pitch: LINE_PITCH, width: TYPE_AREA.width, indent: 2 * CHAR_CELL, spacing: CHAR_SPACING, justify: true };

function lines(inlines: Inline[]): Inline[][] {
  const out: Inline[][] = [[]];
  for (const i of inlines) {
    out[out.length - 1].push(i);
    if (i.lineEnd) out.push([]);
  }
  return out.filter((l) => l.length > 0);
}
const textOf = (l: Inline[]) => l.map((i) => i.text).join('');

function set(text: string, opts: SetOptions = BODY, role: Role = 'body') {
  const missing: Uncovered[] = [];
  const r = setText([{ text, role }], opts, fonts, missing);
  return { ...r, rows: lines(r.inlines).map(textOf), missing, inlines: r.inlines };
}

/** advance of a line's glyphs in pt, spacing not included */
function advance(text: string, role: Role = 'body', size = SIZES.body): number {
  let w = 0;
  for (const ch of text) w += fonts[role].advance(Math.max(0, fonts[role].familyIndexFor(ch.codePointAt(0)!)), ch.codePointAt(0)!) * size;
  return w;
}

const PARA =
  '本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》和省、市关于政府信息公开工作的部署要求，' +
  '围绕中心工作，坚持以公开为常态、不公开为例外，进一步完善工作机制，拓宽公开渠道，丰富公开内容，' +
  '全年共主动公开政府信息一千余条，依申请公开工作规范有序，未发生因政府信息公开引发的行政复议和行政诉讼案件。';

test('a Chinese paragraph: 26 characters after the indent, then 28 a line, the last one short', () => {
  const r = set(PARA);
  expect(r.lines).toBe(r.rows.length);
  expect(r.rows.join('')).toBe(PARA);
  expect([...r.rows[0]].length).toBe(26);
  for (const row of r.rows.slice(1, -1)) expect([...row].length).toBe(28);
  expect([...r.rows[r.rows.length - 1]].length).toBeLessThanOrEqual(28);
});

test('justified lines end on the right edge; the last line keeps the grid spacing', () => {
  const text = '为便于公众查阅，本机关在2023年第3季度新增“政府信息公开”专栏共12个子栏目，全年更新信息5678条，' + PARA;
  const r = set(text);
  const ls = lines(r.inlines);
  ls.forEach((l, i) => {
    const t = textOf(l);
    const n = [...t].length;
    const cs = l[0].characterSpacing ?? 0;
    // every inline of a line has the same spacing
    for (const inl of l) expect(inl.characterSpacing ?? 0).toBeCloseTo(cs, 9);
    const right = (i === 0 ? 2 * CHAR_CELL : 0) + advance(t) + (n - 1) * cs;
    if (i < ls.length - 1) expect(right).toBeCloseTo(TYPE_AREA.width, 6);
    else expect(cs).toBeCloseTo(CHAR_SPACING, 9);
    expect(right).toBeLessThanOrEqual(TYPE_AREA.width + 1e-6);
  });
});

test('no line starts with closing punctuation or ends with opening punctuation', () => {
  // commas and full stops placed where a greedy break would put them at a line start
  const text = '甲'.repeat(25) + '，' + '乙'.repeat(27) + '。（' + '丙'.repeat(26) + '）》、丁。' + '戊'.repeat(40);
  const r = set(text);
  expect(r.rows.join('')).toBe(text);
  for (const row of r.rows.slice(1)) expect(row).not.toMatch(/^[，。、；：？！）》」』】”’]/);
  for (const row of r.rows.slice(0, -1)) expect(row).not.toMatch(/[（《「『【“‘]$/);
});

test('phone numbers, e-mails and decimals stay whole; an address breaks only after a "/"', () => {
  const phone = '0530-1234567';
  const mail = 'xxgk.office@linxi.gov.example.cn';
  const url = 'http://www.linxi.qinghe.example/xxgk/zfxxgkml/ndbg/index.html';
  for (let pad = 0; pad < 28; pad++) {
    const text = '甲'.repeat(pad) + `联系电话：${phone}，电子邮箱：${mail}，增长率为12.5%。网址：${url}。`;
    const r = set(text);
    expect(r.rows.join('')).toBe(text);
    for (const unit of [phone, mail, '12.5%']) expect(r.rows.some((row) => row.includes(unit))).toBe(true);
    // every line break that falls inside the address comes right after a "/"
    const u0 = text.indexOf(url);
    let at = 0;
    for (const row of r.rows.slice(0, -1)) {
      at += row.length;
      if (at > u0 && at < u0 + url.length) expect(text[at - 1]).toBe('/');
      for (const unit of [phone, mail]) {
        const k = text.indexOf(unit);
        expect(at > k && at < k + unit.length).toBe(false);
      }
    }
  }
});

test('protected runs give back the text exactly, "//" inside an address included; a line may start only after a "/" of the path', () => {
  for (const t of ['见http://a.example//b/c，谢谢', '网址：http://www.linxi.qinghe.example/）下载', '电话0530-1234567。邮箱a.b@c.example']) {
    const runs = protectRuns(t);
    expect(runs.map((r) => r.text).join('')).toBe(t);
  }
  const runs = protectRuns('见http://a.example//b/c，谢谢');
  expect(runs.filter((r) => r.breakBefore).map((r) => r.text)).toEqual(['/', 'b/', 'c，']);
});

test('a unit wider than the line is cut where the line is full, never before closing punctuation', () => {
  const long = 'https://' + 'abcdefghij'.repeat(12) + '。';
  const r = set(long, { ...BODY, indent: 0 });
  expect(r.rows.join('')).toBe(long);
  expect(r.rows.length).toBeGreaterThan(1);
  for (const row of r.rows.slice(1)) expect(row).not.toMatch(/^。/);
  for (const row of r.rows.slice(0, -1)) expect(advance(row) + ([...row].length - 1) * CHAR_SPACING).toBeLessThanOrEqual(TYPE_AREA.width + 1e-6);
});

test('inlines: one per font run; noNewLine inside a line, lineEnd at its end; set for pdfmake', () => {
  // 𠮷 (U+20BB7) is not in the 仿宋 body font: a fallback run inside the line
  const r = set('本报告由𠮷祥区人民政府办公室编制。');
  expect(r.missing).toEqual([]);
  expect(r.inlines.length).toBe(3);
  expect(r.inlines.map((i) => i.text)).toEqual(['本报告由', '𠮷', '祥区人民政府办公室编制。']);
  expect(new Set(r.inlines.map((i) => i.font)).size).toBe(2);
  expect(r.inlines.map((i) => [!!i.noNewLine, !!i.lineEnd])).toEqual([
    [true, false],
    [true, false],
    [false, true],
  ]);
  for (const i of r.inlines) {
    expect(i.setLine).toBe(true);
    expect(i.noWrap).toBe(true);
  }
  // the same pitch whatever the font: pdfmake multiplies lineHeight by each font's own height
  const heights = r.inlines.map((i, k) => i.lineHeight * i.fontSize * fonts.body.emFactor(k === 1 ? fonts.body.familyIndexFor(0x20bb7) : 0));
  for (const h of heights) expect(h).toBeCloseTo(LINE_PITCH, 6);
});

test('characters no font has are reported, spaces are not', () => {
  const r = set('甲 乙\u{2A6A5}丙');
  expect(r.missing).toEqual([{ char: '\u{2A6A5}', role: 'body' }]);
});

test('width Infinity keeps the caller\'s lines; narrow cells wrap by their own width', () => {
  const title = '青禾市临溪区自然资源和规划局2023年政府信息公开工作年度报告';
  expect(set(title, { size: SIZES.title, pitch: LINE_PITCH, width: Infinity }, 'title').rows).toEqual([title]);
  const cell = set('其中：主动公开规范性文件数（件）', { size: SIZES.table, pitch: 18, width: 5 * SIZES.table + 1 }, 'table');
  for (const row of cell.rows) expect([...row].length).toBeLessThanOrEqual(5);
  expect(cell.rows.join('')).toBe('其中：主动公开规范性文件数（件）');
  expect(cell.rows[1]).not.toMatch(/^[，。、；：？！）》」』】”’]/);
});

describe('properties (fast-check)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const pieces = ['政', '府', '信', '息', '公', '开', '年', '度', '，', '。', '、', '；', '：', '（', '）', '《', '》', '“', '”', '2017', '98', '12.5%', ' ', 'abc', 'http://x.gov.example/a/b/c.html', '0530-1234567', 'a.b@c.example', '𠮷', '——', '…'];
  const text = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 120 }).map((a) => a.join(''));
  const widths = fc.constantFrom(TYPE_AREA.width, 200, 90, 40);

  test('every character is set exactly once, in order; lines fit; no line starts with closing punctuation after a free break', () => {
    fc.assert(
      fc.property(text, widths, fc.boolean(), (t, width, justify) => {
        const opts: SetOptions = { ...BODY, width, justify, indent: width > 100 ? 2 * CHAR_CELL : 0 };
        const r = set(t, opts);
        expect(r.rows.join('')).toBe(t);
        expect(r.lines).toBe(r.rows.length);
        for (const row of r.rows.slice(1)) expect(row.trimStart()).not.toMatch(/^[，。、；：）》”…]/);
        const ls = lines(r.inlines);
        ls.forEach((l, i) => {
          const row = textOf(l).replace(/\s+$/, '');
          const n = [...row].length;
          const cs = l[0].characterSpacing ?? 0;
          const right = (i === 0 ? (opts.indent ?? 0) : 0) + advance(row) + (n - 1) * cs;
          // a line is wider than the measure only when it is one unit that had to be cut: by a
          // character at most, plus closing punctuation hanging past the end
          const hanging = /[，。、；：？！）》」』】”’…%,.;:?!)\]}][，。、；：？！）》」』】”’…%,.;:?!)\]}\s]*$/.exec(row)?.[0] ?? '';
          if (n > 1) expect(right).toBeLessThanOrEqual(width + SIZES.body + advance(hanging) + [...hanging].length * Math.max(0, cs) + 1e-6);
          expect(l[l.length - 1].lineEnd).toBe(true);
          for (const inl of l.slice(0, -1)) expect(inl.noNewLine).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
