/**
 * 阶段 2 · 校验（validate）
 * 输入：LoadedYaml；输出：ValidReport（格式包、规范化后的数据、精确的单元格数值）。
 * 两层：先按格式包生成的 JSON Schema（ajv，一次报告全部错误），再按格式包中的算术规则。
 * 只有这里使用 ajv。不读写文件（格式包由 formats/ 读取并缓存）。
 *
 * Two layers: the JSON Schema derived from the format pack (all errors at once), then the
 * pack's arithmetic rules as named checks. Every problem is a located diagnostic.
 */
import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, fail, ok, Result, warning } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { cellKey, cellsOf } from '../formats/cells';
import { listPacks, loadPack } from '../formats';
import { buildSchema } from '../formats/schema';
import { LoadedYaml, spanFor } from '../load';
import type { Json } from '../load';
import type { FormatPack } from '../model/format';
import type { CellValue, ReportData, ValidReport } from '../model/report';
import { checkBlocks, proseChars } from './blocks';
import { cellValue } from './cellvalues';
import { checkRules } from './rules';
import { describeValue, getAt, mapAjvErrors } from './schema-errors';
import { checkText } from './text';
import { closest } from './suggest';

export interface ValidateOptions {
  asPublished?: boolean;
  /** folder of the format packs (default: the tool's templates/) */
  templatesDir?: string;
  /** last year's validated report of the same agency: enables the cross-year rules */
  previous?: ValidReport;
}

const compiled = new Map<string, { validate: ValidateFunction; schema: Record<string, any> }>();

export const AJV_OPTIONS = { allErrors: true, allowUnionTypes: true, strict: true, verbose: true } as const;

/** Where `npm install` (scripts/precompile-validators.js) puts the validator of a schema. */
export function validatorFile(packId: string, schema: object): string {
  const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
  return path.join(__dirname, '..', 'validators', `${packId}-${hash}.cjs`);
}

/**
 * The validator of a pack's schema. Compiling it takes ajv 0.1–0.2 s, most of a cold start, so
 * the validators of the bundled packs are compiled to code at install time, named by the
 * schema's hash: a pack edited since then simply compiles at run time, never a stale validator.
 */
export function schemaFor(pack: FormatPack): { validate: ValidateFunction; schema: Record<string, any> } {
  let c = compiled.get(pack.dir);
  if (!c) {
    const schema = buildSchema(pack);
    const file = validatorFile(pack.id, schema);
    let validate: ValidateFunction;
    if (fs.existsSync(file)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(file) as ValidateFunction | { default: ValidateFunction };
      validate = typeof m === 'function' ? m : m.default;
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Ajv = require('ajv').default as typeof import('ajv').default;
      validate = new Ajv(AJV_OPTIONS).compile(schema);
    }
    c = { validate, schema };
    compiled.set(pack.dir, c);
  }
  return c;
}

/** Chinese label of the field at a pointer: the schema titles along the path, joined. */
export function titleAt(schema: Record<string, any>, ptr: string): string {
  const titles: string[] = [];
  let s: any = schema;
  const deref = (x: any) => {
    while (x && x.$ref) x = schema.definitions[x.$ref.split('/').pop()];
    return x;
  };
  for (const raw of ptr.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    s = deref(s);
    if (!s) break;
    if (s.properties && s.properties[k]) s = s.properties[k];
    else if (s.items && /^\d+$/.test(k)) s = s.items;
    else break;
    s = deref(s);
    if (s?.title && !(s.items && /^\d+$/.test(k))) titles.push(/^\d+$/.test(k) ? `${s.title}（第 ${Number(k) + 1} 项）` : s.title);
    else if (/^\d+$/.test(k)) titles.push(`第 ${Number(k) + 1} 项`);
  }
  const t = titles.slice(-2).join('·');
  return t || '报告数据';
}

