/**
 * The built PDF/A-3b checked with the Debian tools archives use: qpdf --check, pdffonts (every font
 * embedded, subset, with ToUnicode), pdfdetach (the source data, byte for byte) and a pdftotext round
 * trip: the phone number, the URL and every full-width punctuation mark of the document come back
 * exactly (U+3000, a space, is whitespace to pdftotext and is not counted).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/pipeline';
import type { DocBlock } from '../../src/model/document';
import { pdftotext, SEED_YAML, tmpdir } from '../helpers';
import { buildOne } from '../support/archive';

let pdf = '';
beforeAll(async () => {
  pdf = (await buildOne()).file;
});

test('qpdf --check finds no damage', () => {
  const q = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
  expect([q.status, q.stdout]).toEqual([0, expect.stringContaining('No syntax or stream encoding errors')]);
});

test('pdffonts: every font embedded, subset, with a ToUnicode map', () => {
  const rows = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(rows.length).toBeGreaterThanOrEqual(4);
  for (const r of rows) expect([r, r.trim().split(/\s+/).slice(-5, -2)]).toEqual([r, ['yes', 'yes', 'yes']]);
});

test('pdfdetach lists the source data and saves it byte for byte', () => {
  expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toBe('1 embedded files\n1: heze-dingtao-zxqyj-2017.yaml\n');
  const dir = tmpdir('xxgk-detach-');
  const out = path.join(dir, 'x.yaml');
  execFileSync('pdfdetach', ['-save', '1', '-o', out, pdf]);
  expect(fs.readFileSync(out).equals(fs.readFileSync(SEED_YAML))).toBe(true);
});

test('pdftotext: phone number, URL and all full-width punctuation come back exactly', () => {
  const text = pdftotext(pdf).replace(/^\s*—\s*\d+\s*—\s*$/gm, ''); // page numbers
  expect(text).toContain('0530-2116333');
  expect(text).toContain('http://dt.smesd.gov.cn/');
  // what the document says: its title, blocks and tables, from the merged model
  const c = check(SEED_YAML);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  const doc = c.value.doc;
  const parts: string[] = [doc.title];
  const block = (b: DocBlock) => {
    if (b.kind === 'heading') parts.push(b.text);
    else if (b.kind === 'paragraph') parts.push(...b.runs.map((r) => r.text));
    else tableText(b.table);
  };
  const tableText = (t: { caption?: string; header: { cells: { text: string }[] }[]; body: { cells: { text: string }[] }[]; footnote?: string }) => {
    if (t.caption) parts.push(t.caption);
    for (const r of [...t.header, ...t.body]) parts.push(...r.cells.map((x) => x.text));
    if (t.footnote) parts.push(t.footnote);
  };
  doc.body.forEach(block);
  for (const a of doc.appendices) {
    parts.push(a.label, a.title);
    tableText(a.table);
  }
  const FULL = /[\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]/gu;
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const ch of s.match(FULL) ?? []) m.set(ch, (m.get(ch) ?? 0) + 1);
    return Object.fromEntries([...m].sort());
  };
  const expected = count(parts.join(''));
  expect(Object.keys(expected).length).toBeGreaterThanOrEqual(8);
  expect(count(text)).toEqual(expected);
});
