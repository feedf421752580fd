import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES_DIR } from '../../src/formats';
import { merge } from '../../src/merge';
import { check } from '../../src/pipeline';
import { validate } from '../../src/validate';
import { loadText, seedText, seedWith, SEED_YAML, tmpdir } from '../helpers';

function mergeText(text: string) {
  const l = loadText(text);
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  const v = validate(l.value);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return merge(v.value);
}
function paragraphs(text: string): string[] {
  const m = mergeText(text);
  if (!m.ok) throw new Error(JSON.stringify(m.errors));
  return m.value.body.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'heading' ? b.text : ''));
}

/** a copy of templates/ a test may break */
function templatesCopy(): string {
  const d = tmpdir('xxgk-tpl-');
  fs.cpSync(TEMPLATES_DIR, d, { recursive: true });
  return d;
}

describe('merge', () => {
  test('numbers in the prose come from the table: one source of truth', () => {
    const ps = paragraphs(seedWith(/^    s1: 98 /m, '    s1: 97 '));
    expect(ps.some((p) => p.includes('共公开政府信息97条'))).toBe(true);
  });

  test('section 五 says no applications when the count is blank or 0, and reports them when there are', () => {
    expect(paragraphs(seedText())).toContain('2017年我局未收到依申请公开申请事项。');
    expect(paragraphs(seedWith(/^    s3_1: ~ /m, '    s3_1: 0 '))).toContain('2017年我局未收到依申请公开申请事项。');
    const t = seedWith(/^    s3_1: ~ /m, '    s3_1: 3 ').replace(/^    s3_1_3: ~ /m, '    s3_1_3: 3 ');
    expect(paragraphs(t)).toContain('2017年，我局共收到政府信息公开申请3件。');
  });

  test('sections, subsections and run-in headings are numbered in order', () => {
    const ps = paragraphs(seedText());
    expect(ps).toContain('十一、需要说明的事项与附表');
    expect(ps).toContain('（二）2017年度政府信息公开工作情况统计表（见附件）。');
    expect(ps.some((p) => p.startsWith('（三）建立信息公开长效机制。把政府'))).toBe(true);
  });

  test('an optional section with nothing to say is left out and the numbering closes up', () => {
    const t = seedText().replace(/^  measures:[\s\S]*?(?=^  problems:)/m, '');
    const ps = paragraphs(t);
    expect(ps).not.toContain('九、工作推进措施');
    expect(ps).toContain('九、工作存在的主要问题和改进情况');
  });

  test('template syntax in data is printed literally, never evaluated', () => {
    const t = seedWith(/^  self_reference: 我局 /m, '  self_reference: "{{year}}" ');
    expect(paragraphs(t)).toContain('2017年{{year}}未收到依申请公开申请事项。');
    const t2 = seedWith(/^  annual_notice: .*$/m, '  annual_notice: "{{constructor.constructor \'return 1\'}}"');
    expect(paragraphs(t2)[0]).toContain("按照《{{constructor.constructor 'return 1'}}》的相关要求");
  });

  test('a template with a syntax error is located at templates/…hbs:line:col', () => {
    const d = templatesCopy();
    fs.writeFileSync(path.join(d, 'pre2019', 'fees_none.hbs'), '{{year}}年，\n{{#if agency.self_reference}}我局没有发生\n');
    const r = check(SEED_YAML, { templatesDir: d });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].code).toBe('E-TEMPLATE-SYNTAX');
    expect(r.errors[0].span?.file).toBe(path.join(d, 'pre2019', 'fees_none.hbs'));
    expect(r.errors[0].span?.start.line).toBeGreaterThanOrEqual(2);
  });

  test('a template naming a field the data does not have is located, even in a template this report does not use', () => {
    const d = templatesCopy();
    fs.writeFileSync(path.join(d, 'pre2019', 'fees_none.hbs'), '{{year}}年，{{agency.nmae}}没有发生政府信息公开收费及减免情况。\n');
    const r = check(SEED_YAML, { templatesDir: d });
    expect(!r.ok && r.errors[0].code).toBe('E-TEMPLATE-FIELD');
    expect(!r.ok && r.errors[0].message).toContain('nmae');
    expect(!r.ok && r.errors[0].span).toMatchObject({ file: path.join(d, 'pre2019', 'fees_none.hbs'), start: { line: 1 } });
  });

  test('check passes for every example in data/', () => {
    const files: string[] = [];
    const walk = (p: string) => fs.statSync(p).isDirectory() ? fs.readdirSync(p).forEach((f) => walk(path.join(p, f))) : /\.ya?ml$/.test(p) && files.push(p);
    walk(path.join(__dirname, '..', '..', 'data'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = check(f);
      expect([f, r.ok ? [] : r.errors]).toEqual([f, []]);
    }
  });
});
