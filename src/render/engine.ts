/**
 * 渲染引擎的调整（pdfmake 0.3.11、pdfkit 0.19.1、fontkit 2.0.4）：修正、缓存与提速。每一项都注明原因；
 * 这些版本在 package.json 中固定，升级时要逐项核对。输出由测试（文字、字体、PDF/A、位图）把关。
 *
 * Adjustments to the rendering engine (pdfmake 0.3.11, pdfkit 0.19.1, fontkit 2.0.4), each
 * with its reason: one measuring fix, the entry for layout/text.ts's set lines, and the caches
 * that make a report cost ~60 ms instead of ~145 ms. The versions are pinned in package.json;
 * an upgrade re-checks each item here. Applied once per process by render/index.ts.
 */
import { deflateSync } from 'node:zlib';
import { isParsed, parseFont } from './fonts';

/**
 * Every adjustment, once per process. The first: pdfmake 0.3.11 measures a text as width +
 * characterSpacing × (length − 1), but PDF's Tc adds the spacing after every glyph (and counts
 * characters, not UTF-16 units). With the negative spacing that fits 28 characters of 3号 into the
 * 156 mm line (GB/T 9704 §5.2.3) lines held 27. Measure what is drawn: spacing × characters.
 *
 * pdfkit re-reads and re-parses every font file for every document (pdf-toolchain.md §1): the
 * fonts are handed to pdfmake from memory (its virtual file system) and pdfkit embeds the font
 * render/fonts.ts already parsed for those bytes (shareLayoutCache), so a report costs no font I/O.
 */
export function patchEngine(probeFont: () => Buffer): void {
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
  // one throw-away pdfkit document with any bundled TrueType font leads to the classes to adjust
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFKit = require('pdfkit') as PDFKitClass;
  const probe = new PDFKit({ autoFirstPage: false });
  const font = probeFont();
  probe.font(font);
  takeSetLines();
  shareLayoutCache(PDFKit, probe._font.constructor);
  shareGlyphData(parseFont(font));
  deflateFaster(probe.ref().constructor.prototype);
  memoizeMeasure();
  freshTableState();
}

/**
 * layout/text.ts breaks the lines itself and marks its inlines (setLine): each is a line or a
 * font run of one, kept whole (noWrap), held to its line (noNewLine) or ending it (lineEnd).
 * pdfmake would run its word breaker over them again and join words across inlines: a text
 * made of such inlines is taken as it is.
 */
