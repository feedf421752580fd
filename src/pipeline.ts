/**
 * 管线：唯一知道各阶段顺序的地方。
 *
 *   data/*.yaml ──load──▶ LoadedYaml ──validate──▶ ValidReport ──merge──▶ DocumentModel
 *        ──layout(+字体度量)──▶ pdfmake 文档定义 ──render(PDF/A-3b + 元数据 + 源数据)──▶ PDF 字节
 *        ──write──▶ out/*.pdf ──deposit（仅 --archive）──▶ <归档>/<年度>/*.pdf + 清单
 *
 * Every stage returns a Result with diagnostics; the pipeline stops at the first stage that
 * fails and returns everything collected so far. Nothing is written unless every stage passed.
 */
import { archiveMetadata } from './archive/metadata';
import { TOOL_NAME, TOOL_VERSION } from './archive/tool';
import { Diagnostic, error, fail, ok, Result } from './diag/diagnostic';
import { codePoint, msg } from './diag/messages';
import { layout } from './layout';
import type { Uncovered } from './layout/text';
import { load, LoadedYaml } from './load';
import { merge } from './merge';
import type { ArchiveMetadata, PdfAProfile } from './model/archive';
import type { DocumentModel } from './model/document';
import type { ValidReport } from './model/report';
import { diskWorld, World } from './model/world';
import { render } from './render';
import { Fonts, loadFonts } from './render/fonts';
import { labelFor, validate } from './validate';
import { writeAtomic, Written } from './write';
import { deposit, Deposited } from './write/deposit';

export interface PipelineOptions {
  world?: World;
  /** regenerate a published report whose numbers do not add up: rule errors become warnings */
  asPublished?: boolean;
  fontsDir?: string;
  /** PDF/A-3b (default, with the source data) or a PDF/A-1b twin for validators (no attachment) */
  pdfa?: PdfAProfile;
  /** archive folder: also deposit the PDF there, never replacing an archived file (write/deposit.ts) */
  archive?: string;
}

export interface Checked {
  report: ValidReport;
  doc: DocumentModel;
  fonts: Fonts;
}

/** load → validate → merge → font coverage. What `check` runs; `build` continues from here. */
export function check(file: string, opts: PipelineOptions = {}): Result<Checked> {
  const warnings: Diagnostic[] = [];
  const loaded = load(opts.world ?? diskWorld, file);
  if (!loaded.ok) return loaded;
  const valid = validate(loaded.value, { asPublished: opts.asPublished });
  warnings.push(...valid.warnings);
  if (!valid.ok) return fail(valid.errors, warnings);
  const merged = merge(valid.value);
  if (!merged.ok) return fail(merged.errors, warnings);
  const fonts = loadFonts(opts.fontsDir);
  if (!fonts.ok) return fail(fonts.errors, warnings);
  // lay out once to learn which characters no font has (layout is pure and cheap)
  const { missing } = layout(merged.value, fonts.value.set);
  if (missing.length) return fail(glyphErrors(missing, valid.value, fonts.value), warnings);
  return ok({ report: valid.value, doc: merged.value, fonts: fonts.value }, warnings);
}

export interface Built {
  written: Written;
  pages: number;
  checked: Checked;
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
  // a category row left alone at a page foot moves to the next page: lay out again until none is
  const breakBefore = new Set<string>();
  let rendered: Awaited<ReturnType<typeof render>>;
  for (let pass = 0; ; pass++) {
    const laid = layout(doc, fonts.set, { breakBefore });
    rendered = await render(laid.definition, fonts, { pdfa });
    if (!rendered.ok) return fail(rendered.errors, c.warnings);
    const fresh = [...laid.stranded].filter((k) => !breakBefore.has(k));
    if (!fresh.length || pass >= 5) break;
    // the first one only: moving it shifts everything after it
    breakBefore.add(fresh[0]);
  }
  const name = outputName(report);
  const written = writeAtomic(outDir, name, rendered.value.bytes);
  if (!written.ok) return fail(written.errors, c.warnings);
  const built: Built = { written: written.value, pages: rendered.value.pages, checked: c.value, metadata };
  if (opts.archive) {
    const item = { bytes: rendered.value.bytes, pages: built.pages, profile, metadata, fonts: fonts.files, tool: { name: TOOL_NAME, version: TOOL_VERSION } };
    const d = deposit(opts.archive, item);
    if (!d.ok) return fail(d.errors, [...c.warnings, ...d.warnings]);
    built.deposited = d.value;
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
