/**
 * xxgk-report verify <PDF>… [--manifest 清单]：检查生成的 PDF（见 src/archive/verify.ts）。
 * Prints one line per check (✓ / ✗ / –) and a Chinese diagnostic for each failure; exit 0 only
 * when every check of every file passed. pdf-lib is loaded only when this command runs.
 */
import { Diagnostic, error, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { amsg } from '../diag/messages-archive';
import type { Manifest } from '../write/deposit';
import { Options, print, readInput } from './common';

export async function runVerify(o: Options): Promise<number> {
  if (!o.inputs.length) {
    print([error('E-USAGE', msg.usage(amsg.verifyUsage()))], o.diagnostics);
    return EXIT.usage;
  }
  const { verifyPdf } = await import('../archive/verify');
  const { readManifest } = await import('../write/deposit');
  const all: Diagnostic[] = [];
  let manifest: Manifest | undefined;
  const manifestFile = o.extra.manifest ?? process.env.XXGK_MANIFEST;
  if (manifestFile) {
    const m = readManifest(manifestFile);
    if (!m.ok || !m.value) {
      const d = error('E-VERIFY-MANIFEST', amsg.verifyManifestRead(manifestFile, m.ok ? msg.fileDoesNotExist() : m.errors[0].message));
      d.file = manifestFile;
      print([d], o.diagnostics);
      return EXIT.data;
    }
    manifest = m.value;
  }
  let failed = 0;
  const json: unknown[] = [];
  for (const file of o.inputs) {
    const bytes = readInput(file);
    if (!Buffer.isBuffer(bytes)) {
      all.push(bytes);
      failed++;
      continue;
    }
    const r = await verifyPdf(bytes, file, manifest);
    const errors = r.checks.flatMap((c) => c.errors);
    all.push(...errors);
    if (!r.ok) failed++;
    if (o.diagnostics === 'json') {
      json.push({ file, ok: r.ok, sha256: r.sha256, profile: r.profile ?? null, checks: r.checks.map((c) => ({ id: c.id, title: c.title, clauses: c.clauses, ok: !c.errors.length && !c.skipped, skipped: c.skipped ?? null, errors: c.errors.map((e) => ({ code: e.code, message: e.message })) })) });
      continue;
    }
    const lines = [`${file}  ${r.profile ?? msg.noPdfaProfile()}  SHA-256 ${r.sha256}`];
    for (const c of r.checks) {
      const mark = c.skipped ? '–' : c.errors.length ? '✗' : '✓';
      lines.push(`  ${mark} ${c.title}${c.skipped ? `：${c.skipped}` : ''}${c.clauses ? `  [${c.clauses}]` : ''}`);
    }
    lines.push(r.ok ? amsg.verifyPassed(file, r.profile ?? 'PDF/A') : amsg.verifyFailed(file, r.checks.filter((c) => c.errors.length).length));
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (o.diagnostics === 'json') {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else print(all, o.diagnostics);
  return failed ? EXIT.data : 0;
}
