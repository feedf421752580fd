/**
 * 归档元数据：从校验通过的报告与合成后的文档生成 ArchiveMetadata（DA/T 46 的最小元素集）。
 * Pure: ValidReport + DocumentModel (+ the creation date the pipeline chose) → ArchiveMetadata.
 * Nothing here reads the clock, the input path or the environment, so the same data always
 * gives the same metadata.
 *
 * | DA/T 46 element | XMP / Info                              | value                                   |
 * |-----------------|-----------------------------------------|-----------------------------------------|
 * | 题名            | dc:title / Title                        | the report's title                      |
 * | 责任者          | dc:creator / Author                     | agency.name                             |
 * | 日期            | dc:date, xmp:CreateDate / CreationDate  | publication_date (or SOURCE_DATE_EPOCH) |
 * | 摘要            | dc:description / Subject                | one sentence                            |
 * | 关键词          | dc:subject, pdf:Keywords / Keywords     | 政府信息公开工作年度报告, year, agency  |
 * | 语种            | dc:language, Catalog /Lang              | zh-CN                                   |
 * | 统计期限        | xxgk:StatisticsPeriod (extension schema)| YYYY-01-01/YYYY-12-31                   |
 * | 格式信息        | dc:format, pdfaid, xxgk:ReportFormat    | application/pdf, PDF/A-3B, format pack  |
 * | 文档创建程序    | xmp:CreatorTool, pdf:Producer           | xxgk-report <version> (pdfmake, pdfkit) |
 */
import { createHash } from 'node:crypto';
import type { ArchiveMetadata } from '../model/archive';
import type { DocumentModel } from '../model/document';
import type { ValidReport } from '../model/report';
import { CREATOR_TOOL, PRODUCER } from './tool';

export const REPORT_KEYWORD = '政府信息公开工作年度报告';

export function sourceName(report: ValidReport): string {
  // agency.code is pattern-checked by the schema (^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$)
  return `${report.data.agency.code}-${report.data.year}.yaml`;
}

export function archiveMetadata(report: ValidReport, doc: DocumentModel, createDate?: Date): ArchiveMetadata {
  const { agency, year, publication_date } = report.data;
  const bytes = report.loaded.bytes;
  return {
    title: doc.title,
    creator: agency.name,
    description: `${agency.name}${year}年度政府信息公开工作年度报告（统计期限：${year}年1月1日至12月31日）`,
    keywords: [REPORT_KEYWORD, String(year), agency.name],
    language: 'zh-CN',
    date: publication_date,
    createDate,
    period: `${year}-01-01/${year}-12-31`,
    year,
    reportFormat: report.pack.id,
    agencyCode: agency.code,
    creatorTool: CREATOR_TOOL,
    producer: PRODUCER,
    source: {
      name: sourceName(report),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    },
  };
}

/** Info Keywords and pdf:Keywords: the same string. */
export function keywordString(m: ArchiveMetadata): string {
  return m.keywords.join('; ');
}
