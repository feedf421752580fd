import * as path from 'node:path';
import { check } from '../../src/pipeline';
import { formatDiagnostics } from '../../src/diag/print';
import { error } from '../../src/diag/diagnostic';

const fixture = (n: string) => path.relative(process.cwd(), path.join(__dirname, '..', 'fixtures', 'invalid', n));
function diags(n: string) {
  const r = check(fixture(n));
  if (r.ok) throw new Error('expected errors');
  return [...r.errors, ...r.warnings];
}

describe('diagnostic printers', () => {
  test('human: the YAML line with a caret under the span, and the hints', () => {
    const out = formatDiagnostics(diags('phone-as-number.yaml'), 'human');
    expect(out).toContain('错误[E-SCHEMA-NEEDS-QUOTES]: “机关信息·联系电话”应当是文字，实际是数字 5302116333');
    expect(out).toContain('--> test/fixtures/invalid/phone-as-number.yaml:14:10');
    expect(out).toContain('14 |   phone: 05302116333');
    // the caret sits under the value (wide characters count two columns)
    expect(out).toMatch(/\n\s+\| {10}\^{11}\n/);
    expect(out).toContain('提示: 请给它加上引号，写成 "05302116333"');
  });

  test('human: a rule failure points at each addend with its own location', () => {
    const out = formatDiagnostics(diags('sum-does-not-add-up.yaml'), 'human');
    expect(out).toContain('提示: 加数：“统计表·2.政府网站公开政府信息数” = 35（test/fixtures/invalid/sum-does-not-add-up.yaml:79:13）');
  });

  test('json: an array of objects for other tools', () => {
    const out = JSON.parse(formatDiagnostics(diags('unknown-key.yaml'), 'json'));
    expect(out[0]).toMatchObject({ severity: 'error', code: 'E-SCHEMA-UNKNOWN-KEY', file: 'test/fixtures/invalid/unknown-key.yaml', line: 15, col: 3 });
    expect(out[0].hints[0].message).toContain('website');
  });

  test('sorted by position, de-duplicated, capped with the count of the rest', () => {
    const span = (line: number) => ({ file: 'x.yaml', start: { line, col: 1 }, end: { line, col: 2 } });
    const ds = [5, 3, 3, 9, 1, 7].map((l) => error('E-X', `第 ${l} 行`, span(l)));
    const out = formatDiagnostics(ds, 'short', 3);
    expect(out.trim().split('\n')).toEqual([
      'x.yaml:1:1: error[E-X]: 第 1 行',
      'x.yaml:3:1: error[E-X]: 第 3 行',
      'x.yaml:5:1: error[E-X]: 第 5 行',
      '还有 2 个问题未显示',
    ]);
  });
});
