/**
 * 阶段 3 · 合成（merge）
 * 输入：ValidReport；输出：DocumentModel（标题、正文各部分的文字与结构、附件表格）。
 * 固定的套话在 templates/<格式>/*.hbs 中，数据只作为上下文，从不被编译。
 * 只有这里使用 handlebars。模板只产生文字，不产生 pdfmake 结构。
 *
 * Templates hold the boilerplate, data holds the facts. Handlebars runs with noEscape, strict
 * and knownHelpersOnly in an isolated environment; template output is split into paragraphs on
 * blank lines (data text cannot contain line breaks: validate refuses them).
 */
import Handlebars from 'handlebars';
import { Diagnostic, error, fail, ok, Result, Span } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { cellKey, cellsOf } from '../formats/cells';
import { pointerJoin, spanFor } from '../load';
import type { BodyItem, FormatPack } from '../model/format';
import type { DocBlock, DocumentModel, Run } from '../model/document';
import type { Block, Paragraph, ValidReport } from '../model/report';
import { tableModel } from './tables';

const HELPERS = {
  /** a blank cell or a zero */
  blank: (v: unknown) => v === null || v === undefined || v === '' || v === '0' || v === 0,
  /** 甲、乙以及丙 */
  list: (items: unknown) => {
    const a = Array.isArray(items) ? items.map(String) : [];
    return a.length <= 1 ? a.join('') : a.slice(0, -1).join('、') + '以及' + a[a.length - 1];
  },
  /** a cell value, 0 when blank */
  num: (v: unknown) => (v === null || v === undefined || v === '' ? '0' : String(v)),
  /** exact sum of cell values (blank counts as 0), e.g. {{add t.t4.lit_direct.total t.t4.lit_after_review.total}} */
  add: (...args: unknown[]) => addExact(args.slice(0, -1)),
};

/** Sum of integer or decimal texts without binary floating point ("0.1" + "0.2" = "0.3"). */
export function addExact(values: unknown[]): string {
  let scale = 0;
  const parts = values
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map((v) => {
      const m = /^([+-]?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(v));
      if (!m) throw new Error(`add: not a number: ${String(v)}`);
      scale = Math.max(scale, (m[3] ?? '').length);
      return m;
    });
  let total = 0n;
  for (const m of parts) {
    const v = BigInt(m[2] + (m[3] ?? '').padEnd(scale, '0'));
    total += m[1] === '-' ? -v : v;
  }
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale ? '.' + digits.slice(digits.length - scale) : '';
  return (neg ? '-' : '') + int + frac;
}

const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { blank: true, list: true, num: true, add: true },
  preventIndent: true,
} as const;

export type TemplateFn = (ctx: object) => string;

/** One isolated Handlebars environment per pack; templates compiled once and cached. */
const envs = new Map<string, { hb: typeof Handlebars; fns: Map<string, TemplateFn> }>();

function env(pack: FormatPack) {
  let e = envs.get(pack.dir);
  if (!e) {
    const hb = Handlebars.create();
    for (const [k, f] of Object.entries(HELPERS)) hb.registerHelper(k, f as Handlebars.HelperDelegate);
    e = { hb, fns: new Map() };
    envs.set(pack.dir, e);
  }
  return e;
}

/** Compile a template source; syntax errors become located diagnostics. */
export function compileTemplate(pack: FormatPack, name: string, source: string, file: string): Result<TemplateFn> {
  const e = env(pack);
  const hit = e.fns.get(name + '\u0000' + source);
  if (hit) return ok(hit);
  try {
    const fn = e.hb.compile(source, COMPILE_OPTIONS);
    // compile is lazy: force the parse now so a syntax error is reported here
    e.hb.precompile(source, COMPILE_OPTIONS);
    const wrapped: TemplateFn = (ctx) => fn(ctx);
    e.fns.set(name + '\u0000' + source, wrapped);
    return ok(wrapped);
  } catch (err) {
    return fail([templateError('E-TEMPLATE-SYNTAX', err, file, source)]);
  }
}

