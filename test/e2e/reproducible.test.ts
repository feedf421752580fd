/**
 * Same data + same tool version + same fonts → byte-identical PDF, in separate processes;
 * the creation date comes from the data or SOURCE_DATE_EPOCH, never the clock; where the data
 * file lives does not matter.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, SEED_YAML, tmpdir } from '../helpers';
import { buildOne, PDF_NAME, trickyYaml, writeYaml, xmpOf } from '../support/archive';

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

function buildIn(yaml: string, env: NodeJS.ProcessEnv = {}): string {
  const out = tmpdir('xxgk-repro-');
  const r = runCli(['build', yaml, '--out', out], undefined, env);
  if (r.code !== 0) throw new Error(r.stderr);
  return path.join(out, PDF_NAME);
}

test('two builds in separate processes, at different times, from different paths: same SHA-256', () => {
  const a = buildIn(SEED_YAML, { TZ: 'Asia/Shanghai' });
  // another copy of the same bytes elsewhere, another time zone, a second later
  const copy = path.join(tmpdir('xxgk-repro-src-'), 'elsewhere.yaml');
  fs.copyFileSync(SEED_YAML, copy);
  fs.utimesSync(copy, new Date(), new Date(Date.now() + 86_400_000));
  const b = buildIn(copy, { TZ: 'America/New_York' });
  expect(sha(b)).toBe(sha(a));
});

/** In this (jest) process: warm caches, other environment — must not matter either. */
async function buildHere(yaml: string, epoch?: string): Promise<string> {
  const saved = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
  try {
    return (await buildOne(yaml)).file;
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

test('SOURCE_DATE_EPOCH sets the date when the data has none; the same epoch gives the same bytes', async () => {
  const epoch = '1514764800'; // 2018-01-01T00:00:00Z
  const a = buildIn(SEED_YAML, { SOURCE_DATE_EPOCH: epoch });
  const b = await buildHere(SEED_YAML, epoch);
  expect(sha(a)).toBe(sha(b));
  expect(xmpOf(a)).toContain('<xmp:CreateDate>2018-01-01T00:00:00Z</xmp:CreateDate>');
  expect(sha(a)).not.toBe(sha(await buildHere(SEED_YAML)));
});

test('the publication date wins over SOURCE_DATE_EPOCH', async () => {
  const yaml = writeYaml(trickyYaml());
  const a = await buildHere(yaml, '1514764800');
  const b = await buildHere(yaml);
  expect(sha(a)).toBe(sha(b));
  expect(xmpOf(a)).toContain('<xmp:CreateDate>2018-01-30T16:00:00Z</xmp:CreateDate>');
});
