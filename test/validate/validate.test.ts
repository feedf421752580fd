import { loadPack } from '../../src/formats';
import { validate } from '../../src/validate';
import { lineOf, loadText, seedText, seedWith } from '../helpers';

function run(text: string, opts = {}) {
  const l = loadText(text);
  if (!l.ok) throw new Error('load failed: ' + JSON.stringify(l.errors));
  return validate(l.value, opts);
}
function errors(text: string) {
  const r = run(text);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
/** set one statistics cell of the seed */
function withCell(id: string, value: string): string {
  return seedWith(new RegExp(`^    ${id}: [^ ]+`, 'm'), `    ${id}: ${value}`);
}

describe('validate: the seed', () => {
  test('passes without warnings, blanks stay blank and numbers exact', () => {
    const r = run(seedText());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.value.cells.get('stats/s1')?.text).toBe('98');
    expect(r.value.cells.get('stats/s1_1')).toBeNull();
    expect(r.value.cells.get('stats/s9_3')?.text).toBe('350');
  });
});

describe('validate: structure', () => {
  test('a typo key names the key, its line, and the right spelling', () => {
    const text = seedWith(/^  self_reference:/m, '  self_refrence:');
    const e = errors(text);
    const typo = e.find((d) => d.code === 'E-SCHEMA-UNKNOWN-KEY')!;
    expect(typo.message).toContain('self_refrence');
    expect(typo.span!.start.line).toBe(lineOf(text, 'self_refrence'));
    expect(typo.hints[0].message).toContain('self_reference');
    // and the real key is now missing, named by its Chinese label
    expect(e.find((d) => d.code === 'E-SCHEMA-REQUIRED')!.message).toContain('正文中的自称');
  });

  test('a wrong type names the field in Chinese with expected and found', () => {
    const text = withCell('s9_2', '五');
    const [e] = errors(text);
    expect(e.code).toBe('E-SCHEMA-TYPE');
    expect(e.message).toContain('（二）举办各类培训班数');
    expect(e.message).toContain('整数');
    expect(e.span!.start.line).toBe(lineOf(text, 's9_2: 五'));
  });

  test.each([
    ['１２', '半角数字'],
    ['"1,234"', '千位分隔符'],
    ['"12"', '不要加引号'],
  ])('count written as %s gets a precise hint', (v, hint) => {
    const [e] = errors(withCell('s9_2', v));
    expect(e.hints.map((h) => h.message).join()).toContain(hint);
  });

  test.each([['-1'], ['2.5'], ['.nan'], ['.inf'], ['99999999999']])('count %s is refused', (v) => {
    const e = errors(withCell('s9_2', v));
    expect(e).toHaveLength(1);
    expect(e[0].code).toMatch(/^E-SCHEMA-(RANGE|NAN|TYPE)$/);
  });

  test('a phone number that YAML reads as a number asks for quotes', () => {
    const text = seedWith(/^  phone: .*$/m, '  phone: 0530');
    const [e] = errors(text);
    expect(e.code).toBe('E-SCHEMA-NEEDS-QUOTES');
    expect(e.hints[0].message).toContain('"0530"');
  });

  test('all missing sections and fields are listed at once', () => {
    const text = seedText().replace(/^  overview:[\s\S]*?(?=^  organization:)/m, '').replace(/^year: .*\n/m, '');
    const e = errors(text);
    const msgs = e.map((d) => d.message).join('\n');
    expect(msgs).toContain('基本概述');
    expect(msgs).toContain('报告年度');
  });

  test('control and bidi characters are named by code point, column exact', () => {
    const text = seedWith(/^  name: 菏泽市定陶区中小企业局/m, '  name: "菏泽\\u202E市定陶区中小企业局"');
    const [e] = errors(text);
    expect(e.code).toBe('E-TEXT-CONTROL');
    expect(e.message).toContain('U+202E');
    expect(e.message).toContain('机关全称');
    expect(e.span!.start.col).toBe(12);
  });

  test('a zero-width space typed literally is found at its column', () => {
    const text = seedWith(/^  self_reference: 我局/m, '  self_reference: 我\u200b局');
    const [e] = errors(text);
    expect(e.message).toContain('U+200B');
    expect(e.span!.start.col).toBe(20);
  });

  test('an unknown cell reference in prose suggests the nearest one', () => {
    const text = seedWith(/cell: stats\/s2_2_3 /, 'cell: stats/s2_2_33 ');
    const [e] = errors(text);
    expect(e.code).toBe('E-REF-UNKNOWN');
    expect(e.hints[0].message).toContain('stats/s2_2_3');
  });

  test('unknown format', () => {
    const [e] = errors(seedWith(/^format: pre2019/m, 'format: pre2109'));
    expect(e.code).toBe('E-SCHEMA-FORMAT');
    expect(e.hints[0].message).toContain('pre2019');
  });

  test('a decimal keeps its written digits', () => {
    const r = run(withCell('s8_5', '9116.30'));
    expect(r.ok && r.value.cells.get('stats/s8_5')?.text).toBe('9116.30');
  });
});

describe('validate: every arithmetic rule of the pre-2019 table', () => {
  const pack = loadPack('pre2019');
  if (!pack.ok) throw new Error('pack');
  const rules = pack.value.rules.filter((r) => r.severity === 'error' && (r.sum || r.le));
  test.each(rules.map((r) => [r.id, r] as const))('%s fails when broken and passes when restored', (_id, rule) => {
    // break: for a sum, the target is one more than its parts; for ≤, the subset one more
    const cell = rule.sum ? rule.sum.target : rule.le!.subset;
    const seed = run(seedText());
    if (!seed.ok) throw new Error('seed');
    const value = (id: string) => Number((seed.value.cells.get(`stats/${id}`)?.scaled ?? 0n) / 1000000n);
    const broken = String(rule.sum ? value(rule.sum.target) + 1 : value(rule.le!.superset) + 1);
    const text = withCell(cell, broken);
    const e = errors(text);
    const hit = e.find((d) => d.message.includes(rule.id));
    expect(hit).toBeDefined();
    expect(hit!.code).toMatch(/^E-RULE-/);
    expect(hit!.span!.start.line).toBe(lineOf(text, `    ${cell}: ${broken}`));
    // restoring the number passes again
    expect(run(seedText()).ok).toBe(true);
  });

  test('the message writes the equation out with the actual numbers, hints point at each addend', () => {
    const text = withCell('s1_2', '97');
    const [e] = errors(text);
    expect(e.message).toBe('规则 P-1-CHANNELS：“统计表·（二）通过不同渠道和方式公开政府信息的情况”应为 98（= 0 + 36 + 0 + 0 + 62），实为 97');
    expect(e.hints).toHaveLength(5);
    expect(e.hints[1].span!.start.line).toBe(lineOf(text, 's1_2_2: 36'));
  });

  test('--as-published turns rule errors into warnings', () => {
    const r = run(withCell('s1_2', '97'), { asPublished: true });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['W-RULE-SUM']);
  });

  test('an acknowledgement in the data does the same for one rule, with its reason', () => {
    const text = withCell('s1_2', '97').replace(/^sections:/m, 'acknowledge:\n  - { rule: P-1-CHANNELS, reason: 原报告如此发布 }\nsections:');
    const r = run(text);
    expect(r.ok).toBe(true);
    expect(r.warnings[0].hints[0].message).toContain('原报告如此发布');
  });

  test('plausibility warnings are skipped when one side is blank and reported when filled', () => {
    const r = run(withCell('s1_1', '90'));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message).join()).toContain('P-1-CHANNELS-EQ-ITEMS');
  });
});
