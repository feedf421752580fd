/**
 * PDF/A-3b by default (render/pdfa.ts): version and identification, output intent, metadata in
 * Info and XMP from one source (escaped), no ModDate, language, title bar, outline, the source
 * data as associated file; and the PDF/A-1b twin. Real PDFs, read with poppler, qpdf and our reader.
 */
import { execFileSync } from 'node:child_process';
import { PdfFile } from '../../src/archive/pdf';
import { xmlProblems, xmpValue, xmpValues } from '../../src/archive/xml';
import { XXGK_NS } from '../../src/archive/xmp';
import { buildOne, infoOf, TRICKY_NAME, TRICKY_TITLE, trickyYaml, writeYaml, xmpOf } from '../support/archive';

let seed: Awaited<ReturnType<typeof buildOne>>;
let tricky: Awaited<ReturnType<typeof buildOne>>;
let twin: Awaited<ReturnType<typeof buildOne>>;

beforeAll(async () => {
  seed = await buildOne();
  tricky = await buildOne(writeYaml(trickyYaml()));
  twin = await buildOne(undefined, { pdfa: 'PDF/A-1b' });
});

describe('PDF/A-3b markers', () => {
  test('header 1.7 with a binary comment; XMP identifies PDF/A-3B; sRGB output intent', async () => {
    expect(seed.bytes.subarray(0, 15).toString('latin1')).toMatch(/^%PDF-1\.7\n%[\x80-\xff]{4}/);
    const xmp = xmpOf(seed.file);
    expect(xmpValue(xmp, 'pdfaid:part')).toBe('3');
    expect(xmpValue(xmp, 'pdfaid:conformance')).toBe('B');
    const pdf = await PdfFile.open(seed.bytes);
    const intent = pdf.array(pdf.catalog, 'OutputIntents')![0] as Parameters<PdfFile['name']>[0];
    expect(pdf.name(intent, 'S')).toBe('GTS_PDFA1');
    expect(pdf.text(intent, 'OutputConditionIdentifier')).toBe('sRGB IEC61966-2.1');
    expect(pdf.number(pdf.stream(intent, 'DestOutputProfile')!.dict, 'N')).toBe(3);
    // uncompressed XMP, so archives can read it without a PDF library
    expect(pdf.xmp()!.filtered).toBe(false);
  });

  test('no encryption, no JavaScript, language zh-CN, title in the title bar', async () => {
    const info = infoOf(seed.file);
    expect(info.Encrypted).toBe('no');
    expect(info.JavaScript).toBe('no');
    const pdf = await PdfFile.open(seed.bytes);
    expect(pdf.text(pdf.catalog, 'Lang')).toBe('zh-CN');
    expect(String(pdf.get(pdf.dict(pdf.catalog, 'ViewerPreferences'), 'DisplayDocTitle'))).toBe('true');
  });

  test('the metadata of the seed: DA/T 46 elements, Info = XMP, no date claimed when the data has none', () => {
    const xmp = xmpOf(seed.file);
    const info = infoOf(seed.file);
    expect(xmpValue(xmp, 'dc:title')).toBe('菏泽市定陶区中小企业局2017年政府信息公开报告');
    expect(info.Title).toBe(xmpValue(xmp, 'dc:title'));
    expect(xmpValue(xmp, 'dc:creator')).toBe('菏泽市定陶区中小企业局');
    expect(info.Author).toBe('菏泽市定陶区中小企业局');
    expect(xmpValues(xmp, 'dc:language')).toEqual(['zh-CN']);
    expect(xmpValues(xmp, 'dc:subject')).toEqual(['政府信息公开工作年度报告', '2017', '菏泽市定陶区中小企业局']);
    expect(xmpValue(xmp, 'pdf:Keywords')).toBe(info.Keywords);
    expect(xmpValue(xmp, 'xxgk:StatisticsPeriod')).toBe('2017-01-01/2017-12-31');
    expect(xmpValue(xmp, 'xxgk:ReportFormat')).toBe('pre2019');
    expect(xmpValue(xmp, 'xmp:CreatorTool')).toMatch(/^xxgk-report \d+\.\d+\.\d+$/);
    expect(info.Creator).toBe(xmpValue(xmp, 'xmp:CreatorTool'));
    expect(xmpValue(xmp, 'pdf:Producer')).toMatch(/pdfmake 0\.3\.11, pdfkit /);
    // the seed has no publication date: neither Info nor XMP claims one; never a ModDate
    expect(info.CreationDate).toBeUndefined();
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBeUndefined();
    expect(xmpValue(xmp, 'dc:date')).toBeUndefined();
    expect(info.ModDate).toBeUndefined();
    expect(xmp).not.toContain('ModifyDate');
    // custom properties are declared in the PDF/A extension schema
    expect(xmp).toContain(`<pdfaSchema:namespaceURI>${XXGK_NS}</pdfaSchema:namespaceURI>`);
    for (const p of ['StatisticsPeriod', 'ReportYear', 'ReportFormat', 'AgencyCode', 'SourceData', 'SourceDataSHA256']) {
      expect(xmp).toContain(`<pdfaProperty:name>${p}</pdfaProperty:name>`);
    }
  });

  test('& < > " in the title and agency name: XMP well-formed and escaped, Info keeps the raw text', () => {
    const xmp = xmpOf(tricky.file);
    expect(xmlProblems(xmp)).toEqual([]);
    expect(xmp).toContain('R&amp;D &lt;统计&gt; &quot;中小企业局&quot;');
    expect(xmpValue(xmp, 'dc:title')).toBe(TRICKY_TITLE);
    expect(xmpValue(xmp, 'dc:creator')).toBe(TRICKY_NAME);
    const info = infoOf(tricky.file);
    expect(info.Title).toBe(TRICKY_TITLE);
    expect(info.Author).toBe(TRICKY_NAME);
    expect(xmpValue(xmp, 'pdf:Keywords')).toBe(info.Keywords);
  });

  test('a publication date gives dc:date, and the same instant in Info CreationDate and xmp:CreateDate', async () => {
    const xmp = xmpOf(tricky.file);
    expect(xmpValues(xmp, 'dc:date')).toEqual(['2018-01-31']);
    // 2018-01-31 00:00 in China (UTC+8)
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBe('2018-01-30T16:00:00Z');
    const pdf = await PdfFile.open(tricky.bytes);
    expect(pdf.text(pdf.info, 'CreationDate')).toBe('D:20180130160000Z');
  });

  test('the source YAML is an associated file (Source, application/yaml, explicit dates)', async () => {
    const pdf = await PdfFile.open(seed.bytes);
    const [f] = pdf.associatedFiles();
    expect(f.name).toBe('heze-dingtao-zxqyj-2017.yaml');
    expect(f.relationship).toBe('Source');
    expect(f.subtype).toBe('application/yaml');
    expect(f.hasModDate).toBe(true);
    expect(pdf.embeddedFileNames()).toEqual(['heze-dingtao-zxqyj-2017.yaml']);
    // no date in the data: the attachment's dates are the fixed "unknown" origin, not the file's mtime
    const params = pdf.dict(f.stream!.dict, 'Params');
    expect(pdf.text(params, 'ModDate')).toBe('D:19700101000000Z');
    expect(pdf.text(params, 'CreationDate')).toBe('D:19700101000000Z');
  });

  test('bookmarks for the sections, their sub-headings and the appendix table', () => {
    const j = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', seed.file], { encoding: 'utf8' }));
    type O = { title: string; kids: O[] };
    const titles = (j.outlines as O[]).map((o) => o.title);
    expect(titles[0]).toBe('一、基本概述');
    expect(titles).toContain('十一、需要说明的事项与附表');
    expect(titles[titles.length - 1]).toBe('附件　2017年度政府信息公开工作情况统计表');
    const ten = (j.outlines as O[]).find((o) => o.title.startsWith('十、'))!;
    expect(ten.kids.map((k) => k.title)).toEqual(['（一）存在问题', '（二）改进措施']);
  });

  test('outline counts: the root counts the visible items, a closed item with children a negative /Count', async () => {
    const pdf = await PdfFile.open(seed.bytes);
    const root = pdf.dict(pdf.catalog, 'Outlines')!;
    type D = NonNullable<typeof root>;
    const items: D[] = [];
    for (let it = pdf.dict(root, 'First'); it; it = pdf.dict(it, 'Next')) items.push(it);
    expect(pdf.number(root, 'Count')).toBe(items.length);
    const ten = items.find((i) => pdf.text(i, 'Title')!.startsWith('十、'))!;
    expect(pdf.number(ten, 'Count')).toBe(-2);
    expect(pdf.number(items[0], 'Count')).toBeUndefined();
  });
});

describe('the PDF/A-1b twin (for PDFBox Preflight)', () => {
  test('version 1.4, part 1, no attachment, same metadata', async () => {
    expect(twin.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const xmp = xmpOf(twin.file);
    expect(xmpValue(xmp, 'pdfaid:part')).toBe('1');
    expect(xmpValue(xmp, 'dc:title')).toBe(xmpValue(xmpOf(seed.file), 'dc:title'));
    const pdf = await PdfFile.open(twin.bytes);
    expect(pdf.associatedFiles()).toEqual([]);
    expect(pdf.embeddedFileNames()).toEqual([]);
  });
});
