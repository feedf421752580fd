/** xxgk-report build [文件或文件夹…]：生成 PDF 到输出文件夹。 */
import { Diagnostic, error, exitCodeFor, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { build } from '../pipeline';
import { acquireLock, cleanLeftovers, ensureDir } from '../write';
import { findInputs, Options, print } from './common';

export async function runBuild(o: Options): Promise<number> {
  const inputs = o.inputs.length ? o.inputs : ['data'];
  const { files, errors } = findInputs(inputs);
  if (o.extra.previous && files.length > 1) {
    print([error('E-USAGE', msg.usage('--previous 只能与一个数据文件一起使用（几份报告时，把上一年度的文件放在同一文件夹中并以年度命名即可）'))], o.diagnostics);
    return EXIT.usage;
  }
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
  const release = () => lock.value.release();
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
      const r = await build(f, o.out, { asPublished: o.asPublished, previous: o.extra.previous });
      all.push(...r.warnings);
      if (r.ok) {
        if (r.value.written.unchanged) unchanged++;
        else built++;
        if (o.diagnostics !== 'json') {
          process.stdout.write(`${r.value.written.unchanged ? '未变化' : '已生成'}：${r.value.written.path}（${r.value.pages} 页）← ${f}\n`);
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

