/**
 * 管线：唯一知道各阶段顺序的地方。
 *
 *   data/*.yaml ──load──▶ LoadedYaml ──validate──▶ ValidReport ──merge──▶ DocumentModel
 *        ──layout(+字体度量)──▶ pdfmake 文档定义 ──render(PDF/A-3b + 元数据 + 源数据)──▶ PDF 字节
 *        ──write──▶ out/*.pdf ──deposit（仅 --archive）──▶ <归档>/<年度>/*.pdf + 清单
 *
 * validate also receives last year's report of the same agency when there is one (src/previous.ts,
 * itself load + validate), for the cross-year rules.
 *
 * Every stage returns a Result with diagnostics; the pipeline stops at the first stage that
 * fails and returns everything collected so far. Nothing is written unless every stage passed.
 */
import { archiveMetadata } from './archive/metadata';
import { TOOL_NAME, TOOL_VERSION } from './archive/tool';
import { Diagnostic, error, fail, ok, Result } from './diag/diagnostic';
import { codePoint, msg } from './diag/messages';
import { layout, LayoutResult } from './layout';
import type { Uncovered } from './layout/text';
import { load, LoadedYaml } from './load';
import { merge } from './merge';
import type { ArchiveMetadata, PdfAProfile } from './model/archive';
import type { DocumentModel } from './model/document';
import type { ValidReport } from './model/report';
import { diskWorld, World } from './model/world';
import { loadPrevious } from './previous';
import { render } from './render';
import { Fonts, loadFonts } from './render/fonts';
import { labelFor, validate } from './validate';
import { writeAtomic, Written } from './write';
import { amsg } from './diag/messages-archive';
import { deposit, Deposited } from './write/deposit';

export interface PipelineOptions {
  world?: World;
  /** regenerate a published report whose numbers do not add up: rule errors become warnings */
  asPublished?: boolean;
  fontsDir?: string;
  /** folder of the format packs (default: the tool's templates/) */
  templatesDir?: string;
  /** last year's data file (default: `<year − 1>.yaml` next to the file, when present) */
  previous?: string;
  /** PDF/A-3b (default, with the source data) or a PDF/A-1b twin for validators (no attachment) */
  pdfa?: PdfAProfile;
  /** archive folder: also deposit the PDF there, never replacing an archived file (write/deposit.ts) */
  archive?: string;
}

export interface Checked {
  report: ValidReport;
  doc: DocumentModel;
  fonts: Fonts;
  /** the laid-out document (pdfmake definition), ready for one render */
  laid: LayoutResult;
  /** last year's file the cross-year rules were checked against */
  previousFile?: string;
}

/** load → validate → merge → font coverage. What `check` runs; `build` continues from here. */
export function check(file: string, opts: PipelineOptions = {}): Result<Checked> {
  const warnings: Diagnostic[] = [];
  const world = opts.world ?? diskWorld;
  const loaded = load(world, file);
  if (!loaded.ok) return loaded;
  // last year's report of the same agency, for the cross-year rules
  const previous = loadPrevious(world, loaded.value, opts.previous);
  const prevErrors = previous.diags.filter((d) => d.severity === 'error');
  warnings.push(...previous.diags.filter((d) => d.severity === 'warning'));
  const valid = validate(loaded.value, { asPublished: opts.asPublished, previous: previous.report, templatesDir: opts.templatesDir });
  warnings.push(...valid.warnings);
  if (prevErrors.length) return fail([...prevErrors, ...(valid.ok ? [] : valid.errors)], warnings);
  if (!valid.ok) return fail(valid.errors, warnings);
  const merged = merge(valid.value);
  if (!merged.ok) return fail(merged.errors, warnings);
  const fonts = loadFonts(opts.fontsDir);
  if (!fonts.ok) return fail(fonts.errors, warnings);
  // layout also tells which characters no font has; build renders this very definition
  const laid = layout(merged.value, fonts.value.set);
  if (laid.missing.length) return fail(glyphErrors(laid.missing, valid.value, fonts.value), warnings);
  return ok({ report: valid.value, doc: merged.value, fonts: fonts.value, laid, previousFile: previous.report?.loaded.file }, warnings);
}

