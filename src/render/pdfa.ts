/**
 * PDF/A：把 pdfmake 文档定义设为 PDF/A-3b（或仅供校验的 PDF/A-1b 副本），写入与数据一致的元数据，
 * 并把校验通过的源数据（YAML）作为关联文件（AFRelationship /Source）嵌入。
 *
 * What pdfkit 0.19.1 does and what we add (pdf-toolchain.md §8, pitfalls.md §6):
 * - `version` '1.7' (PDF/A-3) or '1.4' (PDF/A-1): at pdfkit's default 1.3 no XMP is written at all.
 * - `subset` 'PDF/A-3b' | 'PDF/A-1b': pdfkit adds pdfaid (part, conformance B) and an sRGB
 *   OutputIntent; for part 1 also a CIDSet per font. Level B only: pdfmake emits no structure tree.
 * - XMP: pdfkit's `_addInfo` interpolates Info values unescaped (`&` `<` break the packet) and
 *   writes no dc:language/dc:date/custom properties. We replace it on the document returned by
 *   getStream() (called from endMetadata(), after the Info dictionary has been written) with
 *   xmpDescriptions(): escaped values, the same strings as Info, our extension schema.
 * - Dates: Info CreationDate and xmp:CreateDate come from the same Date, or are both absent when
 *   the data has no date (pdfkit still needs one in its constructor for the file /ID: it gets a
 *   fixed one, then CreationDate is removed before the Info dictionary is written). No ModDate.
 * - Outline: pdfkit writes /Count only for expanded items and never on the root, but an item with
 *   children must have one (negative when closed; PDFBox Preflight 1.4.9). fixOutlineCounts sets
 *   them all just before pdfkit ends the outline.
 * - The source YAML goes in with kit.file(Buffer): a path would make pdfkit stamp fs.stat dates;
 *   its dates are the creation date, or 1970-01-01T00:00:00Z (the SOURCE_DATE_EPOCH origin,
 *   meaning "no date known") when the data has none — PDF/A-3 requires Params /ModDate.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { keywordString } from '../archive/metadata';
import { xmpDescriptions } from '../archive/xmp';
import type { ArchiveMetadata, PdfAProfile } from '../model/archive';

export interface PdfAOptions {
  profile: PdfAProfile;
  metadata: ArchiveMetadata;
  /** the validated source bytes, embedded for PDF/A-3b (PDF/A-1 forbids embedded files) */
  source?: Buffer;
}

/** A fixed stand-in for pdfkit's constructor (file /ID); never written when the data has no date. */
export const NO_DATE = new Date(0);

export const SOURCE_DESCRIPTION = '本报告的源数据（YAML，已通过 xxgk-report 校验） / source data of this report (validated YAML)';

/** The pdfkit members we touch (not in @types/pdfkit). */
interface KitInternals {
  info: Record<string, unknown>;
  _addInfo: () => void;
  appendXML: (xml: string, newline?: boolean) => void;
  file: (src: Buffer, options: Record<string, unknown>) => unknown;
  outline: OutlineNode;
  endOutline: () => unknown;
}

/** pdfkit's PDFOutline, the parts we read and set. */
interface OutlineNode {
  outlineData: Record<string, unknown>;
  children: OutlineNode[];
  options: { expanded?: boolean };
}

/**
 * PDF 32000-1 12.3.3: the root's /Count is the number of visible items; an item with children has
 * /Count = its visible descendants, negated when it is closed (the number that opening it shows).
 */
export function fixOutlineCounts(root: OutlineNode): void {
  const shown = (n: OutlineNode): number => n.children.reduce((k, c) => k + 1 + (c.options.expanded ? shown(c) : 0), 0);
  const counts = new Map<OutlineNode, number>();
  const walk = (n: OutlineNode, isRoot: boolean) => {
    for (const c of n.children) walk(c, false);
    if (n.children.length) counts.set(n, isRoot || n.options.expanded ? shown(n) : -shown(n));
  };
  walk(root, true);
  for (const [n, count] of counts) {
    n.outlineData.Count = count;
    // pdfkit would overwrite an open item's Count with its number of children: keep ours
    n.options = { ...n.options, expanded: false };
  }
}

export function pdfaDefinition(def: TDocumentDefinitions, a: PdfAOptions): TDocumentDefinitions {
  const m = a.metadata;
  return {
    ...def,
    version: a.profile === 'PDF/A-1b' ? '1.4' : '1.7',
    subset: a.profile,
    language: m.language,
    displayTitle: true,
    info: {
      title: m.title,
      author: m.creator,
      subject: m.description,
      keywords: keywordString(m),
      creator: m.creatorTool,
      producer: m.producer,
      creationDate: m.createDate ?? NO_DATE,
    },
  };
}

/** Apply to the document from getStream(), before getBuffer() ends it. */
export function patchDocument(kitDoc: unknown, a: PdfAOptions): void {
  const kit = kitDoc as KitInternals;
  const m = a.metadata;
  if (!m.createDate) delete kit.info.CreationDate;
  const endOutline = kit.endOutline;
  kit.endOutline = function (this: KitInternals) {
    fixOutlineCounts(this.outline);
    return endOutline.call(this);
  };
  kit._addInfo = function (this: KitInternals) {
    this.appendXML(xmpDescriptions(m));
  };
  if (a.profile === 'PDF/A-3b' && a.source) {
    const date = m.createDate ?? NO_DATE;
    kit.file(a.source, {
      name: m.source.name,
      type: 'application/yaml',
      relationship: 'Source',
      description: SOURCE_DESCRIPTION,
      creationDate: date,
      modifiedDate: date,
    });
  }
}