function templateError(code: string, err: unknown, file: string, source: string): Diagnostic {
  const e = err as { message?: string; lineNumber?: number; column?: number; hash?: { loc?: { first_line: number; first_column: number } } };
  const raw = String(e.message ?? err);
  let line = e.lineNumber ?? e.hash?.loc?.first_line;
  let col = e.column !== undefined ? e.column + 1 : e.hash?.loc ? e.hash.loc.first_column + 1 : undefined;
  const m = /(?:Parse error on line|line) (\d+)/.exec(raw);
  if (!line && m) line = Number(m[1]);
  const detail = raw.split('\n')[0].replace(/ - \d+:\d+$/, '');
  const span: Span | undefined = line ? { file, start: { line, col: col ?? 1 }, end: { line, col: (col ?? 1) + 1 } } : undefined;
  const d = error(code, code === 'E-TEMPLATE-SYNTAX' ? msg.templateSyntax(detail) : msg.templateRuntime(detail), span);
  if (!span) d.file = file;
  void source;
  return d;
}

const NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function chineseNumber(n: number): string {
  if (n <= 10) return NUM[n];
  if (n < 20) return '十' + NUM[n - 10];
  if (n < 100) return NUM[Math.floor(n / 10)] + '十' + (n % 10 ? NUM[n % 10] : '');
  return String(n);
}

/** Fill optional object properties with null so strict templates can test them. */
function withNulls(schema: Record<string, any> | undefined, v: unknown): unknown {
  if (!schema || schema.type !== 'object' || !v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = { ...(v as object) };
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    out[k] = k in out ? withNulls(s as Record<string, any>, out[k]) : null;
  }
  return out;
}

export function buildContext(r: ValidReport): Record<string, unknown> {
  const { pack, data, cells } = r;
  const t: Record<string, any> = {};
  for (const table of Object.values(pack.tables)) {
    const root: Record<string, any> = {};
    for (const c of cellsOf(table)) {
      let o = root;
      c.path.slice(0, -1).forEach((k) => (o = o[k] ??= {}));
      o[c.path[c.path.length - 1]] = cells.get(cellKey(c.table, c.path))?.text ?? null;
    }
    t[table.id] = root;
  }
  const ctx: Record<string, unknown> = {
    year: data.year,
    format: data.format,
    agency: withNulls({ type: 'object', properties: { name: {}, code: {}, self_reference: {}, phone: {}, website: {}, address: {}, postcode: {}, email: {} } }, data.agency),
    publication_date: data.publication_date ?? null,
    t,
  };
  for (const [k, s] of Object.entries(pack.meta)) ctx[k] = withNulls(s as Record<string, any>, data[k] ?? null);
  return ctx;
}

/** Split template output into paragraphs (blank lines separate them; single breaks are joined). */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, '').trim())
    .filter((p) => p !== '');
}

/** Compile every template of a pack, used by this report or not: a broken one fails `check`. */
export function compilePack(pack: FormatPack): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, t] of Object.entries(pack.templates)) {
    const c = compileTemplate(pack, name, t.source, t.file);
    if (!c.ok) out.push(...c.errors);
  }
  return out;
}

