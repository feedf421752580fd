/**
 * 阶段 5 · 生成（render）
 * 输入：pdfmake 文档定义与字体；输出：内存中的 PDF 字节。字体以子集嵌入（pdfkit 总是子集化，带 ToUnicode）。
 * 禁止任何网络访问，本地文件只允许读取 fonts/。不写文件（写入由 write 阶段负责）。
 *
 * pdfmake 0.3 is a process-wide singleton: policies and fonts are set here, once per call.
 * The bytes are checked before they leave: %PDF- header, %%EOF trailer, page count in bounds.
 */
import * as path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { error, fail, ok, Result } from '../diag/diagnostic';
import { LIMITS, msg } from '../diag/messages';
import { patchEngine } from './engine';
import { Fonts } from './fonts';
import { patchDocument, pdfaDefinition, PdfAOptions } from './pdfa';

export interface RenderOptions {
  /** PDF/A profile, metadata (Info and XMP, dates included) and source data: render/pdfa.ts */
  pdfa: PdfAOptions;
}

export interface Rendered {
  bytes: Buffer;
  pages: number;
}

const registered = new Set<string>();

type PdfMake = typeof import('pdfmake');
let pdfmakeModule: PdfMake | undefined;
/** pdfmake (with pdfkit and fontkit's layout engine) loads on the first render: `check` never needs it */
function pdfmake(): PdfMake {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (pdfmakeModule ??= require('pdfmake') as PdfMake);
}

/** Policies once; every font opened so far registered from memory under a per-folder name. */
function configure(fonts: Fonts): void {
  const first = fonts.opened()[0];
  patchEngine(() => first.bytes);
  pdfmake().setUrlAccessPolicy(() => false);
  const root = path.resolve(fonts.dir) + path.sep;
  pdfmake().setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(root));
  const add: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }> = {};
  for (const f of fonts.opened()) {
    if (registered.has(f.family)) continue;
    const vname = `xxgk/${f.family}.ttf`;
    (pdfmake() as unknown as { virtualfs: { writeFileSync(n: string, b: Buffer): void } }).virtualfs.writeFileSync(vname, f.bytes);
    add[f.family] = { normal: vname, bold: vname, italics: vname, bolditalics: vname };
    registered.add(f.family);
  }
  if (Object.keys(add).length) pdfmake().addFonts(add);
}

export function countPages(pdf: Buffer): number {
  // (searched in the bytes: a 300 KB string copy of every report cost more than the search)
  const key = Buffer.from('/Type');
  let n = 0;
  for (let i = pdf.indexOf(key); i >= 0; i = pdf.indexOf(key, i + key.length)) {
    let k = i + key.length;
    while (k < pdf.length && (pdf[k] === 0x20 || pdf[k] === 0x0a || pdf[k] === 0x0d || pdf[k] === 0x09)) k++;
    if (pdf.toString('latin1', k, k + 5) !== '/Page') continue;
    const next = pdf[k + 5];
    // /Page, not /Pages (or any longer name)
    if (next === undefined || !((next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a))) n++;
  }
  return n;
}

export async function render(def: TDocumentDefinitions, fonts: Fonts, opts: RenderOptions): Promise<Result<Rendered>> {
  configure(fonts);
  const d = pdfaDefinition({ ...def, defaultStyle: { font: fonts.set.body.families[0], ...(def.defaultStyle ?? {}) } }, opts.pdfa);
  let bytes: Buffer;
  try {
    const out = pdfmake().createPdf(d);
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
