/**
 * 命令行：解析参数，调用管线，打印诊断，返回退出码。只有这里和 write/ 接触输出文件夹。
 * The CLI edge: argv → pipeline → diagnostics on stderr → exit code. User mistakes never print a
 * stack trace; an unexpected exception is an internal error with versions and a request to report.
 *
 *   xxgk-report build [文件或文件夹…] [--out 文件夹] [--as-published] [--diagnostics human|short|json]
 *   xxgk-report check <文件…>
 *   xxgk-report schemas
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, EXIT, exitCodeFor } from './diag/diagnostic';
import { msg } from './diag/messages';
import { DiagFormat, formatDiagnostics } from './diag/print';
import { listPacks, loadPack, TEMPLATES_DIR } from './formats';
import { buildSchema } from './formats/schema';
import { build, check } from './pipeline';
import { acquireLock, cleanLeftovers, ensureDir } from './write';

const ROOT = path.resolve(__dirname, '..');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const HELP = `xxgk-report ${VERSION} — 政府信息公开工作年度报告 PDF 生成工具

用法：
  xxgk-report build [文件或文件夹…]   生成 PDF（默认处理 data/ 下全部 .yaml，输出到 out/）
  xxgk-report check <文件…>           只校验数据，不生成 PDF
  xxgk-report schemas                 重新生成 templates/<格式>/schema.json（供编辑器自动补全）

选项：
  --out <文件夹>            输出文件夹（默认 out；环境变量 XXGK_OUT）
  --as-published            按已发布原样重新生成：算术规则的错误降为警告（环境变量 XXGK_AS_PUBLISHED=1）
  --diagnostics <格式>      问题的输出格式：human（默认）、short、json（环境变量 XXGK_DIAGNOSTICS）
  -h, --help                显示本帮助
  -v, --version             显示版本

退出码：0 成功；1 内部错误；2 命令行参数错误；3 数据有误；4 字体/模板/生成错误；5 写入失败；6 输出文件夹被占用
`;

interface Options {
  command: string;
  inputs: string[];
  out: string;
  asPublished: boolean;
  diagnostics: DiagFormat;
}

function parseArgs(argv: string[]): Options | Diagnostic {
  const o: Options = {
    command: '',
    inputs: [],
    out: process.env.XXGK_OUT || 'out',
    asPublished: process.env.XXGK_AS_PUBLISHED === '1',
    diagnostics: (process.env.XXGK_DIAGNOSTICS as DiagFormat) || 'human',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw error('E-USAGE', msg.usage(`${a} 后面需要一个值`));
      return v;
    };
    try {
      if (a === '-h' || a === '--help') o.command = 'help';
      else if (a === '-v' || a === '--version') o.command = 'version';
      else if (a === '--out' || a === '-o') o.out = value();
      else if (a.startsWith('--out=')) o.out = a.slice(6);
      else if (a === '--as-published') o.asPublished = true;
      else if (a === '--diagnostics' || a === '--diagnostic-format') o.diagnostics = value() as DiagFormat;
      else if (a.startsWith('--diagnostics=')) o.diagnostics = a.slice(14) as DiagFormat;
      else if (a.startsWith('-')) return error('E-USAGE', msg.usage(`不认识的选项 ${a}`));
      else if (!o.command) o.command = a;
      else o.inputs.push(a);
    } catch (d) {
      return d as Diagnostic;
    }
  }
  if (!['human', 'short', 'json'].includes(o.diagnostics)) {
    return error('E-USAGE', msg.usage(`--diagnostics 只能是 human、short 或 json，而不是 ${o.diagnostics}`));
  }
  if (!o.command) o.command = 'help';
  return o;
}

/** Expand folders into the report files below them (*.yaml, *.yml), sorted. */
export function findInputs(inputs: string[]): { files: string[]; errors: Diagnostic[] } {
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name)) files.push(p);
    }
  };
  for (const i of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(i);
    } catch {
      const d = error('E-INPUT-MISSING', msg.inputMissing(i));
      d.file = i;
      errors.push(d);
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(i);
      if (files.length === before) errors.push(error('E-USAGE-NO-INPUT', msg.noInputs(i)));
    } else files.push(i);
  }
  return { files, errors };
}

function print(ds: Diagnostic[], format: DiagFormat): void {
  if (ds.length) process.stderr.write(formatDiagnostics(ds, format));
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    const err = e as Error;
    process.stderr.write(
      `${msg.internal()}\n  xxgk-report ${VERSION}, Node ${process.version}, ${process.platform}-${process.arch}\n  ${err?.stack ?? String(e)}\n`,
    );
    return EXIT.internal;
  }
}

async function run(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if ('code' in o) {
    print([o], 'human');
    process.stderr.write('运行 xxgk-report --help 查看用法\n');
    return EXIT.usage;
  }
  switch (o.command) {
    case 'help':
      process.stdout.write(HELP);
      return 0;
    case 'version':
      process.stdout.write(VERSION + '\n');
      return 0;
    case 'schemas':
      return writeSchemas();
    case 'check':
      return runCheck(o);
    case 'build':
      return runBuild(o);
    default:
      print([error('E-USAGE', msg.usage(`不认识的命令 ${o.command}`))], o.diagnostics);
      process.stderr.write('运行 xxgk-report --help 查看用法\n');
      return EXIT.usage;
  }
}

function runCheck(o: Options): number {
  if (!o.inputs.length) {
    print([error('E-USAGE', msg.usage('请指定要检查的数据文件，例如 xxgk-report check data/机关/2024.yaml'))], o.diagnostics);
    return EXIT.usage;
  }
  const { files, errors } = findInputs(o.inputs);
  const all: Diagnostic[] = [...errors];
  let okCount = 0;
  for (const f of files) {
    const r = check(f, { asPublished: o.asPublished });
    all.push(...r.warnings);
    if (r.ok) {
      okCount++;
      if (o.diagnostics !== 'json') process.stdout.write(`通过：${f}\n`);
    } else all.push(...r.errors);
  }
  print(all, o.diagnostics);
  if (o.diagnostics !== 'json') process.stderr.write(`检查了 ${files.length} 个文件：${okCount} 个通过，${files.length - okCount} 个有错误\n`);
  return exitCodeFor(all);
}

async function runBuild(o: Options): Promise<number> {
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
      const r = await build(f, o.out, { asPublished: o.asPublished });
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

function writeSchemas(): number {
  const diags: Diagnostic[] = [];
  for (const id of listPacks()) {
    const p = loadPack(id);
    if (!p.ok) {
      diags.push(...p.errors);
      continue;
    }
    const file = path.join(TEMPLATES_DIR, id, 'schema.json');
    fs.writeFileSync(file, JSON.stringify(buildSchema(p.value), null, 2) + '\n');
    process.stdout.write(`已写入 ${path.relative(process.cwd(), file)}\n`);
  }
  print(diags, 'human');
  return exitCodeFor(diags);
}
