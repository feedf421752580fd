/**
 * xxgk-report extract <PDF> [-o 文件]：取出 PDF 中嵌入的源数据（YAML），逐字节与生成时的输入相同。
 * Without -o the bytes go to standard output; with -o they are written to a new file (temp file,
 * fsync, link — an existing different file is never replaced). pdf-lib is loaded only here.
 */
import * as path from 'node:path';
import { error, exitCodeFor, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { amsg } from '../diag/messages-archive';
import { ensureDir } from '../write';
import { Options, print, readInput } from './common';

export async function runExtract(o: Options): Promise<number> {
  if (o.inputs.length !== 1) {
    print([error('E-USAGE', msg.usage(amsg.extractUsage()))], o.diagnostics);
    return EXIT.usage;
  }
  const file = o.inputs[0];
  const bytes = readInput(file);
  if (!Buffer.isBuffer(bytes)) {
    print([bytes], o.diagnostics);
    return EXIT.data;
  }
  const { PdfFile } = await import('../archive/pdf');
  const { sha256 } = await import('../archive/verify');
  let data: Buffer | undefined;
  let name = '';
  try {
    const pdf = await PdfFile.open(bytes);
    const f = pdf.associatedFiles().find((a) => a.relationship === 'Source' && a.stream);
    if (f?.stream) {
      data = pdf.decode(f.stream);
      name = f.name;
    }
  } catch (e) {
    const d = error('E-VERIFY-STRUCTURE', amsg.verifyNotPdf((e as Error).message));
    d.file = file;
    print([d], o.diagnostics);
    return EXIT.data;
  }
  if (!data) {
    const d = error('E-EXTRACT-NO-SOURCE', amsg.extractNoSource(file), undefined, [{ message: amsg.extractNoSourceHint() }]);
    d.file = file;
    print([d], o.diagnostics);
    return EXIT.data;
  }
  const target = o.extra.out;
  if (!target || target === '-') {
    process.stdout.write(data);
    return 0;
  }
  const dir = path.dirname(path.resolve(target));
  const made = ensureDir(dir);
  if (!made.ok) {
    print(made.errors, o.diagnostics);
    return exitCodeFor(made.errors);
  }
  const { publishNoOverwrite } = await import('../write/deposit');
  const w = publishNoOverwrite(dir, path.basename(target), data);
  if (!w.ok) {
    print(w.errors, o.diagnostics);
    return exitCodeFor(w.errors);
  }
  if (w.value === 'exists') {
    const d = error('E-OUTPUT-EXISTS', amsg.extractExists(target), undefined, [{ message: amsg.extractExistsHint() }]);
    d.file = target;
    print([d], o.diagnostics);
    return EXIT.output;
  }
  process.stderr.write(amsg.extractDone(name, data.length, sha256(data), target) + '\n');
  return 0;
}
