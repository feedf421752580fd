/**
 * Format packs: each loads, its committed schema.json is what `npm run schemas` would write,
 * and its templates compile.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listPacks, loadPack, TEMPLATES_DIR } from '../../src/formats';
import { buildSchema } from '../../src/formats/schema';
import { compileTemplate } from '../../src/merge';

describe.each(listPacks())('pack %s', (id) => {
  const p = loadPack(id);
  test('loads', () => {
    expect(p.ok ? [] : p.errors).toEqual([]);
  });
  test('schema.json is up to date (run npm run schemas)', () => {
    if (!p.ok) return;
    const committed = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, id, 'schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildSchema(p.value))));
  });
  test('every template compiles', () => {
    if (!p.ok) return;
    for (const [name, t] of Object.entries(p.value.templates)) {
      const c = compileTemplate(p.value, name, t.source, t.file);
      expect([name, c.ok ? [] : c.errors]).toEqual([name, []]);
    }
  });
});

test('the packs of the national formats: 2021 and 2019 next to pre2019', () => {
  expect(listPacks()).toEqual(['2019', '2021', 'pre2019']);
});