function takeSetLines(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TextBreaker = require('pdfmake/js/TextBreaker').default as { prototype: { getBreaks(texts: unknown, styles: unknown): unknown[] } };
  const getBreaks = TextBreaker.prototype.getBreaks;
  const isSet = (t: unknown): t is SetInline => t !== null && typeof t === 'object' && (t as SetInline).setLine === true && (t as SetInline).style === undefined;
  TextBreaker.prototype.getBreaks = function (texts: unknown, styles: unknown) {
    // (measure below builds new inline objects from these and changes none of them)
    if (Array.isArray(texts) && texts.length > 0 && texts.every(isSet)) return texts;
    return getBreaks.call(this, texts, styles);
  };
  // pdfmake's measure asks the style stack for some twenty properties of every inline, pushing
  // and popping the inline each time. For set lines (no named style of their own) whatever the
  // inline does not define comes from its text node alike: ask the stack once per node. The
  // rest is pdfmake 0.3.11's measure, step for step.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TextInlines = require('pdfmake/js/TextInlines').default as {
    prototype: {
      measure(array: unknown[], stack: unknown): unknown[];
      widthOfText(text: string, inline: object): number;
      pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): { lineHeight(size: number): number } };
    };
  };
  const measure = TextInlines.prototype.measure;
  TextInlines.prototype.measure = function (array: unknown[], stack: unknown) {
    if (array.length === 0 || !array.every(isSet)) return measure.call(this, array, stack);
    const ctx = inherited(stack as StyleStack);
    const get = (item: SetInline, p: string) => (item[p] !== undefined && item[p] !== null ? item[p] : ctx[p]);
    // one object shape for every inline (adding twenty properties to each one by one made the
    // engine build a new shape again and again)
    const out = (array as SetInline[]).map((item) => {
      const fontSize = get(item, 'fontSize') as number;
      const sup = get(item, 'sup') as boolean;
      const sub = get(item, 'sub') as boolean;
      return {
        text: item.text,
        font: this.pdfDocument.provideFont(get(item, 'font'), get(item, 'bold'), get(item, 'italics')) as unknown,
        alignment: get(item, 'alignment'),
        fontSize: sup || sub ? fontSize * 0.58 : fontSize,
        fontFeatures: get(item, 'fontFeatures'),
        characterSpacing: get(item, 'characterSpacing'),
        color: get(item, 'color'),
        decoration: get(item, 'decoration'),
        decorationColor: get(item, 'decorationColor'),
        decorationStyle: get(item, 'decorationStyle'),
        decorationThickness: get(item, 'decorationThickness'),
        background: get(item, 'background'),
        link: get(item, 'link'),
        linkToPage: get(item, 'linkToPage'),
        linkToDestination: get(item, 'linkToDestination'),
        noWrap: get(item, 'noWrap'),
        opacity: get(item, 'opacity'),
        sup,
        sub,
        noNewLine: item.noNewLine,
        lineEnd: item.lineEnd,
        setLine: true as const,
        width: 0,
        height: 0,
        leadingCut: 0,
        trailingCut: 0,
        leadingIndent: undefined as unknown,
      };
    });
    const leadingIndent = get(array[0] as SetInline, 'leadingIndent') as number;
    if (leadingIndent) {
      out[0].leadingCut = -leadingIndent;
      out[0].leadingIndent = leadingIndent;
    }
    out.forEach((item, i) => {
      const src = array[i] as SetInline;
      item.width = this.widthOfText(item.text, item);
      item.height = (item.font as { lineHeight(size: number): number }).lineHeight(item.fontSize) * (get(src, 'lineHeight') as number);
      if (!get(src, 'preserveLeadingSpaces')) {
        const lead = /^(\s)+/.exec(item.text);
        if (lead) item.leadingCut += this.widthOfText(lead[0], item);
      }
      if (!get(src, 'preserveTrailingSpaces')) {
        const trail = /(\s)+$/.exec(item.text);
        if (trail) item.trailingCut = this.widthOfText(trail[0], item);
      }
    });
    return out;
  };
}

interface StyleStack {
  styleOverrides: unknown[];
  defaultStyle?: Record<string, unknown>;
}

/**
 * What a text node's inlines inherit, every property in one walk down the stack (pdfmake's
 * getProperty: overrides from the top, then the default style). Named styles (none in our
 * definitions) take pdfmake's own lookup.
 */
function inherited(stack: StyleStack): Record<string, unknown> {
  const ov = stack.styleOverrides;
  if (ov.some((o) => typeof o === 'string')) {
    const ctx: Record<string, unknown> = {};
    for (const [p, d] of STYLE_DEFAULTS) ctx[p] = StyleContextStack().getStyleProperty({}, stack, p, d);
    return ctx;
  }
  // the stack is the text node on top of its ancestors: what each level gives is the same for
  // every text node below it — keep it per level (looking up absent properties on large
  // definition nodes is slow), chained by the identity of the level underneath
  let ctx = DEFAULTS.get(stack.defaultStyle ?? NO_STYLE);
  if (!ctx) {
    ctx = {};
    for (const [p, d] of STYLE_DEFAULTS) {
      const v = stack.defaultStyle?.[p];
      ctx[p] = v === undefined || v === null ? d : v;
    }
    DEFAULTS.set(stack.defaultStyle ?? NO_STYLE, ctx);
  }
  for (const level of ov as Record<string, unknown>[]) {
    const memo = INHERITED.get(level);
    if (memo && memo.under === ctx) {
      ctx = memo.ctx;
      continue;
    }
    const under: Record<string, unknown> = ctx;
    const next: Record<string, unknown> = {};
    for (const [p] of STYLE_DEFAULTS) {
      const v = level[p];
      next[p] = v === undefined || v === null ? under[p] : v;
    }
    INHERITED.set(level, { under, ctx: next });
    ctx = next;
  }
  return ctx;
}

