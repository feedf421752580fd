/**
 * XMP 元数据包的内容：由 ArchiveMetadata 生成 rdf:Description，所有值都经过 XML 转义
 * （机关名称或标题中的 & < > " 不会破坏 XMP）。自定义属性（统计期限等）在同一个包中用
 * PDF/A 扩展模式（pdfaExtension:schemas）声明，否则不符合 PDF/A。
 *
 * Pure string building, used by render/pdfa.ts in place of pdfkit's own _addInfo (which
 * interpolates values unescaped and knows no dc:language, dc:date or custom properties).
 * pdfkit writes the xpacket wrapper, x:xmpmeta, rdf:RDF and the pdfaid description around it.
 */
import type { ArchiveMetadata } from '../model/archive';
import { keywordString } from './metadata';

/** Our own namespace for properties outside the predefined XMP schemas. The .invalid domain
 *  (RFC 2606) can never belong to anyone else, so the URI cannot collide. */
export const XXGK_NS = 'http://xxgk-report.invalid/ns/archive/1.0/';
export const XXGK_PREFIX = 'xxgk';

/** The custom properties, declared in the extension schema (ISO 19005-1 §6.7.8). */
export const XXGK_PROPERTIES: { name: string; valueType: 'Text' | 'Integer'; description: string }[] = [
  { name: 'StatisticsPeriod', valueType: 'Text', description: 'Statistics period (统计期限), ISO 8601 interval' },
  { name: 'ReportYear', valueType: 'Integer', description: 'Report year (报告年度)' },
  { name: 'ReportFormat', valueType: 'Text', description: 'Report format of the national template (报告格式)' },
  { name: 'AgencyCode', valueType: 'Text', description: 'Agency code (机关代码)' },
  { name: 'SourceData', valueType: 'Text', description: 'File name of the embedded source data (源数据文件名)' },
  { name: 'SourceDataSHA256', valueType: 'Text', description: 'SHA-256 of the embedded source data (源数据 SHA-256)' },
];

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The form pdfkit uses for xmp:CreateDate; Info CreationDate is the same instant (D:…Z). */
export function xmpDate(d: Date): string {
  return d.toISOString().split('.')[0] + 'Z';
}

export function xmpDescriptions(m: ArchiveMetadata): string {
  const e = escapeXml;
  const li = (v: string) => `<rdf:li>${e(v)}</rdf:li>`;
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${e(v)}</rdf:li></rdf:Alt>`;
  const x = (name: string, v: string | number) => `    <${XXGK_PREFIX}:${name}>${e(String(v))}</${XXGK_PREFIX}:${name}>`;
  const out: string[] = [];
  out.push(
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `    <dc:format>application/pdf</dc:format>`,
    `    <dc:title>${alt(m.title)}</dc:title>`,
    `    <dc:creator><rdf:Seq>${li(m.creator)}</rdf:Seq></dc:creator>`,
    `    <dc:description>${alt(m.description)}</dc:description>`,
    `    <dc:subject><rdf:Bag>${m.keywords.map(li).join('')}</rdf:Bag></dc:subject>`,
    `    <dc:language><rdf:Bag>${li(m.language)}</rdf:Bag></dc:language>`,
    ...(m.date ? [`    <dc:date><rdf:Seq>${li(m.date)}</rdf:Seq></dc:date>`] : []),
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    `    <xmp:CreatorTool>${e(m.creatorTool)}</xmp:CreatorTool>`,
    ...(m.createDate ? [`    <xmp:CreateDate>${xmpDate(m.createDate)}</xmp:CreateDate>`] : []),
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
    `    <pdf:Producer>${e(m.producer)}</pdf:Producer>`,
    `    <pdf:Keywords>${e(keywordString(m))}</pdf:Keywords>`,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:${XXGK_PREFIX}="${XXGK_NS}">`,
    x('StatisticsPeriod', m.period),
    x('ReportYear', m.year),
    x('ReportFormat', m.reportFormat),
    x('AgencyCode', m.agencyCode),
    x('SourceData', m.source.name),
    x('SourceDataSHA256', m.source.sha256),
    `</rdf:Description>`,
    extensionSchema(),
  );
  return out.join('\n');
}

function extensionSchema(): string {
  const props = XXGK_PROPERTIES.map(
    (p) =>
      `                <rdf:li rdf:parseType="Resource">\n` +
      `                    <pdfaProperty:name>${p.name}</pdfaProperty:name>\n` +
      `                    <pdfaProperty:valueType>${p.valueType}</pdfaProperty:valueType>\n` +
      `                    <pdfaProperty:category>external</pdfaProperty:category>\n` +
      `                    <pdfaProperty:description>${escapeXml(p.description)}</pdfaProperty:description>\n` +
      `                </rdf:li>`,
  ).join('\n');
  return [
    `<rdf:Description rdf:about=""`,
    `        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"`,
    `        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"`,
    `        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
    `    <pdfaExtension:schemas>`,
    `        <rdf:Bag>`,
    `            <rdf:li rdf:parseType="Resource">`,
    `                <pdfaSchema:schema>xxgk-report archive metadata (政府信息公开工作年度报告归档元数据)</pdfaSchema:schema>`,
    `                <pdfaSchema:namespaceURI>${XXGK_NS}</pdfaSchema:namespaceURI>`,
    `                <pdfaSchema:prefix>${XXGK_PREFIX}</pdfaSchema:prefix>`,
    `                <pdfaSchema:property>`,
    `                <rdf:Seq>`,
    props,
    `                </rdf:Seq>`,
    `                </pdfaSchema:property>`,
    `            </rdf:li>`,
    `        </rdf:Bag>`,
    `    </pdfaExtension:schemas>`,
    `</rdf:Description>`,
  ].join('\n');
}
