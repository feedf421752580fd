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
import { patchDocument, pdfaDefinition, PdfAOptions } from './pdfa';

export interface RenderOptions {
  /**
   * Creation date written to the PDF (from the data or SOURCE_DATE_EPOCH). Without one the PDF
   * carries no CreationDate at all: the clock is never used, so the same data gives the same bytes.
   */
  creationDate?: Date;
  /** PDF/A profile, metadata and source data (render/pdfa.ts); when given, `creationDate` is ignored */
  pdfa?: PdfAOptions;
}

export interface Rendered {
  bytes: Buffer;
  pages: number;
}

let configuredFor: string | undefined;

function configure(fonts: Fonts): void {
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
  const base: TDocumentDefinitions = {
    ...def,
    // pdfkit derives the file /ID from the creation date: give it a fixed one even when none is printed
    info: { ...def.info, creator: 'xxgk-report', producer: 'xxgk-report (pdfmake 0.3.11)', creationDate: opts.creationDate ?? new Date(0) },
    defaultStyle: { font: fonts.set.body.families[0], ...(def.defaultStyle ?? {}) },
  };
  const d = opts.pdfa ? pdfaDefinition(base, opts.pdfa) : base;
  let bytes: Buffer;
  try {
    const out = pdfmake.createPdf(d);
    if (opts.pdfa) {
      // Info and XMP from one metadata object, the source data attached (render/pdfa.ts)
      patchDocument(await out.getStream(), opts.pdfa);
    } else if (!opts.creationDate) {
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
