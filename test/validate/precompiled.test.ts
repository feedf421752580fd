/**
 * The validators compiled at install time (scripts/precompile-validators.js) are the ones the
 * packs' schemas call for, and report exactly what ajv compiled at run time reports.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { listPacks, loadPack, parsedPack, parsedPackFile } from '../../src/formats';
import { buildSchema } from '../../src/formats/schema';
import { AJV_OPTIONS, validatorFile } from '../../src/validate';
import { ROOT } from '../helpers';

describe('precompiled validators', () => {
  const fixtures = path.join(__dirname, '..', 'fixtures', 'invalid');
  test.each(listPacks())('%s: present in dist/ and equivalent to a runtime compile', (id) => {
    const pack = loadPack(id);
    if (!pack.ok) throw new Error('pack');
    const schema = buildSchema(pack.value);
    const file = path.join(ROOT, 'dist', 'validators', path.basename(validatorFile(id, schema)));
    expect(fs.existsSync(file)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pre = require(file);
    const validate = typeof pre === 'function' ? pre : pre.default;
    const runtime = new Ajv(AJV_OPTIONS).compile(schema);
    const docs = fs.readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).map((f) => {
      try {
        return parse(fs.readFileSync(path.join(fixtures, f), 'utf8'));
      } catch {
        return null;
      }
    });
    for (const d of docs) {
      const a = runtime(d);
      const b = validate(d);
      expect(b).toBe(a);
      const strip = (es: typeof runtime.errors) => (es ?? []).map((e) => [e.keyword, e.instancePath, e.params, (e.parentSchema as { title?: string })?.title]);
      expect(strip(validate.errors)).toEqual(strip(runtime.errors));
    }
  });
});

describe('format packs kept as JSON at install time', () => {
  test.each(listPacks())('%s: dist/packs holds exactly what the YAML parser reads from format.yaml', (id) => {
    const source = fs.readFileSync(path.join(ROOT, 'templates', id, 'format.yaml'), 'utf8');
    const file = path.join(ROOT, 'dist', 'packs', path.basename(parsedPackFile(id, source)));
    expect(fs.existsSync(file)).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(parsedPack(source));
  });

  test('an edited format.yaml has another name: it is parsed, not taken from the copy', () => {
    const id = listPacks()[0];
    const source = fs.readFileSync(path.join(ROOT, 'templates', id, 'format.yaml'), 'utf8');
    expect(parsedPackFile(id, source + '\n# edited\n')).not.toBe(parsedPackFile(id, source));
  });
});
