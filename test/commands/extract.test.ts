/**
 * xxgk-report extract: the embedded source data comes back byte for byte (to stdout or -o file),
 * an existing different file is never replaced, a PDF without source data is refused.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, runCli, SEED_YAML, seedText, tmpdir } from '../helpers';
import { buildOne, PDF_NAME, trickyYaml, writeYaml } from '../support/archive';

let pdf = '';
beforeAll(async () => {
  pdf = (await buildOne()).file;
});

test('to standard output, byte for byte', () => {
  const r = spawnSync(process.execPath, [BIN, 'extract', pdf]);
  expect(r.status).toBe(0);
  expect(Buffer.compare(r.stdout, fs.readFileSync(SEED_YAML))).toBe(0);
});

test('-o file: byte for byte; again = no change; a different existing file is kept, exit 5', () => {
  const dir = tmpdir('xxgk-extract-');
  const f = path.join(dir, '数据.yaml');
  const r = runCli(['extract', pdf, '-o', f]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('已取出源数据 heze-dingtao-zxqyj-2017.yaml');
  expect(fs.readFileSync(f).equals(fs.readFileSync(SEED_YAML))).toBe(true);
  expect(runCli(['extract', pdf, '-o', f]).code).toBe(0);
  fs.writeFileSync(f, 'mine\n');
  const again = runCli(['extract', pdf, '-o', f]);
  expect(again.code).toBe(5);
  expect(again.stderr).toContain('已存在且内容不同，未覆盖');
  expect(fs.readFileSync(f, 'utf8')).toBe('mine\n');
  expect(fs.readdirSync(dir)).toEqual(['数据.yaml']); // no temp file left
});

test('a BOM, CRLF line ends and non-ASCII survive exactly', async () => {
  const text = '\ufeff' + trickyYaml().replace(/\n/g, '\r\n');
  const yaml = writeYaml(text);
  const built = await buildOne(yaml);
  const r = spawnSync(process.execPath, [BIN, 'extract', built.file]);
  expect(Buffer.compare(r.stdout, fs.readFileSync(yaml))).toBe(0);
});

test('the PDF/A-1b twin has no source data: refused with a hint', async () => {
  const twin = await buildOne(writeYaml(seedText()), { pdfa: 'PDF/A-1b' });
  const r = runCli(['extract', twin.file]);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('E-EXTRACT-NO-SOURCE');
  expect(r.stderr).toContain('PDF/A-1b');
  expect(path.basename(twin.file)).toBe(PDF_NAME);
});

test('usage errors', () => {
  expect(runCli(['extract']).code).toBe(2);
  expect(runCli(['extract', '/nonexistent.pdf']).code).toBe(3);
});
