/**
 * xxgk-report init: the new data file has every key of the pack's schema, a Chinese comment on
 * each field, the $schema line; it validates once its blanks are filled; --from carries last
 * year's 结转 over and copies the agency's details; an existing file is never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../../src/formats';
import { buildSchema } from '../../src/formats/schema';
import type { Json } from '../../src/load';
import { validate } from '../../src/validate';
import { EXAMPLES, loadText, ROOT, runCli, tmpdir } from '../helpers';

type S = Record<string, any>;

/** Fill every ~ the schema does not allow to stay blank, with a plausible value for its field. */
function fillBlanks(data: Json, schema: S): Json {
  const deref = (s: S): S => (s?.$ref ? schema.definitions[s.$ref.split('/').pop()] : s);
  const sample = (key: string, s: S): Json => {
    const types = ([] as string[]).concat(s.type ?? []);
    if (types.includes('null')) return null;
    if (types.includes('integer')) return 0;
    const byKey: Record<string, string> = { code: 'test-agency', postcode: '100000', phone: '010-12345678', website: 'http://example.org/', email: 'a@example.org', publication_date: '2026-01-20', amount: '0' };
    return byKey[key] ?? (s.minLength && s.minLength > 4 ? '测试文字内容' : '测试文字');
  };
  const walk = (v: Json, s: S, key: string): Json => {
    s = deref(s);
    if (v === null) return sample(key, s);
    if (Array.isArray(v)) return v.map((x) => walk(x, s.items ?? { type: 'string' }, key));
    if (typeof v === 'object') {
      const out: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, s.properties?.[k] ?? { type: 'string' }, k);
      return out;
    }
    return v;
  };
  return walk(data, schema, '');
}

/** JSON → YAML (flow style is YAML): good enough to validate a filled-in file */
const asYaml = (v: Json) => JSON.stringify(v, null, 1);