const NO_STYLE = {};
const DEFAULTS = new WeakMap<object, Record<string, unknown>>();
const INHERITED = new WeakMap<object, { under: Record<string, unknown>; ctx: Record<string, unknown> }>();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const StyleContextStack = () => require('pdfmake/js/StyleContextStack').default as { getStyleProperty(item: object, stack: unknown, property: string, dflt: unknown): unknown };

interface SetInline {
  setLine: true;
  style?: unknown;
  text: string;
  [property: string]: unknown;
}

/** the properties pdfmake 0.3.11's measure reads from the style stack, with its defaults */
const STYLE_DEFAULTS: [string, unknown][] = [
  ['leadingIndent', 0],
  ['font', 'Roboto'],
  ['bold', false],
  ['italics', false],
  ['alignment', 'left'],
  ['fontSize', 12],
  ['fontFeatures', null],
  ['characterSpacing', 0],
  ['color', 'black'],
  ['decoration', null],
  ['decorationColor', null],
  ['decorationStyle', null],
  ['decorationThickness', null],
  ['background', null],
  ['link', null],
  ['linkToPage', null],
  ['linkToDestination', null],
  ['noWrap', null],
  ['opacity', 1],
  ['sup', false],
  ['sub', false],
  ['lineHeight', 1],
  ['preserveLeadingSpaces', false],
  ['preserveTrailingSpaces', false],
];
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
function shareLayoutCache(PDFKit: PDFKitClass, EmbeddedFont: EmbeddedFontClass): void {
  const proto = EmbeddedFont.prototype;
  const shared = new WeakMap<object, Record<string, LayoutRun>>();
  proto.layoutCached = function (this: EmbeddedFontThis, text: string) {
    // pieces of a line (one CJK character, a word, a number) are shared across documents; longer
    // runs are not — a province's batch would keep them all. Those stay in the document's own
    // cache, as pdfkit does.
    if (text.length > SHARED_MAX) {
      const own = (this.layoutCache ??= Object.create(null) as Record<string, LayoutRun>);
      return (own[text] ??= this.layoutRun(text));
    }
    const key = this.font.stream?.buffer ?? this.font;
    let cache = shared.get(key);
    if (!cache) shared.set(key, (cache = Object.create(null) as Record<string, LayoutRun>));
    return (cache[text] ??= this.layoutRun(text));
  };
  // pdfkit lays a text out in pieces split after spaces: a line of Chinese is one piece, new in
  // every report. Chinese characters are not shaped in context (no ligatures, no kerning in
  // horizontal text), so each is a piece of its own and its layout is shared; other runs keep
  // pdfkit's pieces.
  const layout = proto.layout;
  proto.layout = function (this: EmbeddedFontThis, text: string, features?: unknown, onlyWidth?: boolean) {
    if (features) return layout.call(this, text, features, onlyWidth);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    const take = (a: number, b: number) => {
      const run = this.layoutCached(text.slice(a, b));
      if (glyphs && positions) {
        for (const g of run.glyphs) glyphs.push(g);
        for (const p of run.positions) positions.push(p);
      }
      advanceWidth += run.advanceWidth;
    };
    let last = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      if (isCJK(cp)) {
        if (last < i) take(last, i);
        take(i, i + len);
        last = i + len;
      } else if (cp === 0x20 || cp === 0x09) {
        take(last, i + 1);
        last = i + 1;
      }
      i += len;
    }
    if (last < text.length) take(last, text.length);
    return { glyphs, positions, advanceWidth };
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

/**
 * fontkit's TrueType subsetter decodes every glyph's outline (to find composite glyphs) and
 * copies its bytes again for every document. A glyph's bytes, components and metrics depend only
 * on the font: keep them per parsed font (one per process, see shareLayoutCache) and build each
 * document's subset from them. Fonts with variations keep fontkit's own path.
 */
function shareGlyphData(ttf: { createSubset(): unknown }): void {
  const Subset = (ttf.createSubset() as { constructor: { prototype: TTFSubsetProto } }).constructor;
  const addGlyph = Subset.prototype._addGlyph;
  const memo = new WeakMap<object, Map<number, GlyphData>>();
  Subset.prototype._addGlyph = function (this: TTFSubsetThis, gid: number): number {
    const font = this.font;
    if (font._variationProcessor) return addGlyph.call(this, gid);
    let glyphs = memo.get(font);
    if (!glyphs) memo.set(font, (glyphs = new Map()));
    let g = glyphs.get(gid);
    if (!g) {
      const glyph = font.getGlyph(gid);
      const stream = font._getTableStream('glyf');
      stream.pos += font.loca.offsets[gid];
      const bytes = stream.readBuffer(font.loca.offsets[gid + 1] - font.loca.offsets[gid]);
      // the glyph's first field, numberOfContours (int16), tells a composite glyph: only those
      // are decoded (for their parts); fontkit decoded every outline here
      const composite = bytes.length >= 2 && ((bytes[0] << 24) >> 16) + bytes[1] < 0;
      const glyf = composite ? glyph._decode() : null;
      const components = glyf ? glyf.components.map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : undefined;
      const metrics = glyph._getTableMetrics(font.hmtx);
      g = { bytes, components, advance: metrics.advance, bearing: metrics.bearing };
      glyphs.set(gid, g);
    }
    let bytes = g.bytes;
    if (g.components) {
      // a composite glyph names its parts by glyph id: renumber them for this subset
      bytes = new Uint8Array(g.bytes);
      const view = new DataView(bytes.buffer);
      for (const c of g.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
    }
    this.glyf.push(bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
    this.offset += bytes.length;
    return this.glyf.length - 1;
  };
}

/**
 * pdfkit compresses every stream with zlib's defaults. The same level with zlib's largest
 * hash memory (memLevel 9) is ~10 % faster on font data and a little smaller; font subsets are
 * most of a report's compression time.
 */
function deflateFaster(proto: PDFReferenceProto): void {
  const finalize = proto.finalize;
  proto.finalize = function (this: PDFReferenceThis) {
    const encrypted = (this.document as { _security?: unknown })._security;
    if (this.compress && !encrypted && this.buffer.length) {
      this.buffer = [deflateSync(Buffer.concat(this.buffer), { level: 6, memLevel: 9 })];
      this.compress = false; // (write() has already set Filter: FlateDecode)
    }
    return finalize.call(this);
  };
}
interface PDFReferenceThis {
  document: object;
  compress: boolean;
  buffer: Buffer[];
}
interface PDFReferenceProto {
  finalize(this: PDFReferenceThis): unknown;
}

interface GlyphData {
  bytes: Uint8Array;
  components?: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}
interface TTFSubsetThis {
  font: {
    _variationProcessor?: unknown;
    getGlyph(gid: number): {
      _decode(): { numberOfContours: number; components: { glyphID: number; pos: number }[] } | null;
      _getTableMetrics(table: unknown): { advance: number; bearing: number };
    };
    hmtx: unknown;
    _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array };
    loca: { offsets: number[] };
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
}
interface TTFSubsetProto {
  _addGlyph(this: TTFSubsetThis, gid: number): number;
}

interface PDFKitDoc {
  _font: { constructor: EmbeddedFontClass };
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  font(src: unknown, family?: unknown, size?: unknown): PDFKitDoc;
  fontSize(size: unknown): PDFKitDoc;
  ref(): { constructor: { prototype: PDFReferenceProto } };
}
type PDFKitClass = { new (o: object): PDFKitDoc; prototype: PDFKitDoc };
type EmbeddedFontClass = { new (doc: PDFKitDoc, font: unknown, id: string): { constructor: EmbeddedFontClass }; prototype: EmbeddedFontProto };

/** longest text whose layout is shared across documents */
const SHARED_MAX = 12;

interface LayoutRun {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
interface EmbeddedFontThis {
  font: { stream?: { buffer?: object } };
  layoutCache?: Record<string, LayoutRun>;
  layoutRun(text: string): LayoutRun;
  layoutCached(text: string): LayoutRun;
}
interface EmbeddedFontProto {
  layoutCached(this: EmbeddedFontThis, text: string): LayoutRun;
  layout(this: EmbeddedFontThis, text: string, features?: unknown, onlyWidth?: boolean): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
}

/** CJK ideographs, kana, hangul, CJK and full-width punctuation, quotes, dashes and ellipses */
function isCJK(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    (cp >= 0x2014 && cp <= 0x201d) ||
    cp === 0x2026
  );
}

interface MeasuredInline {
  font: { widthOfString(text: string, size: number, features?: unknown): number };
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
}

