/** XMP text (archive/xmp.ts) and the XML checks verify relies on (archive/xml.ts). */
import { xmlProblems, xmpValue, xmpValues } from '../../src/archive/xml';
import { escapeXml, xmpDescriptions, XXGK_PROPERTIES } from '../../src/archive/xmp';
import type { ArchiveMetadata } from '../../src/model/archive';

const meta = (over: Partial<ArchiveMetadata> = {}): ArchiveMetadata => ({
  title: `A&B <C> "D" 'E' 报告`,
  creator: '某某局 & <办公室>',
  description: 'x',
  keywords: ['政府信息公开工作年度报告', '2024', 'A&B'],
  language: 'zh-CN',
  period: '2024-01-01/2024-12-31',
  year: 2024,
  reportFormat: 'format2021',
  agencyCode: 'a-b',
  creatorTool: 'xxgk-report 9.9.9',
  producer: 'xxgk-report 9.9.9 (pdfmake, pdfkit)',
  source: { name: 'a-b-2024.yaml', sha256: 'f'.repeat(64), size: 3 },
  ...over,
});

const wrap = (body: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${body}</rdf:RDF></x:xmpmeta>`;

test('escapeXml escapes the five XML specials and nothing else', () => {
  expect(escapeXml(`a&b<c>d"e'f 中文`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f 中文');
});

test('every value escaped: the packet is well-formed and reads back the raw strings', () => {
  const xml = wrap(xmpDescriptions(meta()));
  expect(xmlProblems(xml)).toEqual([]);
  expect(xmpValue(xml, 'dc:title')).toBe(`A&B <C> "D" 'E' 报告`);
  expect(xmpValue(xml, 'dc:creator')).toBe('某某局 & <办公室>');
  expect(xmpValues(xml, 'dc:subject')).toEqual(['政府信息公开工作年度报告', '2024', 'A&B']);
  expect(xmpValue(xml, 'xxgk:StatisticsPeriod')).toBe('2024-01-01/2024-12-31');
});

test('dates: none in the data → no dc:date and no xmp:CreateDate; with one → both', () => {
  const none = wrap(xmpDescriptions(meta()));
  expect(xmpValue(none, 'dc:date')).toBeUndefined();
  expect(xmpValue(none, 'xmp:CreateDate')).toBeUndefined();
  const dated = wrap(xmpDescriptions(meta({ date: '2025-01-20', createDate: new Date('2025-01-20T00:00:00+08:00') })));
  expect(xmpValues(dated, 'dc:date')).toEqual(['2025-01-20']);
  expect(xmpValue(dated, 'xmp:CreateDate')).toBe('2025-01-19T16:00:00Z');
  expect(dated).not.toContain('ModifyDate');
});

test('every custom property used is declared in the extension schema', () => {
  const xml = wrap(xmpDescriptions(meta()));
  const used = [...xml.matchAll(/<xxgk:(\w+)>/g)].map((m) => m[1]);
  expect(used.sort()).toEqual(XXGK_PROPERTIES.map((p) => p.name).sort());
});

test('xmlProblems finds what breaks XMP parsers', () => {
  expect(xmlProblems(wrap('<a>R&D</a>'))[0]).toContain('未转义的 &');
  expect(xmlProblems(wrap('<a>1 < 2</a>'))[0]).toContain('标签格式不正确');
  expect(xmlProblems(wrap('<a><b></a></b>'))[0]).toContain('不配对');
  expect(xmlProblems('<!DOCTYPE x><x/>')[0]).toContain('DOCTYPE');
  expect(xmlProblems(wrap('<a b="&amp;&#x4E2D;">&lt;&#20013;</a>'))).toEqual([]);
});
