/**
 * 命令行：解析参数，分派到 src/commands/ 中的命令，返回退出码。
 * The CLI edge: argv → a command of src/commands/ → exit code. User mistakes never print a stack
 * trace; an unexpected exception is an internal error with versions and a request to report.
 * Every flag has an environment twin (XXGK_OUT, XXGK_AS_PUBLISHED, XXGK_DIAGNOSTICS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, EXIT } from './diag/diagnostic';
import { msg } from './diag/messages';
import type { DiagFormat } from './diag/print';
import { Options, print } from './commands/common';

const ROOT = path.resolve(__dirname, '..');
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/**
 * The commands: name → run. A new command is one file in src/commands/ and one line here.
 * Each loads when it runs (a batch's main thread, for one, never loads the rendering modules).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, (o: Options) => number | Promise<number>> = {
  build: (o) => (require('./commands/build') as typeof import('./commands/build')).runBuild(o),
  check: (o) => (require('./commands/check') as typeof import('./commands/check')).runCheck(o),
  init: (o) => (require('./commands/init') as typeof import('./commands/init')).runInit(o),
  schemas: () => (require('./commands/schemas') as typeof import('./commands/schemas')).writeSchemas(),
  extract: (o) => (require('./commands/extract') as typeof import('./commands/extract')).runExtract(o),
  verify: (o) => (require('./commands/verify') as typeof import('./commands/verify')).runVerify(o),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Options that take a value; `extra` ones are passed through to the command. */
const VALUE_OPTIONS = new Set(['out', 'diagnostics', 'diagnostic-format']);
const EXTRA_VALUE_OPTIONS = new Set<string>(['year', 'workers', 'summary-json', 'previous', 'format', 'agency', 'code', 'from', 'archive', 'pdfa', 'manifest']);
const EXTRA_FLAGS = new Set<string>(['force']);

const HELP = `xxgk-report ${VERSION} — 政府信息公开工作年度报告 PDF 生成工具

用法：
  xxgk-report build [文件或文件夹…]   生成 PDF（默认处理 data/ 下全部 .yaml，输出到 out/）
  xxgk-report check <文件…>           只校验数据，不生成 PDF
  xxgk-report schemas                 重新生成 templates/<格式>/schema.json（供编辑器自动补全）
  xxgk-report init --format 2021 --year 2025 --agency "机关全称" [--code 机关代码] [--from 上一年度.yaml] [-o 新文件.yaml]
                                      写出新一年度报告的数据文件（全部项目、中文注释；--from 预填机关信息、
                                      联系方式和上年结转）；不会覆盖已有的文件
  xxgk-report extract <PDF> [-o 文件]  取出 PDF 中嵌入的源数据（YAML），与生成时的输入逐字节相同
  xxgk-report verify <PDF>… [--manifest 清单]  检查 PDF：结构、PDF/A 标识与元数据、字体、缺字、源数据、清单

选项：
  --out <文件夹>            输出文件夹（默认 out；环境变量 XXGK_OUT）
  --year <年份|last>        只生成该年度的报告；last 表示上一年度（定时任务用；环境变量 XXGK_YEAR）
  --workers <N>             并行的工作线程数（默认为 CPU 核数；XXGK_WORKERS）
  --force                   数据未变化的报告也重新生成（XXGK_FORCE=1）
  --summary-json <文件>     把汇总写成 JSON 文件（XXGK_SUMMARY_JSON）
  --archive <文件夹>        同时归档到 <文件夹>/<年度>/<机关代码>-<年度>.pdf 并写归档清单；已归档的文件
                            从不覆盖，内容不同时另存为 -v2、-v3 …（环境变量 XXGK_ARCHIVE）
  --pdfa 3b|1b              默认 3b（PDF/A-3b，内嵌源数据）；1b 只用于校验：生成不含附件的 PDF/A-1b 副本，
                            供 PDFBox Preflight 检查（环境变量 XXGK_PDFA）
  --manifest <清单>         verify 时核对归档清单中的 SHA-256（环境变量 XXGK_MANIFEST）
  -o <文件>                 extract 的输出文件（不写则输出到标准输出）
  --as-published            按已发布原样重新生成：算术规则的错误降为警告（环境变量 XXGK_AS_PUBLISHED=1）
  --previous <文件>         上一年度的数据文件，用于跨年度核对（默认：同一文件夹中的“上一年度.yaml”，如 2023.yaml；
                            环境变量 XXGK_PREVIOUS）
  --diagnostics <格式>      问题的输出格式：human（默认）、short、json（环境变量 XXGK_DIAGNOSTICS）
  -h, --help                显示本帮助
  -v, --version             显示版本

退出码：0 成功；1 内部错误；2 命令行参数错误；3 数据有误；4 字体/模板/生成错误；5 写入失败；6 输出文件夹被占用
`;

