/**
 * --archive: <dir>/<year>/<code>-<year>.pdf + manifest; a re-run with the same data changes nothing;
 * changed data adds -v2 and keeps both listed; an archived file is never replaced; an interrupted
 * deposit is completed; a file altered after deposit stops the run before anything is written.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from '../../src/pipeline';
import { deposit, Manifest, publishNoOverwrite } from '../../src/write/deposit';
import { runCli, seedText, tmpdir } from '../helpers';
import { PDF_NAME, writeYaml } from '../support/archive';

const MANIFEST = 'heze-dingtao-zxqyj-2017.manifest.json';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** every file under dir (relative path → sha256 and mtime) */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${sha(fs.readFileSync(p))} ${fs.statSync(p).mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

function archiveBuild(yaml: string, archive: string) {
  const r = runCli(['build', yaml, '--out', tmpdir('xxgk-dep-out-'), '--archive', archive]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r;
}

/** The same through the pipeline in this process (faster than a new process). */
async function archiveHere(yaml: string, archive: string) {
  const r = await build(yaml, tmpdir('xxgk-dep-out-'), { archive });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.deposited!;
}

const changed = () => writeYaml(seedText().replace('按时办理交办件3件', '按时办理交办件4件'));

describe('--archive', () => {
  const archive = tmpdir('xxgk-archive-');
  const seed = writeYaml(seedText());

  test('first deposit: <year>/<code>-<year>.pdf and its manifest with sizes, hashes, format, tool, fonts', () => {
    const r = archiveBuild(seed, archive);
    expect(r.stdout).toContain('已归档：');
    expect(fs.readdirSync(path.join(archive, '2017')).sort()).toEqual([PDF_NAME, MANIFEST].sort());
    const pdf = fs.readFileSync(path.join(archive, '2017', PDF_NAME));
    const m = JSON.parse(fs.readFileSync(path.join(archive, '2017', MANIFEST), 'utf8')) as Manifest;
    expect(m.versions).toHaveLength(1);
    const [v] = m.versions;
    expect(v).toMatchObject({ version: 1, file: PDF_NAME, size: pdf.length, sha256: sha(pdf), format: 'PDF/A-3b', reportFormat: 'pre2019', mediaType: 'application/pdf' });
    expect(v.pages).toBeGreaterThanOrEqual(8);
    expect(v.sourceData).toEqual({ file: 'heze-dingtao-zxqyj-2017.yaml', mediaType: 'application/yaml', size: fs.statSync(seed).size, sha256: sha(fs.readFileSync(seed)), relationship: 'Source' });
    expect(v.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(v.fonts.map((f) => f.file)).toContain('FandolFang-Regular.ttf');
    for (const f of v.fonts) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the same data again: nothing in the archive changes (not even a timestamp)', () => {
    const before = snapshot(archive);
    const r = archiveBuild(seed, archive);
    expect(r.stdout).toContain('归档中已有内容完全相同的文件，未改动');
    expect(snapshot(archive)).toEqual(before);
  });

  test('changed data: a -v2 beside the first, both listed; the first untouched', async () => {
    const first = fs.readFileSync(path.join(archive, '2017', PDF_NAME));
    const d = await archiveHere(changed(), archive);
    expect(d).toMatchObject({ version: 2, unchanged: false });
    const dir = path.join(archive, '2017');
    expect(fs.readdirSync(dir).sort()).toEqual(['heze-dingtao-zxqyj-2017-v2.pdf', PDF_NAME, MANIFEST].sort());
    expect(fs.readFileSync(path.join(dir, PDF_NAME)).equals(first)).toBe(true);
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m.versions.map((v) => [v.version, v.file])).toEqual([
      [1, PDF_NAME],
      [2, 'heze-dingtao-zxqyj-2017-v2.pdf'],
    ]);
    expect(m.versions[1].sha256).toBe(sha(fs.readFileSync(path.join(dir, 'heze-dingtao-zxqyj-2017-v2.pdf'))));
    expect(m.versions[1].sourceData.sha256).not.toBe(m.versions[0].sourceData.sha256);
    // each version verifies against the manifest
    for (const v of m.versions) expect(runCli(['verify', path.join(dir, v.file), '--manifest', path.join(dir, MANIFEST)]).code).toBe(0);
    // and the first data again is a no-op: it is already archived as version 1
    const before = snapshot(archive);
    expect(await archiveHere(seed, archive)).toMatchObject({ version: 1, unchanged: true });
    expect(snapshot(archive)).toEqual(before);
  });

  test('an archived file altered afterwards: the run stops, exit 5, nothing written', () => {
    // (a new process: the exit code and the printed message are part of what is tested)
    const dir = path.join(archive, '2017');
    const v2 = path.join(dir, 'heze-dingtao-zxqyj-2017-v2.pdf');
    const orig = fs.readFileSync(v2);
    fs.appendFileSync(v2, 'x');
    const before = snapshot(archive);
    const r = runCli(['build', changed(), '--out', tmpdir('xxgk-dep-out-'), '--archive', archive]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('E-OUTPUT-ARCHIVE-CHANGED');
    expect(r.stderr).toContain('与归档清单中记录的 SHA-256 不一致');
    expect(snapshot(archive)).toEqual(before);
    fs.writeFileSync(v2, orig);
  });

  test('--archive with the PDF/A-1b twin is refused', () => {
    const r = runCli(['build', seed, '--out', tmpdir('xxgk-dep-out-'), '--archive', archive, '--pdfa', '1b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('只接受 PDF/A-3b');
  });
});

describe('deposit() edge cases', () => {
  const meta = (name: string) => ({
    title: 't',
    creator: 'c',
    description: 'd',
    keywords: [],
    language: 'zh-CN' as const,
    period: '2017-01-01/2017-12-31',
    year: 2017,
    reportFormat: 'pre2019',
    agencyCode: name,
    creatorTool: 'x',
    producer: 'x',
    source: { name: `${name}-2017.yaml`, sha256: '0'.repeat(64), size: 1 },
  });
  const item = (bytes: string, code = 'agency') => ({ bytes: Buffer.from(bytes), pages: 1, profile: 'PDF/A-3b' as const, metadata: meta(code), fonts: { 'a.ttf': '1'.repeat(64) }, tool: { name: 'xxgk-report', version: '0' } });

  test('interrupted after the PDF, before the manifest: the next run completes the record', () => {
    const dir = tmpdir('xxgk-dep-');
    fs.mkdirSync(path.join(dir, '2017'));
    fs.writeFileSync(path.join(dir, '2017', 'agency-2017.pdf'), 'PDF-1');
    const r = deposit(dir, item('PDF-1'));
    expect(r.ok && r.value).toMatchObject({ version: 1, unchanged: false });
    const m = JSON.parse(fs.readFileSync(path.join(dir, '2017', 'agency-2017.manifest.json'), 'utf8')) as Manifest;
    expect(m.versions.map((v) => v.file)).toEqual(['agency-2017.pdf']);
  });

  test('an unlisted file with other content is kept; the new one takes the next version, with a warning', () => {
    const dir = tmpdir('xxgk-dep-');
    fs.mkdirSync(path.join(dir, '2017'));
    fs.writeFileSync(path.join(dir, '2017', 'agency-2017.pdf'), 'someone else');
    const r = deposit(dir, item('PDF-1'));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['W-ARCHIVE-UNLISTED']);
    expect(fs.readFileSync(path.join(dir, '2017', 'agency-2017.pdf'), 'utf8')).toBe('someone else');
    expect(fs.readFileSync(path.join(dir, '2017', 'agency-2017-v2.pdf'), 'utf8')).toBe('PDF-1');
  });

  test('an unreadable manifest: refused, nothing written', () => {
    const dir = tmpdir('xxgk-dep-');
    fs.mkdirSync(path.join(dir, '2017'));
    fs.writeFileSync(path.join(dir, '2017', 'agency-2017.manifest.json'), '{"broken"');
    const r = deposit(dir, item('PDF-1'));
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(['E-OUTPUT-MANIFEST']);
    expect(fs.readdirSync(path.join(dir, '2017'))).toEqual(['agency-2017.manifest.json']);
  });

  test('publishNoOverwrite never replaces and leaves no temp file', () => {
    const dir = tmpdir('xxgk-pub-');
    expect(publishNoOverwrite(dir, 'a.pdf', Buffer.from('1'))).toMatchObject({ ok: true, value: 'written' });
    expect(publishNoOverwrite(dir, 'a.pdf', Buffer.from('1'))).toMatchObject({ ok: true, value: 'same' });
    expect(publishNoOverwrite(dir, 'a.pdf', Buffer.from('2'))).toMatchObject({ ok: true, value: 'exists' });
    expect(fs.readFileSync(path.join(dir, 'a.pdf'), 'utf8')).toBe('1');
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });
});
