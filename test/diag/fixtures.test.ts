/**
 * One fixture per mistake (test/fixtures/invalid/*.yaml), its expected diagnostics in short format
 * beside it (*.expected). `UPDATE=1 npx jest test/diag` rewrites the expected files; review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor } from '../../src/diag/diagnostic';
import { formatDiagnostics } from '../../src/diag/print';
import { check } from '../../src/pipeline';

const dir = path.join(__dirname, '..', 'fixtures', 'invalid');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('invalid inputs: expected diagnostics', () => {
  test('there is a fixture for every class of mistake', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  test.each(fixtures)('%s', (name) => {
    const file = path.relative(process.cwd(), path.join(dir, name));
    const r = check(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const all = [...r.errors, ...r.warnings];
    const got = formatDiagnostics(all, 'short', 1000);
    const expectedFile = path.join(dir, name.replace(/\.yaml$/, '.expected'));
    if (process.env.UPDATE === '1' || !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, got);
    expect(got).toBe(fs.readFileSync(expectedFile, 'utf8'));
    // data mistakes exit with 3; every line names the file, a line and a column
    expect(exitCodeFor(all)).toBe(3);
    for (const l of got.trim().split('\n')) expect(l).toMatch(/^test\/fixtures\/invalid\/[a-z0-9-]+\.yaml:\d+:\d+: (error|warning)\[[EW]-[A-Z-]+\]: \S/);
  });
});
