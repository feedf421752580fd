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
import type { Fonts } from './fonts';

export interface RenderOptions {
  /**
   * Creation date written to the PDF (from the data or SOURCE_DATE_EPOCH). Without one the PDF
   * carries no CreationDate at all: the clock is never used, so the same data gives the same bytes.
   */
  creationDate?: Date;
}

export interface Rendered {
  bytes: Buffer;
  pages: number;
}

let configuredFor: string | undefined;

/**
 * pdfmake 0.3.11 measures a word as width + characterSpacing × (length − 1), but PDF's Tc adds the
 * spacing after every glyph. Chinese text is broken into one-character words, so the negative
 * spacing that fits 28 characters of 3号 into the 156 mm line (GB/T 9704 §5.2.3) was never
 * counted and lines held 27. Measure what is drawn: spacing × number of characters.
 */
function patchMeasure(): void {
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
}

interface MeasuredInline {
  font: { widthOfString(text: string, size: number, features?: unknown): number };
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
}

function configure(fonts: Fonts): void {
  patchMeasure();
  if (configuredFor === fonts.dir) return;
  const root = path.resolve(fonts.dir) + path.sep;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(root));
  pdfmake.addFonts(fonts.pdfmake);
  configuredFor = fonts.dir;
}

export function countPages(pdf: Buffer): number {
  const s = pdf.toString('latin1');
  const m = s.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return m ? m.length : 0;
}

export async function render(def: TDocumentDefinitions, fonts: Fonts, opts: RenderOptions = {}): Promise<Result<Rendered>> {
  configure(fonts);
  const d: TDocumentDefinitions = {
    ...def,
    // pdfkit derives the file /ID from the creation date: give it a fixed one even when none is printed
    info: { ...def.info, creator: 'xxgk-report', producer: 'xxgk-report (pdfmake 0.3.11)', creationDate: opts.creationDate ?? new Date(0) },
    defaultStyle: { font: fonts.set.body.families[0], ...(def.defaultStyle ?? {}) },
  };
  let bytes: Buffer;
  try {
    const out = pdfmake.createPdf(d);
    if (!opts.creationDate) {
      // no date to claim: leave CreationDate out of the Info dictionary (written first), but let
      // pdfkit's XMP builder (which dereferences it unconditionally) see the fixed one
      const kit = (await out.getStream()) as unknown as { info: Record<string, unknown>; _addInfo: () => void };
      const fixed = kit.info.CreationDate;
      delete kit.info.CreationDate;
      const addInfo = kit._addInfo;
      kit._addInfo = function (this: typeof kit) {
        this.info.CreationDate = fixed;
        try {
          addInfo.call(this);
        } finally {
          delete this.info.CreationDate;
        }
      };
    }
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
