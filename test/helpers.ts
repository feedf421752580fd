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

export const EXAMPLES = {
  /** 2021 format, with its previous year next to it */
  y2024: path.join(ROOT, 'data', 'qinghe-linxi-zrzyj', '2024.yaml'),
  y2023: path.join(ROOT, 'data', 'qinghe-linxi-zrzyj', '2023.yaml'),
  /** 2019 (trial) format */
  y2020: path.join(ROOT, 'data', 'qinghe-linxi-rsj', '2020.yaml'),
};

/** Replace the value at a JSON pointer in YAML text; returns the new text and the value's line. */
export function setAt(text: string, ptr: string, value: string): { text: string; line: number } {
  const l = loadText(text);
  if (!l.ok) throw new Error('load failed: ' + JSON.stringify(l.errors));
  const n = l.value.nodes.get(ptr);
  if (!n) throw new Error(`${ptr} not in the file`);
  const [s, e] = n.range;
  const out = text.slice(0, s) + value + text.slice(e);
  return { text: out, line: text.slice(0, s).split('\n').length };
}

/** The scalar source at a JSON pointer. */
export function sourceAt(text: string, ptr: string): string {
  const l = loadText(text);
  if (!l.ok) throw new Error('load failed');
  const n = l.value.nodes.get(ptr)!;
  return text.slice(n.range[0], n.range[1]);
}

/** Words of a PDF page with their boxes (pdftotext -bbox). */
export function pdfWords(file: string, page: number): { text: string; x0: number; y0: number; x1: number; y1: number }[] {
  const html = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]),
    text: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
  }));
}

export function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}
