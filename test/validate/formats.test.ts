/**
 * The 2021 and 2019 packs against their consistent examples: every arithmetic rule fails when
 * one number is changed (named, at the line of that number) and passes again when restored;
 * every number of tables 三 and 四 takes part in some rule; cross-year rules compare with last
 * year's file (error for the carry-over, warning for 现行有效件数) and name both files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellKey, cellsOf } from '../../src/formats/cells';
import { loadPack } from '../../src/formats';
import type { LoadedYaml } from '../../src/load';
import type { World } from '../../src/model/world';
import { loadPrevious } from '../../src/previous';
import { validate } from '../../src/validate';
import { checkRules, expandRule, isCrossYear, Operand } from '../../src/validate/rules';
import { EXAMPLES, loadText, setAt, sourceAt } from '../helpers';

function loaded(text: string, file = 'test.yaml'): LoadedYaml {
  const l = loadText(text, file);
  if (!l.ok) throw new Error('load failed: ' + JSON.stringify(l.errors));
  return l.value;
}
const read = (f: string) => fs.readFileSync(f, 'utf8');

describe.each([
  ['2021', EXAMPLES.y2024],
  ['2019', EXAMPLES.y2020],
])('format %s: the example', (id, file) => {
  const original = read(file);
  const pack = loadPack(id);
  if (!pack.ok) throw new Error('pack');
  const rules = pack.value.rules.filter((r) => (r.sum || r.equal || r.le) && !isCrossYear(r));

  test('is consistent: no errors, no warnings', () => {
    const r = validate(loaded(original));
    expect(r.ok ? r.warnings : r.errors).toEqual([]);
  });

  test.each(rules.map((r) => [r.id, r] as const))('%s: changing one number fails naming the rule and its line; restoring passes', (_id, rule) => {
    const table = pack.value.tables[rule.table];
    const instances = expandRule(rule, table);
    expect(instances.length).toBeGreaterThan(0);
    for (const inst of instances) {
      // the number that the rule is located at: the total, the first operand, or the subset
      const at: Operand = inst.target ?? inst.lhs?.[0] ?? inst.subset!;
      const ptr = '/tables/' + cellKey(rule.table, at.path);
      const was = Number(sourceAt(original, ptr));
      const bumped = inst.subset ? Number(sourceAt(original, '/tables/' + cellKey(rule.table, inst.superset!.path))) + 1 : was + 1;
      const { text, line } = setAt(original, ptr, String(bumped));
      const r = validate(loaded(text));
      const found = [...(r.ok ? [] : r.errors), ...r.warnings].filter((d) => d.message.startsWith(`规则 ${rule.id}：`));
      expect([ptr, found.length]).toEqual([ptr, 1]);
      const d = found[0];
      expect([ptr, d.severity, d.span!.start.line]).toEqual([ptr, rule.severity, line]);
      expect(d.code).toMatch(rule.severity === 'error' ? /^E-RULE-/ : /^W-RULE-/);
      if (rule.severity === 'error') expect(r.ok).toBe(false);
      // every other number of the rule is pointed at by a hint at its own line
      expect(d.hints.every((h) => h.span && h.span.start.line > 0)).toBe(true);
    }
    // restored
    expect(validate(loaded(original)).ok).toBe(true);
  });

  test('every number of tables 三 and 四 is checked: changing any one of them fails at its line', () => {
    // the rules alone (checkRules), on the validated example with one number changed
    const base = loaded(original);
    const valid = validate(base);
    if (!valid.ok) throw new Error('example');
    const cells = ['t3', 't4'].flatMap((t) => cellsOf(pack.value.tables[t]));
    expect(cells.length).toBe(id === '2021' ? 25 * 7 + 15 : 23 * 7 + 15);
    for (const c of cells) {
      const key = cellKey(c.table, c.path);
      const line = base.positions.position(base.nodes.get('/tables/' + key)!.range[0]).line;
      const changed = new Map(valid.value.cells);
      const v = changed.get(key)!;
      changed.set(key, { text: String(Number(v.text) + 1), scaled: v.scaled + 1_000_000n });
      const ds = checkRules(pack.value, changed, base).filter((d) => d.severity === 'error');
      const lines = ds.flatMap((d) => [d.span?.start.line, ...d.hints.map((h) => h.span?.start.line)]);
      expect([key, ds.length > 0, lines.includes(line)]).toEqual([key, true, true]);
    }
  });

  test('the message writes the equation out with the actual numbers', () => {
    const { text } = setAt(original, '/tables/t3/granted/total', '99');
    const r = validate(loaded(text));
    if (r.ok) throw new Error('expected errors');
    const row = r.errors.find((d) => d.message.startsWith('规则 T3-ROW-TOTAL'))!;
    const g = (c: string) => sourceAt(original, `/tables/t3/granted/${c}`);
    const parts = ['natural_person', 'commercial_enterprise', 'research_institution', 'public_welfare_org', 'legal_service_org', 'other_org'].map(g);
    expect(row.message).toBe(`规则 T3-ROW-TOTAL：“申请处理情况表·（一）予以公开·总计”应为 ${g('total')}（= ${parts.join(' + ')}），实为 99`);
    expect(row.hints).toHaveLength(6);
  });
});

describe('values kept as written', () => {
  test('money in 万元 keeps its digits; 2019 本年增/减 keeps its sign; 采购总金额 is text', () => {
    const r21 = validate(loaded(read(EXAMPLES.y2024)));
    expect(r21.ok && r21.value.cells.get('t2/art20_8/admin_fees/amount')?.text).toBe('386.271508');
    const { text } = setAt(read(EXAMPLES.y2024), '/tables/t2/art20_8/admin_fees/amount', '24252.311082');
    const big = validate(loaded(text));
    expect(big.ok && big.value.cells.get('t2/art20_8/admin_fees/amount')?.text).toBe('24252.311082');
    const r19 = validate(loaded(read(EXAMPLES.y2020)));
    if (!r19.ok) throw new Error('2020');
    expect(r19.value.cells.get('t2/art20_5/other_admin_service/delta')?.text).toBe('+3');
    expect(r19.value.cells.get('t2/art20_5/licensing/delta')?.text).toBe('-2');
    expect(r19.value.cells.get('t2/art20_9/central_procurement/amount')?.text).toBe('1365842.50元');
  });

  test('a negative count is refused where the form has no sign', () => {
    const { text, line } = setAt(read(EXAMPLES.y2020), '/tables/t2/art20_5/licensing/decisions', '-3');
    const r = validate(loaded(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.code, e.span!.start.line])).toEqual([['E-SCHEMA-RANGE', line]]);
  });

  test('format: "2021" (quoted) names the same pack as format: 2021', () => {
    const text = read(EXAMPLES.y2024).replace(/^format: 2021/m, 'format: "2021"');
    expect(validate(loaded(text)).ok).toBe(true);
  });

  test('一、总体情况 over the 2021 format\'s 1000 characters is a warning', () => {
    const long = '为'.repeat(1001);
    const text = read(EXAMPLES.y2024).replace(/^  overall:(.*)$/m, `  overall:$1\n    - ${long}`);
    const r = validate(loaded(text));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['W-TEXT-SECTION-LENGTH']);
    expect(r.warnings[0].message).toMatch(/^“总体情况”的正文有 \d+ 字，报告格式要求篇幅原则上不超过 1000 字$/);
  });

  test('a standard sentence that does not exist is named, with the ones that do', () => {
    const text = read(EXAMPLES.y2024).replace(/- \{ sentence: requests \}/, '- { sentence: request }');
    const r = validate(loaded(text));
    if (r.ok) throw new Error('expected errors');
    expect(r.errors[0].code).toBe('E-REF-UNKNOWN');
    expect(r.errors[0].hints[0].message).toContain('requests');
  });
});

describe('across years', () => {
  const dir = path.dirname(EXAMPLES.y2024);
  /** an in-memory world holding the given files */
  const world = (files: Record<string, string>): World => ({
    size: (p) => (p in files ? Buffer.byteLength(files[p]) : null),
    read: (p) => Buffer.from(files[p]),
  });
  const f23 = path.join(dir, '2023.yaml');
  const f24 = path.join(dir, '2024.yaml');
  const run = (t24: string, t23: string | undefined, explicit?: string) => {
    const files: Record<string, string> = { [f24]: t24 };
    if (t23 !== undefined) files[explicit ?? f23] = t23;
    const cur = loaded(t24, f24);
    const prev = loadPrevious(world(files), cur, explicit);
    const r = validate(cur, { previous: prev.report });
    return { prev, r };
  };

  test("last year's file next to this one is found and agrees", () => {
    const { prev, r } = run(read(EXAMPLES.y2024), read(EXAMPLES.y2023));
    expect(prev.report?.loaded.file).toBe(f23);
    expect(prev.diags).toEqual([]);
    expect(r.ok ? r.warnings : r.errors).toEqual([]);
  });

  test('T3-CARRY-CROSS-YEAR: a carry-over that differs from last year is an error naming both files and lines', () => {
    const { text: t23, line: line23 } = setAt(read(EXAMPLES.y2023), '/tables/t3/carried_forward/natural_person', '4');
    const t24 = read(EXAMPLES.y2024);
    const { r } = run(t24, t23);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.filter((d) => d.message.includes('T3-CARRY-CROSS-YEAR'));
    expect(e).toHaveLength(1);
    expect(e[0].message).toBe('规则 T3-CARRY-CROSS-YEAR：“申请处理情况表·二、上年结转政府信息公开申请数量·自然人”（3）应等于“上一年度（2023.yaml）申请处理情况表·四、结转下年度继续办理·自然人”（4）');
    expect(e[0].span!.file).toBe(f24);
    const l24 = t24.slice(0, t24.indexOf('natural_person: 3', t24.indexOf('carried_over:'))).split('\n').length;
    expect(e[0].span!.start.line).toBe(l24);
    const inPrev = e[0].hints.find((h) => h.span?.file === f23)!;
    expect(inPrev.span!.start.line).toBe(line23);
    // --as-published turns it into a warning
    const cur = loaded(t24, f24);
    const prev = loadPrevious(world({ [f24]: t24, [f23]: t23 }), cur);
    const asPub = validate(cur, { previous: prev.report, asPublished: true });
    expect(asPub.ok).toBe(true);
    expect(asPub.warnings.map((w) => w.code)).toEqual(['W-RULE-EQUAL']);
  });

  test('T2-IN-FORCE-CROSS-YEAR: 现行有效件数 continuity is a warning only', () => {
    const { text: t23 } = setAt(read(EXAMPLES.y2023), '/tables/t2/art20_1/normative_docs/in_force', '15');
    const { r } = run(read(EXAMPLES.y2024), t23);
    expect(r.ok).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].code).toBe('W-RULE-EQUAL');
    expect(r.warnings[0].message).toContain('T2-IN-FORCE-CROSS-YEAR');
    expect(r.warnings[0].message).toContain('上一年度（2023.yaml）');
    expect(r.warnings[0].hints.some((h) => h.span?.file === f23)).toBe(true);
  });

  test('without last year the cross-year rules are skipped', () => {
    const { prev, r } = run(read(EXAMPLES.y2024), undefined);
    expect(prev).toEqual({ diags: [] });
    expect(r.ok).toBe(true);
  });

  test('--previous names the file explicitly; a file of another agency is not compared', () => {
    const other = path.join('/elsewhere', 'last.yaml');
    const { prev } = run(read(EXAMPLES.y2024), read(EXAMPLES.y2023), other);
    expect(prev.report?.loaded.file).toBe(other);
    const stranger = read(EXAMPLES.y2023).replace(/^  code: qinghe-linxi-zrzyj/m, '  code: someone-else');
    const auto = run(read(EXAMPLES.y2024), stranger);
    expect(auto.prev.report).toBeUndefined();
    expect(auto.prev.diags.map((d) => [d.code, d.severity])).toEqual([['W-PREV-AGENCY', 'warning']]);
    const named = run(read(EXAMPLES.y2024), stranger, other);
    expect(named.prev.diags.map((d) => [d.code, d.severity])).toEqual([['E-PREV-AGENCY', 'error']]);
  });

  test("a broken last year's file costs only the comparison (warning), unless named explicitly", () => {
    const broken = read(EXAMPLES.y2023).replace(/^year: 2023/m, 'year: 2023\nyear: 2023');
    const { prev, r } = run(read(EXAMPLES.y2024), broken);
    expect(prev.diags.map((d) => d.code)).toEqual(['W-PREV-INVALID']);
    expect(r.ok).toBe(true);
  });
});
