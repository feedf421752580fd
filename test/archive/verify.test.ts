/**
 * xxgk-report verify: passes on what we build (PDF/A-3b with its manifest, the PDF/A-1b twin) and
 * fails, with a Chinese message per failed check and exit 3, on altered or foreign files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import PDFKit from 'pdfkit';
import { verifyPdf } from '../../src/archive/verify';
import type { Manifest } from '../../src/write/deposit';
import { ROOT, runCli, seedText, tmpdir } from '../helpers';
import { buildOne, PDF_NAME, writeYaml } from '../support/archive';

let good: Awaited<ReturnType<typeof buildOne>>;
let archive = '';
let manifest = '';

beforeAll(async () => {
  archive = tmpdir('xxgk-verify-archive-');
  const out = tmpdir('xxgk-verify-out-');
  const r = runCli(['build', path.join(ROOT, 'data'), '--out', out, '--archive', archive]);
  if (r.code !== 0) throw new Error(r.stderr);
  good = { file: path.join(archive, '2017', PDF_NAME), bytes: fs.readFileSync(path.join(archive, '2017', PDF_NAME)), built: undefined as never };
  manifest = path.join(archive, '2017', 'heze-dingtao-zxqyj-2017.manifest.json');
});

function failedChecks(r: Awaited<ReturnType<typeof verifyPdf>>) {
  return r.checks.filter((c) => c.errors.length).map((c) => c.id);
}

function codes(r: Awaited<ReturnType<typeof verifyPdf>>) {
  return r.checks.flatMap((c) => c.errors.map((e) => e.code));
}

function tampered(bytes: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from, 'utf8');
  const b = Buffer.from(to, 'utf8');
  expect(b.length).toBe(a.length); // same length: offsets and xref stay valid
  const at = bytes.indexOf(a);
  expect(at).toBeGreaterThan(0);
  const c = Buffer.from(bytes);
  b.copy(c, at);
  return c;
}

function writeTmp(bytes: Buffer, name = 'x.pdf'): string {
  const f = path.join(tmpdir('xxgk-verify-'), name);
  fs.writeFileSync(f, bytes);
  return f;
}

describe('good files pass', () => {
  test('the archived PDF/A-3b with its manifest: every check passes, exit 0', () => {
    const r = runCli(['verify', good.file, '--manifest', manifest]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('PDF/A-3B');
    expect(r.stdout).toContain('通过：');
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout.match(/✓/g)!.length).toBe(8);
  });

  test('the PDF/A-1b twin passes; the attachment check does not apply', async () => {
    const twin = await buildOne(undefined, { pdfa: 'PDF/A-1b' });
    const r = await verifyPdf(twin.bytes, twin.file);
    expect(failedChecks(r)).toEqual([]);
    expect(r.profile).toBe('PDF/A-1B');
    expect(r.checks.find((c) => c.id === 'source')!.skipped).toContain('PDF/A-1b');
  });

  test('JSON output for scripts', () => {
    const r = runCli(['verify', good.file, '--diagnostics', 'json']);
    expect(r.code).toBe(0);
    const [j] = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, profile: 'PDF/A-3B' });
    expect(j.checks.map((c: { id: string }) => c.id)).toEqual(['structure', 'identification', 'metadata', 'fonts', 'glyphs', 'forbidden', 'source']);
  });
});

describe('tampered or foreign files fail', () => {
  test('truncated: structure unreadable, the other checks not run; exit 3 with a Chinese message', () => {
    const f = writeTmp(good.bytes.subarray(0, good.bytes.length - 2000));
    const r = runCli(['verify', f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('E-VERIFY-');
    expect(r.stderr).toMatch(/文件可能被截断|不是完整的 PDF/);
    expect(r.stdout).toContain('未检查');
  });

  test('bytes appended after %%EOF: the cross-reference check fails', async () => {
    const r = await verifyPdf(Buffer.concat([good.bytes, Buffer.from('\nappended\n')]), 'x.pdf');
    expect(codes(r)).toContain('E-VERIFY-XREF');
  });

  test('the title changed in the XMP only: Info and XMP disagree', async () => {
    const xmpTitle = '<rdf:li xml:lang="x-default">菏泽市定陶区';
    const r = await verifyPdf(tampered(good.bytes, xmpTitle, '<rdf:li xml:lang="x-default">济南市历下区'), 'x.pdf');
    expect(failedChecks(r)).toEqual(['metadata']);
    expect(r.checks.find((c) => c.id === 'metadata')!.errors[0].message).toContain('信息字典 Title');
  });

  test('an unescaped & in the XMP: not well-formed', async () => {
    const r = await verifyPdf(tampered(good.bytes, '<pdf:Keywords>政府', '<pdf:Keywords>&&&&&&'), 'x.pdf');
    expect(codes(r)).toContain('E-VERIFY-XMP');
    expect(r.checks.find((c) => c.id === 'identification')!.errors[0].message).toContain('未转义的 &');
  });

  test('the recorded source hash altered: the attachment no longer matches', async () => {
    const text = good.bytes.toString('latin1');
    const sha = /<xxgk:SourceDataSHA256>([0-9a-f]{64})</.exec(text)![1];
    const other = (sha[0] === 'a' ? 'b' : 'a') + sha.slice(1);
    const r = await verifyPdf(tampered(good.bytes, sha, other), 'x.pdf');
    expect(failedChecks(r)).toEqual(['source']);
    expect(codes(r)).toEqual(['E-VERIFY-SOURCE']);
  });

  test('any changed byte, checked against the manifest: not the archived file', async () => {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Manifest;
    // a byte inside an embedded font program (compressed): nothing else notices
    const at = good.bytes.indexOf(Buffer.from('/FontFile2'));
    const c = Buffer.from(good.bytes);
    const streamAt = c.indexOf(Buffer.from('stream\n'), c.lastIndexOf(Buffer.from(' obj'), at)) + 7 + 40;
    c[streamAt] ^= 0x01;
    const r = await verifyPdf(c, 'x.pdf', m);
    expect(codes(r)).toContain('E-VERIFY-MANIFEST');
    expect(r.checks.find((x) => x.id === 'manifest')!.errors[0].message).toContain('归档清单中没有');
    // and on the CLI, exit 3
    const cli = runCli(['verify', writeTmp(c), '--manifest', manifest]);
    expect(cli.code).toBe(3);
    expect(cli.stderr).toContain('归档清单');
  });

  test('a report built from other data does not match the manifest of the archived one', async () => {
    const other = await buildOne(writeYaml(seedText().replace('按时办理交办件3件', '按时办理交办件4件')));
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Manifest;
    const r = await verifyPdf(other.bytes, other.file, m);
    expect(failedChecks(r)).toEqual(['manifest']);
  });

  test('a plain PDF with a missing glyph and a standard font: fonts, .notdef, PDF/A id, metadata, source', async () => {
    const bytes = await new Promise<Buffer>((resolve) => {
      const d = new PDFKit();
      const chunks: Buffer[] = [];
      d.on('data', (b: Buffer) => chunks.push(b));
      d.on('end', () => resolve(Buffer.concat(chunks)));
      d.text('hello');
      d.font(path.join(ROOT, 'fonts', 'FandolFang-Regular.ttf')).text('人名：镕堃'); // FandolFang lacks 镕 and 堃
      d.end();
    });
    const r = await verifyPdf(bytes, 'plain.pdf');
    expect(failedChecks(r)).toEqual(['identification', 'metadata', 'fonts', 'glyphs', 'source']);
    const notdef = r.checks.find((c) => c.id === 'glyphs')!.errors[0];
    expect(notdef.code).toBe('E-VERIFY-NOTDEF');
    expect(notdef.message).toMatch(/第 1 页用字体 [A-Z]{6}\+FandolFang-Regular 印出了 2 处 \.notdef/);
    const fonts = r.checks.find((c) => c.id === 'fonts')!.errors.map((e) => e.message);
    expect(fonts).toContain('字体 Helvetica 没有嵌入');
  });

  test('not a PDF at all', () => {
    const r = runCli(['verify', writeTmp(Buffer.from('format: pre2019\n'), 'x.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('不是完整的 PDF');
  });
});
