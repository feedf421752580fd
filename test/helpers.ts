import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '../src/load';

export const ROOT = path.resolve(__dirname, '..');
export const SEED_YAML = path.join(ROOT, 'data', 'heze-dingtao-zxqyj', '2017.yaml');
export const SEED_TEXT = path.resolve(ROOT, '..', 'shared', 'seed', '000_2c33c93328185bbb.txt');
export const BIN = path.join(ROOT, 'bin', 'xxgk-report.js');

export function tmpdir(prefix = 'xxgk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function seedText(): string {
  return fs.readFileSync(SEED_YAML, 'utf8');
}

/** Parse YAML text as if it were a file (no disk). */
export function loadText(text: string, file = 'test.yaml') {
  return parse(file, Buffer.from(text, 'utf8'));
}

/** Replace the first line matching `re` in the seed; fails loudly when nothing matched. */
export function seedWith(re: RegExp, replacement: string): string {
  const t = seedText();
  if (!re.test(t)) throw new Error(`pattern ${re} not in seed`);
  return t.replace(re, replacement);
}

export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not found`);
  return text.slice(0, i).split('\n').length;
}

export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function pdftotext(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Letters and digits only (NFKC first): how the seed and the PDF text are compared. */
export function lettersDigits(s: string): string {
  return s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
}
