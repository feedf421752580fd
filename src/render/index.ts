/**
 * 阶段 5 · 生成（render）
 * 输入：pdfmake 文档定义与字体；输出：内存中的 PDF 字节。字体以子集嵌入（pdfkit 总是子集化，带 ToUnicode）。
 * 禁止任何网络访问，本地文件只允许读取 fonts/。不写文件（写入由 write 阶段负责）。
 *
 * pdfmake 0.3 is a process-wide singleton: policies and fonts are set here, once per call.
 * The bytes are checked before they leave: %PDF- header, %%EOF trailer, page count in bounds.
 */
import * as path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { error, fail, ok, Result } from '../diag/diagnostic';
import { LIMITS, msg } from '../diag/messages';
import { Fonts, isParsed, parseFont } from './fonts';
import { patchDocument, pdfaDefinition, PdfAOptions } from './pdfa';

export interface RenderOptions {
  /** PDF/A profile, metadata (Info and XMP, dates included) and source data: render/pdfa.ts */
  pdfa: PdfAOptions;
}

export interface Rendered {
  bytes: Buffer;
  pages: number;
}

/**
 * pdfmake 0.3.11 measures a word as width + characterSpacing × (length − 1), but PDF's Tc adds the
 * spacing after every glyph. Chinese text is broken into one-character words, so the negative
 * spacing that fits 28 characters of 3号 into the 156 mm line (GB/T 9704 §5.2.3) was never
 * counted and lines held 27. Measure what is drawn: spacing × number of characters.
 *
 * pdfkit re-reads and re-parses every font file for every document (pdf-toolchain.md §1): the
 * fonts are handed to pdfmake from memory (its virtual file system) and pdfkit embeds the font
 * render/fonts.ts already parsed for those bytes (shareLayoutCache), so a report costs no font I/O.
 */
function patchOnce(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TextInlines = require('pdfmake/js/TextInlines').default as {
    prototype: { widthOfText(text: string, inline: MeasuredInline): number; __xxgk?: boolean };
  };
  if (TextInlines.prototype.__xxgk) return;
  TextInlines.prototype.widthOfText = function (text: string, inline: MeasuredInline): number {
    let n = 0;
    for (const _ of text) n++;
    return inline.font.widthOfString(text, inline.fontSize, inline.fontFeatures) + (inline.characterSpacing || 0) * n;
  };
  TextInlines.prototype.__xxgk = true;
  shareLayoutCache();
  memoizeMeasure();
  freshTableState();
}

/**
 * pdfmake keeps a table's per-page bottom (`_bottomByPage`) on the table node and never clears
 * it when it lays the document out again (after a pageBreakBefore hook moved something): the
 * stale bottom of the previous pass stretched the last row frame on the page a kept row had left.
 * Each pass starts the table afresh.
 */
function freshTableState(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const LayoutBuilder = require('pdfmake/js/LayoutBuilder').default as { prototype: { processTable(node: { _bottomByPage?: unknown }): unknown } };
  const processTable = LayoutBuilder.prototype.processTable;
  LayoutBuilder.prototype.processTable = function (node: { _bottomByPage?: unknown }) {
    delete node._bottomByPage;
    return processTable.call(this, node);
  };
}

/**
 * Every time a heading or a table row must move to the next page (pageBreakBefore), pdfmake
 * measures the whole document again although no text changed. Keep each text node's measured
 * inlines and hand out fresh copies on later passes (layout consumes and splits them).
 */
function memoizeMeasure(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const DocMeasure = require('pdfmake/js/DocMeasure').default as { prototype: { measureLeaf(node: MeasuredNode): MeasuredNode } };
  const measureLeaf = DocMeasure.prototype.measureLeaf;
  DocMeasure.prototype.measureLeaf = function (node: MeasuredNode): MeasuredNode {
    const memo = node.__xxgk;
    if (memo && memo.text === node.text && !node._textRef) {
      node._inlines = memo.items.map((i) => ({ ...i }));
      node._minWidth = memo.min;
      node._maxWidth = memo.max;
      return node;
    }
    measureLeaf.call(this, node);
    Object.defineProperty(node, '__xxgk', {
      value: { text: node.text, items: (node._inlines ?? []).map((i) => ({ ...i })), min: node._minWidth, max: node._maxWidth },
      configurable: true,
      writable: true,
      enumerable: false,
    });
    return node;
  };
}

interface MeasuredNode {
  text: unknown;
  _textRef?: unknown;
  _inlines?: object[];
  _minWidth?: number;
  _maxWidth?: number;
  __xxgk?: { text: unknown; items: object[]; min?: number; max?: number };
}

/**
 * pdfkit keeps a text-layout cache per font per document, so every report measured the same
 * words again through fontkit's shaper (most of pdfmake's measuring time). Layout results depend
 * only on the font bytes and the text, and are never modified after they are made: share them
 * across documents, keyed by the font's byte buffer (the same Buffer every time, see configure).
 */
