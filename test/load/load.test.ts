import * as fs from 'node:fs';
import * as path from 'node:path';
import { load, parse } from '../../src/load';
import { diskWorld } from '../../src/model/world';
import { loadText, SEED_YAML, tmpdir } from '../helpers';

function errs(text: string | Buffer) {
  const r = typeof text === 'string' ? loadText(text) : parse('test.yaml', text);
  if (r.ok) throw new Error('expected failure');
  return r.errors;
}

describe('load', () => {
  test('reads the seed report with positions for every value', () => {
    const r = load(diskWorld, SEED_YAML);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const phone = r.value.nodes.get('/agency/phone')!;
    expect(r.value.text.slice(phone.range[0], phone.range[1])).toBe('"0530-2116333"');
    expect(r.value.positions.position(phone.range[0]).line).toBe(14);
  });

  test('empty file', () => {
    expect(errs('').map((e) => e.code)).toEqual(['E-INPUT-EMPTY']);
    expect(errs('# only a comment\n\n').map((e) => e.code)).toEqual(['E-INPUT-EMPTY']);
  });

  test('GBK bytes are refused with the position of the first bad byte and a hint', () => {
    const gbk = Buffer.concat([Buffer.from('format: pre2019\nagency:\n  name: '), Buffer.from([0xb2, 0xe2, 0xca, 0xd4]), Buffer.from('\n')]);
    const [e] = errs(gbk);
    expect(e.code).toBe('E-INPUT-ENCODING');
    expect(e.message).toContain('GBK');
    expect(e.span!.start).toEqual({ line: 3, col: 9 });
  });

  test.each([
    ['a: 1\na: 2\n', 'E-YAML-DUPLICATE-KEY', 2, 1],
    ['a:\n\t- 1\n', 'E-YAML-TAB', 2, 1],
    ['a: 1\n---\nb: 2\n', 'E-YAML-MULTIDOC', 2, 1],
    ['a: [1, 2\n', 'E-YAML-SYNTAX', 2, 1],
    ['a: &x 1\nb: *x\n', 'E-YAML-ALIAS', 1, 4],
    ['a: !!binary aGVsbG8=\n', 'E-YAML-TAG', 1, 4],
    ['a: !foo 1\n', 'E-YAML-TAG', 1, 4],
    ['1: x\n', 'E-YAML-KEY', 1, 1],
    ['? [a]\n: 1\n', 'E-YAML-KEY', 1, 3],
    ['__proto__: {x: 1}\n', 'E-YAML-KEY', 1, 1],
    ['- a\n- b\n', 'E-YAML-NOT-MAPPING', 1, 1],
  ])('%j → %s at %i:%i', (text, code, line, col) => {
    const e = errs(text);
    expect(e[0].code).toBe(code);
    expect(e[0].span!.start).toEqual({ line, col });
  });

  test('columns count code points (𠮷 is one column)', () => {
    const r = loadText('a: 𠮷𠮷x\nb: 1\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const n = r.value.nodes.get('/a')!;
    expect(r.value.positions.span(n.range[0], n.range[1]).end.col).toBe(7);
  });

  test('deep nesting is one error, not hundreds', () => {
    const e = errs('a: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n');
    expect(e.filter((x) => x.code === 'E-YAML-NESTING')).toHaveLength(1);
    expect(e.length).toBeLessThan(5);
  });

  test('files too large are refused before reading', () => {
    const dir = tmpdir();
    const f = path.join(dir, 'big.yaml');
    fs.writeFileSync(f, 'a: "' + 'x'.repeat(3 * 1024 * 1024) + '"\n');
    let read = false;
    const r = load({ size: diskWorld.size, read: (p) => ((read = true), diskWorld.read(p)) }, f);
    expect(r.ok).toBe(false);
    expect(read).toBe(false);
    if (!r.ok) expect(r.errors[0].code).toBe('E-INPUT-TOO-LARGE');
  });

  test('a missing file', () => {
    const r = load(diskWorld, '/nonexistent/x.yaml');
    expect(!r.ok && r.errors[0].code).toBe('E-INPUT-MISSING');
  });
});
