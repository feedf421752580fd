/**
 * Property tests: whatever the input, load → validate never throws, and every diagnostic's span
 * lies inside the file.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../src/diag/diagnostic';
import { parse } from '../../src/load';
import { validate } from '../../src/validate';
import { seedText } from '../helpers';

function run(text: string): Diagnostic[] {
  const l = parse('p.yaml', Buffer.from(text, 'utf8'));
  if (!l.ok) return l.errors;
  const v = validate(l.value);
  return v.ok ? v.warnings : [...v.errors, ...v.warnings];
}

function inside(text: string, ds: Diagnostic[]) {
  const lines = text.split('\n');
  for (const d of ds) {
    if (!d.span) continue;
    expect(d.span.start.line).toBeGreaterThanOrEqual(1);
    expect(d.span.start.line).toBeLessThanOrEqual(Math.max(1, lines.length));
    const len = [...(lines[d.span.start.line - 1] ?? '')].length;
    expect(d.span.start.col).toBeGreaterThanOrEqual(1);
    expect(d.span.start.col).toBeLessThanOrEqual(len + 1);
    expect(typeof d.message).toBe('string');
    expect(d.code).toMatch(/^[EW]-[A-Z-]+$/);
  }
}

describe('load → validate never throws', () => {
  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        inside(s, run(s));
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary YAML-ish text built from report fragments', () => {
    const pieces = seedText().split('\n');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 30 })), { maxLength: 60 }), (ls) => {
        const s = ls.join('\n');
        inside(s, run(s));
      }),
      { numRuns: 200 },
    );
  });

  test('arbitrary JSON values in place of report fields', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('agency', 'year', 'tables', 'sections', 'preamble', 'format', 'title'), (v, key) => {
        const doc = { ...require('yaml').parse(seedText()), [key]: v };
        const s = stringify(doc);
        inside(s, run(s));
      }),
      { numRuns: 200 },
    );
  });

  test('every single-line edit of the seed', () => {
    const lines = seedText().split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 20 }), (i, s) => {
        const copy = [...lines];
        copy[i] = copy[i].slice(0, Math.floor(copy[i].length / 2)) + s;
        const t = copy.join('\n');
        inside(t, run(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe('keys that shadow Object.prototype never crash the checks', () => {
  test.each([
    ['format', '{ toString: 0 }'],
    ['agency', '{ toString: 0, valueOf: 1, constructor: 2 }'],
    ['acknowledge', '[{ rule: P-1-CHANNELS, reason: { toString: 0 } }]'],
    ['title', '{ toString: 0 }'],
    ['year', '{ valueOf: 0 }'],
  ])('%s: %s', (key, value) => {
    const text = seedText().replace(new RegExp(`^${key}:.*$`, 'm'), '') + `${key}: ${value}\n`;
    const ds = run(text);
    expect(ds.some((d) => d.severity === 'error')).toBe(true);
    inside(text, ds);
  });
});