export interface Built {
  written: Written;
  pages: number;
  checked: Checked;
  /** further lines for the user about this report (e.g. where it was archived) */
  notes?: string[];
  metadata: ArchiveMetadata;
  deposited?: Deposited;
}

export async function build(file: string, outDir: string, opts: PipelineOptions = {}): Promise<Result<Built>> {
  const c = check(file, opts);
  if (!c.ok) return c;
  const { doc, fonts, report } = c.value;
  const profile = opts.pdfa ?? 'PDF/A-3b';
  const metadata = archiveMetadata(report, doc, creationDate(report));
  const pdfa = { profile, metadata, source: profile === 'PDF/A-3b' ? report.loaded.bytes : undefined };
  // (pdfmake lays out the definition's own objects: it is rendered once, here)
  const rendered = await render(c.value.laid.definition, fonts, { pdfa });
  if (!rendered.ok) return fail(rendered.errors, c.warnings);
  const name = outputName(report);
  const written = writeAtomic(outDir, name, rendered.value.bytes);
  if (!written.ok) return fail(written.errors, c.warnings);
  const built: Built = { written: written.value, pages: rendered.value.pages, checked: c.value, metadata };
  if (opts.archive) {
    const hashes = fonts.hashes();
    if (!hashes.ok) return fail(hashes.errors, c.warnings);
    const item = { bytes: rendered.value.bytes, pages: built.pages, profile, metadata, fonts: hashes.value, tool: { name: TOOL_NAME, version: TOOL_VERSION } };
    const d = deposit(opts.archive, item);
    if (!d.ok) return fail(d.errors, [...c.warnings, ...d.warnings]);
    built.deposited = d.value;
    built.notes = [d.value.unchanged ? amsg.archiveUnchanged(d.value.path) : d.value.version > 1 ? amsg.archiveNewVersion(d.value.path, d.value.version) : amsg.archiveFirst(d.value.path)];
    return ok(built, [...c.warnings, ...d.warnings]);
  }
  return ok(built, c.warnings);
}

/** File names come from validated, safe parts only: agency code (pattern-checked) and year. */
export function outputName(r: ValidReport): string {
  return `${r.data.agency.code}-${r.data.year}.pdf`;
}

/** Creation date from the data or SOURCE_DATE_EPOCH, so the same data gives the same bytes. */
export function creationDate(r: ValidReport): Date | undefined {
  if (r.data.publication_date) return new Date(`${r.data.publication_date}T00:00:00+08:00`);
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return undefined;
}

/** Each character that no font of its role has: an error at its first place in the YAML. */
function glyphErrors(missing: Uncovered[], report: ValidReport, fonts: Fonts): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const m of missing) {
    if (seen.has(m.char)) continue;
    seen.add(m.char);
    const cp = codePoint(m.char.codePointAt(0)!);
    const where = locateChar(report.loaded, m.char);
    const label = where ? labelFor(report, where.ptr) : '模板文字';
    const d = error('E-FONT-GLYPH', msg.fontGlyph(m.char, cp, label, fonts.chains[m.role]), where?.span, [{ message: msg.fontGlyphHint() }]);
    if (!where) {
      const tpl = Object.values(report.pack.templates).find((t) => t.source.includes(m.char));
      d.file = tpl?.file ?? report.loaded.file;
    }
    out.push(d);
  }
  return out;
}

function locateChar(loaded: LoadedYaml, ch: string) {
  // skip comments: find an occurrence inside a value node
  let from = 0;
  for (;;) {
    const off = loaded.text.indexOf(ch, from);
    if (off < 0) return undefined;
    let best: { ptr: string; size: number } | undefined;
    for (const [ptr, n] of loaded.nodes) {
      if (n.source !== undefined && n.range[0] <= off && off < n.range[1]) {
        const size = n.range[1] - n.range[0];
        if (!best || size < best.size) best = { ptr, size };
      }
    }
    if (best) return { ptr: best.ptr, span: loaded.positions.span(off, off + ch.length) };
    from = off + ch.length;
  }
}

export { error };
