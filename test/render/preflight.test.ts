/**
 * PDFBox Preflight (Debian libpdfbox2-java) validates PDF/A-1b only, so every example is also
 * rendered as its PDF/A-1b twin (`--pdfa 1b`: version 1.4, no attachment, same content, fonts
 * and metadata) and that twin must be valid — a proxy for the PDF/A-3b output, which differs only
 * by part 3's own features (embedded source file, no CIDSet). Also the variant with & < > " in
 * its metadata and a publication date (dc:date, xmp:CreateDate = Info CreationDate).
 *
 * Locally the test is skipped, with the reason, when java or the PDFBox jars are missing;
 * in CI (CI=true, .ci/run installs them) a missing validator is a failure.
 */
import * as path from 'node:path';
import { findInputs } from '../../src/commands/common';
import { ROOT, runCli, tmpdir } from '../helpers';
import { PDF_NAME, preflight, preflightMissing, trickyYaml, writeYaml } from '../support/archive';

const missing = preflightMissing();
const inCI = !!process.env.CI;
if (missing && !inCI) {
  // eslint-disable-next-line no-console
  console.warn(`已跳过 PDFBox Preflight 校验：${missing}。skipped PDFBox Preflight: ${missing}`);
}
const run = missing && !inCI ? test.skip : test;

describe('PDFBox Preflight on the PDF/A-1b twin', () => {
  test('the validator is available in CI', () => {
    if (inCI) expect(missing).toBeUndefined();
  });

  const examples = findInputs([path.join(ROOT, 'data')]).files;
  run.each(examples.map((f) => [path.relative(ROOT, f), f]))('%s: valid PDF/A-1b', (_rel, file) => {
    const out = tmpdir('xxgk-pf-');
    const r = runCli(['build', file, '--out', out, '--pdfa', '1b']);
    expect(r.code).toBe(0);
    const pdf = path.join(out, r.stdout.match(/已生成：.*\/([^/（]+\.pdf)/)![1]);
    const v = preflight(pdf);
    expect([v.valid, v.output]).toEqual([true, expect.stringContaining('is a valid PDF/A-1b file')]);
  });

  run('& < > " in title and agency name, with a publication date: valid PDF/A-1b', () => {
    const out = tmpdir('xxgk-pf-');
    const r = runCli(['build', writeYaml(trickyYaml()), '--out', out, '--pdfa', '1b']);
    expect(r.code).toBe(0);
    const v = preflight(path.join(out, PDF_NAME));
    expect([v.valid, v.output]).toEqual([true, expect.stringContaining('is a valid PDF/A-1b file')]);
  });
});