export function parseArgs(argv: string[]): Options | Diagnostic {
  const o: Options = {
    command: '',
    inputs: [],
    out: process.env.XXGK_OUT || 'out',
    asPublished: process.env.XXGK_AS_PUBLISHED === '1',
    diagnostics: (process.env.XXGK_DIAGNOSTICS as DiagFormat) || 'human',
    extra: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      o.command = 'help';
      continue;
    }
    if (a === '-v' || a === '--version') {
      o.command = 'version';
      continue;
    }
    if (a === '-o') argv[i] = '--out';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (m) {
      const [, name, inline] = m;
      let value = inline;
      if (VALUE_OPTIONS.has(name) || EXTRA_VALUE_OPTIONS.has(name)) {
        if (value === undefined) {
          value = argv[++i];
          if (value === undefined || value.startsWith('--')) return error('E-USAGE', msg.usage(`--${name} 后面需要一个值`));
        }
      } else if (name === 'as-published') {
        o.asPublished = true;
        continue;
      } else if (EXTRA_FLAGS.has(name)) {
        o.extra[name] = 'true';
        continue;
      } else {
        return error('E-USAGE', msg.usage(`不认识的选项 --${name}`));
      }
      if (name === 'out') {
        o.out = value;
        o.extra.out = value; // given explicitly (extract writes to stdout otherwise)
      }
      else if (name === 'diagnostics' || name === 'diagnostic-format') o.diagnostics = value as DiagFormat;
      else o.extra[name] = value;
      continue;
    }
    if (a.startsWith('-') && a !== '-') return error('E-USAGE', msg.usage(`不认识的选项 ${a}`));
    if (!o.command) o.command = a;
    else o.inputs.push(a);
  }
  if (o.extra.previous === undefined && process.env.XXGK_PREVIOUS) o.extra.previous = process.env.XXGK_PREVIOUS;
  if (!['human', 'short', 'json'].includes(o.diagnostics)) {
    return error('E-USAGE', msg.usage(`--diagnostics 只能是 human、short 或 json，而不是 ${o.diagnostics}`));
  }
  if (!o.command) o.command = 'help';
  return o;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const o = parseArgs(argv);
    if ('code' in o) {
      print([o], 'human');
      process.stderr.write('运行 xxgk-report --help 查看用法\n');
      return EXIT.usage;
    }
    if (o.command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (o.command === 'version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    const cmd = COMMANDS[o.command];
    if (!cmd) {
      print([error('E-USAGE', msg.usage(`不认识的命令 ${o.command}`))], o.diagnostics);
      process.stderr.write('运行 xxgk-report --help 查看用法\n');
      return EXIT.usage;
    }
    return await cmd(o);
  } catch (e) {
    const err = e as Error;
    process.stderr.write(
      `${msg.internal()}\n  xxgk-report ${VERSION}, Node ${process.version}, ${process.platform}-${process.arch}\n  ${err?.stack ?? String(e)}\n`,
    );
    return EXIT.internal;
  }
}
