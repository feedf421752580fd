/** xxgk-report check <文件…>：只校验，不生成 PDF。 */
import { Diagnostic, error, exitCodeFor, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { check } from '../pipeline';
import { fontsPrefetched } from '../render/prefetch';
import { findInputs, Options, print } from './common';

export async function runCheck(o: Options): Promise<number> {
  await fontsPrefetched();
  if (!o.inputs.length) {
    print([error('E-USAGE', msg.usage(msg.checkNeedsFiles()))], o.diagnostics);
    return EXIT.usage;
  }
  const { files, errors } = findInputs(o.inputs);
  if (o.extra.previous && files.length > 1) {
    print([error('E-USAGE', msg.usage(msg.previousOneFile()))], o.diagnostics);
    return EXIT.usage;
  }
  const all: Diagnostic[] = [...errors];
  let okCount = 0;
  for (const f of files) {
    const r = check(f, { asPublished: o.asPublished, previous: o.extra.previous });
    all.push(...r.warnings);
    if (r.ok) {
      okCount++;
      const against = r.value.previousFile ? `（${msg.checkedAgainst(r.value.previousFile)}）` : '';
      if (o.diagnostics !== 'json') process.stdout.write(msg.checkPassed(f, against) + '\n');
    } else all.push(...r.errors);
  }
  print(all, o.diagnostics);
  if (o.diagnostics !== 'json') process.stderr.write(msg.checkSummary(files.length, okCount) + '\n');
  return exitCodeFor(all);
}

