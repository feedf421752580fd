/**
 * 归档元数据（ArchiveMetadata）：由校验通过的报告数据生成，写入 PDF 的信息字典与 XMP，并记入归档清单。
 * Archive metadata, derived from the validated report only (never from the clock or the file's
 * location), aligned with the DA/T 46 minimum elements. One object feeds both the Info dictionary
 * and the XMP packet, so the two always agree.
 */

/** The PDF/A profiles this tool writes: 3b for every output, 1b only as a validation twin. */
export type PdfAProfile = 'PDF/A-3b' | 'PDF/A-1b';

export interface ArchiveMetadata {
  /** 题名 dc:title / Info Title */
  title: string;
  /** 责任者 dc:creator / Info Author: the agency's full name */
  creator: string;
  /** 摘要 dc:description / Info Subject */
  description: string;
  /** 关键词 dc:subject (one entry each) and pdf:Keywords / Info Keywords (joined) */
  keywords: string[];
  /** dc:language and Catalog /Lang */
  language: 'zh-CN';
  /** 日期 dc:date: the publication date as written (YYYY-MM-DD), when the data has one */
  date?: string;
  /** xmp:CreateDate / Info CreationDate: publication date or SOURCE_DATE_EPOCH; absent → both omitted */
  createDate?: Date;
  /** 统计期限, ISO 8601 interval, e.g. 2017-01-01/2017-12-31 */
  period: string;
  year: number;
  /** report format pack id, e.g. pre2019 */
  reportFormat: string;
  agencyCode: string;
  /** xmp:CreatorTool / Info Creator */
  creatorTool: string;
  /** pdf:Producer / Info Producer */
  producer: string;
  /** the embedded source data */
  source: {
    /** file name inside the PDF: <agency-code>-<year>.yaml (never the input path: reproducible) */
    name: string;
    sha256: string;
    size: number;
  };
}
