/** xxgk-report build [文件或文件夹…]：生成 PDF 到输出文件夹（--archive：同时归档）。 */
import * as path from 'node:path';
import { Diagnostic, error, exitCodeFor, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { amsg } from '../diag/messages-archive';
import type { PdfAProfile } from '../model/archive';
import { build } from '../pipeline';
import { acquireLock, cleanLeftovers, ensureDir } from '../write';
import { findInputs, Options, print } from './common';

export async function runBuild(o: Options): Promise<number> {
  const archive = o.extra.archive ?? (process.env.XXGK_ARCHIVE || undefined);
  const pdfaArg = o.extra.pdfa ?? (process.env.XXGK_PDFA || '3b');
  const pdfa: PdfAProfile | undefined = pdfaArg === '3b' ? 'PDF/A-3b' : pdfaArg === '1b' ? 'PDF/A-1b' : undefined;
  if (!pdfa || (archive && pdfa !== 'PDF/A-3b')) {
    print([error('E-USAGE', msg.usage(pdfa ? amsg.archiveNeeds3b() : amsg.pdfaProfile(pdfaArg)))], o.diagnostics);
    return EXIT.usage;
  }
  const inputs = o.inputs.length ? o.inputs : ['data'];
  const { files, errors } = findInputs(inputs);
  const all: Diagnostic[] = [...errors];
  if (!files.length) {
    print(all, o.diagnostics);
    return exitCodeFor(all) || EXIT.usage;
  }
  const dir = ensureDir(o.out);
  if (!dir.ok) {
    print(dir.errors, o.diagnostics);
    return exitCodeFor(dir.errors);
  }
  const lock = acquireLock(o.out);
  all.push(...lock.warnings);
  if (!lock.ok) {
    print([...all, ...lock.errors], o.diagnostics);
    return EXIT.lock;
  }
  let archiveLock: { release(): void } | undefined;
  if (archive && path.resolve(archive) !== path.resolve(o.out)) {
    const adir = ensureDir(archive);
    const alock = adir.ok ? acquireLock(archive) : adir;
    if (!alock.ok) {
      lock.value.release();
      print([...all, ...alock.errors], o.diagnostics);
      return exitCodeFor(alock.errors);
    }
    all.push(...alock.warnings);
    archiveLock = alock.value;
  }
  const release = () => {
    lock.value.release();
    archiveLock?.release();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    release();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let built = 0;
  let unchanged = 0;
  let failed = 0;
  try {
    cleanLeftovers(o.out);
    for (const f of files) {
      const r = await build(f, o.out, { asPublished: o.asPublished, pdfa, archive });
      all.push(...r.warnings);
      if (r.ok) {
        if (r.value.written.unchanged) unchanged++;
        else built++;
        if (o.diagnostics !== 'json') {
          process.stdout.write(`${r.value.written.unchanged ? '未变化' : '已生成'}：${r.value.written.path}（${r.value.pages} 页）← ${f}\n`);
          const d = r.value.deposited;
          if (d) process.stdout.write((d.unchanged ? amsg.archiveUnchanged(d.path) : d.version > 1 ? amsg.archiveNewVersion(d.path, d.version) : amsg.archiveFirst(d.path)) + '\n');
        }
      } else {
        failed++;
        all.push(...r.errors);
      }
    }
  } finally {
    release();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  print(all, o.diagnostics);
  if (o.diagnostics !== 'json') {
    process.stderr.write(`共 ${files.length} 份报告：生成 ${built}，未变化 ${unchanged}，失败 ${failed}\n`);
  }
  return exitCodeFor(all);
}