export function merge(report: ValidReport): Result<DocumentModel> {
  const { pack, data, cells, loaded } = report;
  const diags: Diagnostic[] = compilePack(pack);
  if (diags.length) return fail(diags);
  const ctx = buildContext(report);

  const render = (name: string, extra: Record<string, unknown> = {}): string => {
    const tpl = pack.templates[name];
    if (!tpl) {
      diags.push(error('E-TEMPLATE-MISSING', msg.formatInvalid(`缺少模板 ${name}.hbs`)));
      return '';
    }
    const c = compileTemplate(pack, name, tpl.source, tpl.file);
    if (!c.ok) {
      diags.push(...c.errors);
      return '';
    }
    try {
      return c.value({ ...ctx, ...extra });
    } catch (err) {
      diags.push(templateError('E-TEMPLATE-FIELD', err, tpl.file, tpl.source));
      return '';
    }
  };
  const renderInline = (source: string, label: string): string => {
    const c = compileTemplate(pack, label, source, `${pack.dir}/format.yaml`);
    if (!c.ok) {
      diags.push(...c.errors);
      return '';
    }
    try {
      return c.value(ctx).trim();
    } catch (err) {
      diags.push(templateError('E-TEMPLATE-FIELD', err, `${pack.dir}/format.yaml`, source));
      return '';
    }
  };

  // titles of appendix tables are needed by section text ("……统计表（见附件）")
  const appendixTitle: Record<string, string> = {};
  for (const a of pack.appendix) appendixTitle[a.table] = renderInline(a.title, `appendix:${a.table}`);
  ctx.appendixTitle = appendixTitle;

  const title = data.title ?? renderInline(pack.default_title, 'default_title');

  const paragraphText = (p: Paragraph, ptr: string): string => {
    if (typeof p === 'string') return p;
    return p
      .map((seg, i) => {
        if (typeof seg === 'string') return seg;
        if ('sentence' in seg) {
          const s = pack.sentences?.[seg.sentence];
          return s ? paragraphs(render(s.template)).join('') : '';
        }
        const v = cells.get(seg.cell);
        if (v === null || v === undefined) {
          diags.push(error('E-REF-BLANK', msg.refBlank(seg.cell), spanFor(loaded, pointerJoin(pointerJoin(ptr, i), 'cell')), [{ message: msg.refBlankHint() }]));
          return '';
        }
        return v.text;
      })
      .join('');
  };

  const body: DocBlock[] = [];
  if (pack.preamble) for (const p of paragraphs(render(pack.preamble))) body.push({ kind: 'paragraph', runs: [{ text: p, role: 'body' }] });

  let sectionNo = 0;
  for (const s of pack.sections) {
    const blocks: DocBlock[] = [];
    const sectionData = (data.sections?.[s.id] ?? []) as Block[];
    let level2 = 0;
    const dataBlocks = (items: Block[], ptr: string, nested: boolean, out: DocBlock[]) => {
      let level3 = 0;
      items.forEach((b, i) => {
        const bp = pointerJoin(ptr, i);
        if (typeof b === 'string' || Array.isArray(b)) {
          out.push({ kind: 'paragraph', runs: [{ text: paragraphText(b, bp), role: 'body' }] });
        } else if ('lead' in b) {
          const no = nested ? `${++level3}.` : `（${chineseNumber(++level2)}）`;
          const runs: Run[] = [
            { text: no + b.lead, role: nested ? 'body' : 'heading2' },
            { text: paragraphText(b.text, pointerJoin(bp, 'text')), role: 'body' },
          ];
          out.push({ kind: 'paragraph', runs });
        } else {
          out.push({ kind: 'heading', level: 2, text: `（${chineseNumber(++level2)}）${b.heading}` });
          dataBlocks(b.body, pointerJoin(bp, 'body'), true, out);
        }
      });
    };
    const items = (list: BodyItem[], out: DocBlock[]) => {
      for (const it of list) {
        if ('template' in it) {
          if (it.when_no_data && sectionData.length) continue;
          for (const p of paragraphs(render(it.template))) out.push({ kind: 'paragraph', runs: [{ text: p, role: 'body' }] });
        } else if ('data' in it) {
          dataBlocks(sectionData, `/sections/${s.id}`, false, out);
        } else if ('table' in it) {
          const def = pack.tables[it.table];
          if (def) out.push({ kind: 'table', table: { ...tableModel(def, cells), caption: def.title ? renderInline(def.title, `table:${def.id}`) : undefined } });
        } else if ('subsection' in it) {
          const sub = it.subsection;
          const heading = sub.heading ?? (sub.heading_template ? paragraphs(render(sub.heading_template)).join('') : '');
          const inner: DocBlock[] = [];
          items(sub.body ?? [], inner);
          if (heading || inner.length) {
            out.push({ kind: 'heading', level: 2, text: `（${chineseNumber(++level2)}）${heading}` });
            out.push(...inner);
          }
        }
      }
    };
    items(s.body, blocks);
    if (blocks.length === 0) continue; // an optional section with nothing to say is left out
    sectionNo++;
    body.push({ kind: 'heading', level: 1, text: `${chineseNumber(sectionNo)}、${s.heading}` });
    body.push(...blocks);
  }

  const appendices = pack.appendix.map((a, i) => ({
    label: pack.appendix.length > 1 ? `${a.heading}${i + 1}` : a.heading,
    title: appendixTitle[a.table],
    table: tableModel(pack.tables[a.table], cells),
  }));

  const model: DocumentModel = {
    title,
    body,
    appendices,
    meta: {
      formatId: pack.id,
      year: data.year,
      agencyName: data.agency.name,
      agencyCode: data.agency.code,
      publicationDate: data.publication_date,
    },
  };
  const errors = diags.filter((d) => d.severity === 'error');
  return errors.length ? fail(errors) : ok(model);
}