describe('init', () => {
  const dir = tmpdir('xxgk-init-');

  test('writes every key with comments and the $schema line; validates once the blanks are filled', () => {
    const file = path.join(dir, 'new', '2025.yaml');
    const r = runCli(['init', '--format', '2021', '--year', '2025', '--agency', '测试市测试区测试局', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已写入');
    const text = fs.readFileSync(file, 'utf8');
    const schemaRef = path.relative(path.dirname(file), path.join(ROOT, 'templates', '2021', 'schema.json'));
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaRef}`);
    expect(fs.existsSync(path.resolve(path.dirname(file), schemaRef))).toBe(true);
    // every key of the schema is there
    const pack = loadPack('2021');
    if (!pack.ok) throw new Error('pack');
    const schema = buildSchema(pack.value) as S;
    const l = loadText(text);
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    const keys = (s: S, v: any, at: string): string[] => {
      s = s.$ref ? schema.definitions[s.$ref.split('/').pop()] : s;
      if (s.type !== 'object' || !s.properties) return [];
      return Object.entries(s.properties as Record<string, S>).flatMap(([k, sub]) =>
        k === 'acknowledge' ? [] : v && typeof v === 'object' && k in v ? keys(sub, v[k], `${at}/${k}`) : [`${at}/${k}`],
      );
    };
    expect(keys(schema, l.value.data, '')).toEqual([]);
    // Chinese comments name the fields
    expect(text).toMatch(/^ {6}natural_person: ~ +# 自然人$/m);
    expect(text).toMatch(/^ {4}denied_state_secret: +# 三、本年度办理结果·（三）不予公开·1\.属于国家秘密$/m);
    expect(text).toMatch(/^ {2}overall: +# 一、总体情况/m);
    // as written it is not a report yet: the blanks that must be filled are named
    const raw = validate(l.value);
    expect(raw.ok).toBe(false);
    if (!raw.ok) expect(raw.errors.map((e) => e.message).join('\n')).toContain('总体情况');
    // filled in, it validates
    const filled = loadText(asYaml(fillBlanks(l.value.data, schema)));
    if (!filled.ok) throw new Error(JSON.stringify(filled.errors));
    const v = validate(filled.value);
    expect(v.ok ? [] : v.errors).toEqual([]);
  });

  test('never overwrites an existing file', () => {
    const file = path.join(dir, 'exists.yaml');
    fs.writeFileSync(file, 'mine\n');
    const r = runCli(['init', '--format', '2021', '--year', '2025', '--agency', '测试局', '-o', file]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('E-OUTPUT-EXISTS');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
  });

  test("--from carries last year's 结转 over and copies agency details and contacts; the result checks against last year", () => {
    const folder = path.join(dir, 'agency');
    fs.mkdirSync(folder);
    const last = path.join(folder, '2024.yaml');
    fs.copyFileSync(EXAMPLES.y2024, last);
    const r = runCli(['init', '--year', '2025', '--from', last]);
    expect(r.code).toBe(0);
    const file = path.join(folder, '2025.yaml');
    const l = loadText(fs.readFileSync(file, 'utf8'), file);
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    const prev = loadText(fs.readFileSync(last, 'utf8'));
    if (!prev.ok) throw new Error('prev');
    const d = l.value.data as any;
    const p = prev.value.data as any;
    expect(d.format).toBe(2021);
    expect(d.tables.t3.carried_over).toEqual(p.tables.t3.carried_forward);
    expect(d.agency).toEqual(p.agency);
    expect(d.preamble).toEqual(p.preamble);
    // this year's own numbers are left blank
    expect(d.tables.t3.new_received.total).toBeNull();
    expect(d.sections.overall).toEqual([null]);
    // filled in, it passes `check` next to last year's file (the carry-over agrees)
    const pack = loadPack('2021');
    if (!pack.ok) throw new Error('pack');
    const data = fillBlanks(l.value.data, buildSchema(pack.value) as S) as any;
    // keep the arithmetic right: what was carried over is all handled this year
    for (const [k, v] of Object.entries(d.tables.t3.carried_over)) {
      data.tables.t3.granted[k] = v;
      data.tables.t3.total_processed[k] = v;
    }
    fs.writeFileSync(file, asYaml(data));
    const c = runCli(['check', file]);
    expect([c.code, c.stderr]).toEqual([0, expect.stringContaining('1 个通过')]);
    expect(c.stdout).toContain('已与上一年度');
    // and a carry-over that no longer matches is an error naming both files
    data.tables.t3.carried_over.natural_person += 1;
    data.tables.t3.carried_over.total += 1;
    data.tables.t3.granted.natural_person += 1;
    data.tables.t3.granted.total += 1;
    data.tables.t3.total_processed.natural_person += 1;
    data.tables.t3.total_processed.total += 1;
    fs.writeFileSync(file, asYaml(data));
    const bad = runCli(['check', file, '--diagnostics', 'json']);
    expect(bad.code).toBe(3);
    const [e] = JSON.parse(bad.stderr).filter((x: any) => x.message.includes('T3-CARRY-CROSS-YEAR'));
    expect(e).toMatchObject({ severity: 'error', code: 'E-RULE-EQUAL', file: expect.stringMatching(/2025\.yaml$/), line: expect.any(Number) });
    expect(e.message).toContain('上一年度（2024.yaml）');
    expect(e.hints.some((h: any) => /2024\.yaml$/.test(h.file) && h.line > 0)).toBe(true);
  });

  test('usage errors: year missing, unknown format, no agency', () => {
    expect(runCli(['init', '--format', '2021', '--agency', 'x', '-o', '-']).code).toBe(2);
    expect(runCli(['init', '--format', '2031', '--year', '2025', '--agency', 'x', '-o', '-']).code).toBe(2);
    expect(runCli(['init', '--format', '2021', '--year', '2025', '-o', '-']).code).toBe(2);
    expect(runCli(['init', '--format', '2019', '--year', '2025', '--agency', 'x', '-o', '-']).stderr).toContain('2019–2020');
  });
});