function shareLayoutCache(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFKit = require('pdfkit') as PDFKitClass;
  const probe = new PDFKit({ autoFirstPage: false });
  probe.font(PROBE_FONT());
  const EmbeddedFont = probe._font.constructor;
  const proto = EmbeddedFont.prototype;
  const shared = new WeakMap<object, Record<string, unknown>>();
  proto.layoutCached = function (this: EmbeddedFontThis, text: string) {
    // words (measuring: one CJK character, a number) are shared across documents; whole runs of
    // a line (drawing) are not — every report has its own, and a province's batch would keep
    // them all. Those stay in the document's own cache, as pdfkit does.
    if (text.length > SHARED_MAX) {
      const own = (this.layoutCache ??= Object.create(null) as Record<string, unknown>);
      return (own[text] ??= this.layoutRun(text));
    }
    const key = this.font.stream?.buffer ?? this.font;
    let cache = shared.get(key);
    if (!cache) shared.set(key, (cache = Object.create(null) as Record<string, unknown>));
    return (cache[text] ??= this.layoutRun(text));
  };
  // pdfkit parses a font again for every document (fontkit.create on the bytes). For the bytes
  // render/fonts.ts has already parsed, embed that parsed font: its decoded tables and glyphs
  // are read-only and serve every document; each document still gets its own subset.
  const font = PDFKit.prototype.font;
  const keys = new WeakMap<object, string>();
  let n = 0;
  PDFKit.prototype.font = function (this: PDFKitDoc, src: unknown, family?: unknown, size?: unknown) {
    if (src instanceof Uint8Array && isParsed(src) && family == null) {
      let key = keys.get(src);
      if (!key) keys.set(src, (key = `xxgk-font-${++n}`));
      if (size != null) this.fontSize(size);
      let f = this._fontFamilies[key];
      if (!f) {
        f = new EmbeddedFont(this, parseFont(src as Buffer), `F${++this._fontCount}`);
        this._fontFamilies[key] = f;
      }
      this._font = f as PDFKitDoc['_font'];
      return this;
    }
    return font.call(this, src, family, size);
  };
}

interface PDFKitDoc {
  _font: { constructor: EmbeddedFontClass };
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  font(src: unknown, family?: unknown, size?: unknown): PDFKitDoc;
  fontSize(size: unknown): PDFKitDoc;
}
type PDFKitClass = { new (o: object): PDFKitDoc; prototype: PDFKitDoc };
type EmbeddedFontClass = { new (doc: PDFKitDoc, font: unknown, id: string): { constructor: EmbeddedFontClass }; prototype: EmbeddedFontProto };

/** longest text whose layout is shared across documents */
const SHARED_MAX = 12;

interface EmbeddedFontThis {
  font: { stream?: { buffer?: object } };
  layoutCache?: Record<string, unknown>;
  layoutRun(text: string): unknown;
}
interface EmbeddedFontProto {
  layoutCached(this: EmbeddedFontThis, text: string): unknown;
}

/** any TrueType font will do to reach pdfkit's EmbeddedFont class: the first bundled one */
let PROBE_FONT = (): Buffer => {
  throw new Error('no font to probe');
};

interface MeasuredInline {
  font: { widthOfString(text: string, size: number, features?: unknown): number };
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
}

const registered = new Set<string>();

/** Policies once; every font opened so far registered from memory under a per-folder name. */
function configure(fonts: Fonts): void {
  const first = fonts.opened()[0];
  PROBE_FONT = () => first.bytes;
  patchOnce();
  pdfmake.setUrlAccessPolicy(() => false);
  const root = path.resolve(fonts.dir) + path.sep;
  pdfmake.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(root));
  const add: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }> = {};
  for (const f of fonts.opened()) {
    if (registered.has(f.family)) continue;
    const vname = `xxgk/${f.family}.ttf`;
    (pdfmake as unknown as { virtualfs: { writeFileSync(n: string, b: Buffer): void } }).virtualfs.writeFileSync(vname, f.bytes);
    add[f.family] = { normal: vname, bold: vname, italics: vname, bolditalics: vname };
    registered.add(f.family);
  }
  if (Object.keys(add).length) pdfmake.addFonts(add);
}

export function countPages(pdf: Buffer): number {
  const s = pdf.toString('latin1');
  const m = s.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return m ? m.length : 0;
}

export async function render(def: TDocumentDefinitions, fonts: Fonts, opts: RenderOptions): Promise<Result<Rendered>> {
  configure(fonts);
  const d = pdfaDefinition({ ...def, defaultStyle: { font: fonts.set.body.families[0], ...(def.defaultStyle ?? {}) } }, opts.pdfa);
  let bytes: Buffer;
  try {
    const out = pdfmake.createPdf(d);
    // Info and XMP from one metadata object, the source data attached (render/pdfa.ts)
    patchDocument(await out.getStream(), opts.pdfa);
    bytes = await out.getBuffer();
  } catch (e) {
    return fail([error('E-RENDER-FAILED', msg.renderFailed((e as Error).message ?? String(e)))]);
  }
  const head = bytes.subarray(0, 5).toString('latin1');
  const tail = bytes.subarray(Math.max(0, bytes.length - 32)).toString('latin1');
  if (head !== '%PDF-' || !tail.includes('%%EOF')) {
    return fail([error('E-RENDER-INVALID', msg.renderInvalid('文件头或文件尾不完整'))]);
  }
  const pages = countPages(bytes);
  if (pages < 1) return fail([error('E-RENDER-INVALID', msg.renderInvalid('没有页面'))]);
  if (pages > LIMITS.maxPages) return fail([error('E-RENDER-TOO-MANY-PAGES', msg.renderTooManyPages(pages, LIMITS.maxPages))]);
  return ok({ bytes, pages });
}