export function validate(loaded: LoadedYaml, opts: ValidateOptions = {}): Result<ValidReport> {
  const data = loaded.data as Record<string, Json>;
  const formatId = data.format;
  if (formatId === undefined) {
    return fail([error('E-SCHEMA-FORMAT', msg.missingFormat(), spanFor(loaded, ''), [{ message: msg.allowedKeys(listPacks(opts.templatesDir)) }])]);
  }
  const packs = listPacks(opts.templatesDir);
  if (typeof formatId !== 'string' && typeof formatId !== 'number') {
    // not a scalar: never stringify user objects (a key "toString" would throw)
    return fail([error('E-SCHEMA-FORMAT', msg.unknownFormat(describeValue(formatId), packs), spanFor(loaded, '/format'))]);
  }
  if (!packs.includes(String(formatId))) {
    const guess = closest(String(formatId), packs);
    return fail([error('E-SCHEMA-FORMAT', msg.unknownFormat(String(formatId), packs), spanFor(loaded, '/format'),
      guess ? [{ message: msg.didYouMean(guess) }] : [])]);
  }
  const packR = loadPack(String(formatId), opts.templatesDir);
  if (!packR.ok) return packR;
  const pack = packR.value;
  const { validate: check, schema } = schemaFor(pack);

  const cellLabels = new Map<string, string>();
  for (const t of Object.values(pack.tables)) for (const c of cellsOf(t)) cellLabels.set('/tables/' + cellKey(c.table, c.path), c.label);
  const labelOf = (ptr: string) => cellLabels.get(ptr) ?? titleAt(schema, ptr);

  const diags: Diagnostic[] = [];
  // `format: "2021"` (quoted) names the same pack as the canonical, unquoted `format: 2021`
  check(typeof formatId === 'string' && /^[0-9]+$/.test(formatId) ? { ...data, format: Number(formatId) } : data);
  const ajvErrors = (check.errors ?? []).filter((e) => !/^\/sections\/[^/]+\/./.test(e.instancePath));
  diags.push(...mapAjvErrors(ajvErrors, loaded, data, labelOf));

  // prose blocks: own structural check with precise messages
  const cellRefs = new Set(cellLabels.keys());
  const refs = new Set([...cellRefs].map((k) => k.slice('/tables/'.length)));
  const sections = data.sections;
  if (sections && typeof sections === 'object' && !Array.isArray(sections)) {
    for (const s of pack.sections) {
      const v = (sections as Record<string, Json>)[s.id];
      if (v !== undefined) diags.push(...checkBlocks(loaded, v, `/sections/${s.id}`, s.heading, refs, new Set(Object.keys(pack.sentences ?? {}))));
      const n = proseChars(v);
      if (s.max_chars && n > s.max_chars) {
        diags.push(warning('W-TEXT-SECTION-LENGTH', msg.sectionTooLong(s.heading, n, s.max_chars), spanFor(loaded, `/sections/${s.id}`, true)));
      }
    }
  }
  diags.push(...checkText(loaded, data, labelOf));

  // exact cell values
  const cells = new Map<string, CellValue | null>();
  let cellsOk = !diags.some((d) => d.span && spanInTables(loaded, d));
  for (const t of Object.values(pack.tables)) {
    for (const c of cellsOf(t)) {
      const ptr = '/tables/' + cellKey(c.table, c.path);
      const v = getAt(data, ptr);
      if (v === null || v === undefined) {
        cells.set(cellKey(c.table, c.path), null);
        continue;
      }
      let text: string | undefined;
      if (typeof v === 'number' && Number.isFinite(v)) {
        const src = loaded.nodes.get(ptr)?.source;
        // a decimal keeps its written form (9116.30 stays "9116.30"), a signed count its sign (+2)
        if (c.type === 'decimal' && src && /^[0-9]+(\.[0-9]+)?$/.test(src)) text = src;
        else if (c.type === 'signed' && src && /^[+-]?[0-9]+$/.test(src)) text = src;
        else text = String(v);
      } else if (typeof v === 'string') {
        text = v;
      }
      if (c.type === 'text') {
        cells.set(cellKey(c.table, c.path), text === undefined ? null : { text, scaled: 0n });
        continue;
      }
      const cv = text === undefined ? null : cellValue(text);
      if (!cv && text !== undefined && c.type === 'decimal' && cellsOk) {
        diags.push(error('E-SCHEMA-DECIMAL', msg.decimalFormat(c.label, text), spanFor(loaded, ptr)));
        cellsOk = false;
      }
      cells.set(cellKey(c.table, c.path), cv);
    }
  }

  const report = { pack, data: data as unknown as ReportData, cells, loaded };
  if (cellsOk && !diags.some((d) => d.severity === 'error' && d.span && spanInTables(loaded, d))) {
    const acknowledged = new Map<string, string>();
    for (const a of (data.acknowledge as { rule: string; reason: string }[] | undefined) ?? []) {
      if (a && typeof a.rule === 'string' && typeof a.reason === 'string') acknowledged.set(a.rule, a.reason);
    }
    const previous = opts.previous ? { pack: opts.previous.pack, cells: opts.previous.cells, loaded: opts.previous.loaded } : undefined;
    diags.push(...checkRules(pack, cells, loaded, { asPublished: opts.asPublished, acknowledged, previous }));
  }
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity === 'warning');
  return errors.length ? fail(errors, warnings) : ok(report, warnings);
}

/** Is the diagnostic inside the tables: mapping (then the arithmetic would be noise)? */
function spanInTables(loaded: LoadedYaml, d: Diagnostic): boolean {
  const t = loaded.nodes.get('/tables');
  if (!t || !d.span) return false;
  const start = loaded.positions.position(t.range[0]);
  const end = loaded.positions.position(t.range[1]);
  const l = d.span.start.line;
  return l >= start.line && l <= end.line;
}

/** The Chinese label of the field at a pointer of a validated report (for later stages). */
export function labelFor(report: ValidReport, ptr: string): string {
  const { schema } = schemaFor(report.pack);
  for (const t of Object.values(report.pack.tables)) {
    for (const c of cellsOf(t)) if ('/tables/' + cellKey(c.table, c.path) === ptr) return c.label;
  }
  return titleAt(schema, ptr);
}
