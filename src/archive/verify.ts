/**
 * 检查一个生成的 PDF（xxgk-report verify）：结构可读、PDF/A 标识与元数据、字体嵌入（子集、ToUnicode）、
 * 没有 .notdef、没有加密/脚本/外部引用、源数据附件完整，给出清单时与清单一致。
 *
 * What `verify` checks, one group per PDF/A requirement. This is not a full PDF/A validator
 * (use veraPDF for that, or PDFBox Preflight for the PDF/A-1b twin): it checks what this tool
 * promises about its own files, on the bytes an archive actually holds. Clause numbers follow
 * the rule ids of veraPDF's validation profiles (part 1 / parts 2–3).
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFStream } from 'pdf-lib';
import { Diagnostic, error } from '../diag/diagnostic';
import { amsg } from '../diag/messages-archive';
import type { Manifest } from '../write/deposit';
import { checkXref, PdfFile, pdfDate, Token, tokenize, toUnicodeCodes } from './pdf';
import { xmlProblems, xmpValue, xmpValues } from './xml';
import { XXGK_NS } from './xmp';

export interface Check {
  id: string;
  /** what is checked, in Chinese */
  title: string;
  clauses: string;
  errors: Diagnostic[];
  /** why the check did not apply (e.g. no attachment in a PDF/A-1b twin) */
  skipped?: string;
}

export interface Verified {
  file: string;
  sha256: string;
  /** e.g. PDF/A-3B, when identified */
  profile?: string;
  checks: Check[];
  source?: { name: string; bytes: Buffer; sha256: string };
  ok: boolean;
}

/** Namespaces predefined for PDF/A (XMP 2004 schemas and the PDF/A ones): no declaration needed. */
const PREDEFINED_NS = new Set([
  'http://purl.org/dc/elements/1.1/',
  'http://ns.adobe.com/xap/1.0/',
  'http://ns.adobe.com/xap/1.0/rights/',
  'http://ns.adobe.com/xap/1.0/mm/',
  'http://ns.adobe.com/xap/1.0/bj/',
  'http://ns.adobe.com/xap/1.0/t/pg/',
  'http://ns.adobe.com/xap/1.0/sType/ResourceRef#',
  'http://ns.adobe.com/xap/1.0/sType/ResourceEvent#',
  'http://ns.adobe.com/xap/1.0/sType/Version#',
  'http://ns.adobe.com/xap/1.0/sType/Job#',
  'http://ns.adobe.com/xap/1.0/sType/Dimensions#',
  'http://ns.adobe.com/xap/1.0/sType/Font#',
  'http://ns.adobe.com/xap/1.0/g/',
  'http://ns.adobe.com/xap/1.0/g/img/',
  'http://ns.adobe.com/xmp/1.0/DynamicMedia/',
  'http://ns.adobe.com/pdf/1.3/',
  'http://ns.adobe.com/photoshop/1.0/',
  'http://ns.adobe.com/camera-raw-settings/1.0/',
  'http://ns.adobe.com/tiff/1.0/',
  'http://ns.adobe.com/exif/1.0/',
  'http://ns.adobe.com/exif/1.0/aux/',
  'http://www.aiim.org/pdfa/ns/id/',
  'http://www.aiim.org/pdfa/ns/extension/',
  'http://www.aiim.org/pdfa/ns/schema#',
  'http://www.aiim.org/pdfa/ns/property#',
  'http://www.aiim.org/pdfa/ns/type#',
  'http://www.aiim.org/pdfa/ns/field#',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'adobe:ns:meta/',
  'http://www.w3.org/XML/1998/namespace',
]);

const FORBIDDEN_ACTIONS = new Set(['Launch', 'Sound', 'Movie', 'ResetForm', 'ImportData', 'JavaScript', 'Hide', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView']);

export function sha256(b: Buffer | Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export async function verifyPdf(bytes: Buffer, file: string, manifest?: Manifest): Promise<Verified> {
  const checks: Check[] = [];
  const add = (id: string, title: string, clauses: string): Check => {
    const c: Check = { id, title, clauses, errors: [] };
    checks.push(c);
    return c;
  };
  const fail = (c: Check, code: string, message: string) => {
    const d = error(code, message);
    d.file = file;
    c.errors.push(d);
  };
  const result: Verified = { file, sha256: sha256(bytes), checks, ok: false };

  // 1. structure
  const structure = add('structure', amsg.verifyCheckStructure(), 'PDF/A-1 6.1.2–6.1.4; PDF/A-2/3 6.1.2–6.1.4');
  let pdf: PdfFile | undefined;
  const head = bytes.subarray(0, 32).toString('latin1');
  if (!/^%PDF-\d\.\d\r?\n%[\x80-\xff]{4}/.test(head)) {
    fail(structure, 'E-VERIFY-STRUCTURE', amsg.verifyNotPdf(amsg.verifyDetailHeader()));
  }
  if (structure.errors.length === 0) {
    const xref = checkXref(bytes);
    if (xref.length) fail(structure, 'E-VERIFY-XREF', amsg.verifyXref(amsg.verifyDetailJoin(xref)));
    try {
      pdf = await PdfFile.open(bytes);
    } catch (e) {
      fail(structure, 'E-VERIFY-STRUCTURE', amsg.verifyNotPdf((e as Error).message));
    }
  }
  if (pdf) {
    if (pdf.trailer.Encrypt) fail(structure, 'E-VERIFY-ENCRYPTED', amsg.verifyEncrypted());
    if (!pdf.trailer.ID) fail(structure, 'E-VERIFY-STRUCTURE', amsg.verifyNoTrailerId());
    try {
      if (pdf.pages().length < 1) fail(structure, 'E-VERIFY-STRUCTURE', amsg.verifyNotPdf(amsg.verifyDetailNoPages()));
    } catch (e) {
      fail(structure, 'E-VERIFY-STRUCTURE', amsg.verifyNotPdf(amsg.verifyDetailPageTree((e as Error).message)));
    }
  }
  if (!pdf || structure.errors.length) {
    for (const [id, title] of [
      ['identification', amsg.verifyCheckShortIdentification()],
      ['metadata', amsg.verifyCheckShortMetadata()],
      ['fonts', amsg.verifyCheckShortFonts()],
      ['glyphs', amsg.verifyCheckShortGlyphs()],
      ['forbidden', amsg.verifyCheckShortForbidden()],
      ['source', amsg.verifyCheckShortSource()],
    ]) {
      checks.push({ id, title, clauses: '', errors: [], skipped: amsg.verifySkippedUnreadable() });
    }
    return finish(result);
  }

  // 2. PDF/A identification
  const ident = add('identification', amsg.verifyCheckIdentification(), 'PDF/A-1 6.7.11, 6.2.2; PDF/A-2/3 6.6.4, 6.2.3');
  const xmp = pdf.xmp();
  let xml = '';
  let part = '';
  if (!xmp) fail(ident, 'E-VERIFY-PDFA-ID', amsg.verifyNoMetadata());
  else {
    xml = xmp.text;
    const problems = xmlProblems(xml);
    if (problems.length) fail(ident, 'E-VERIFY-XMP', amsg.verifyXmpMalformed(amsg.verifyDetailJoin(problems)));
    if (xmp.filtered) fail(ident, 'E-VERIFY-XMP', amsg.verifyXmpMalformed(amsg.verifyDetailXmpCompressed()));
    part = xmpValue(xml, 'pdfaid:part') ?? '';
    const conf = xmpValue(xml, 'pdfaid:conformance') ?? '';
    if (!part || !conf) fail(ident, 'E-VERIFY-PDFA-ID', amsg.verifyNoPdfaId());
    else {
      result.profile = `PDF/A-${part}${conf}`;
      if (!((part === '3' || part === '1') && conf === 'B')) fail(ident, 'E-VERIFY-PDFA-ID', amsg.verifyPdfaId(part, conf));
      const v = Number(pdf.headerVersion);
      if ((part === '1' && v > 1.4) || v > 1.7 || isNaN(v)) fail(ident, 'E-VERIFY-PDFA-ID', amsg.verifyVersion(pdf.headerVersion, part));
    }
  }
  const intents = pdf.array(pdf.catalog, 'OutputIntents') ?? [];
  const gts = intents.find((i) => i instanceof PDFDict && pdf!.name(i, 'S') === 'GTS_PDFA1') as PDFDict | undefined;
  const profile = gts ? pdf.stream(gts, 'DestOutputProfile') : undefined;
  if (!gts || !profile || pdf.number(profile.dict, 'N') !== 3) fail(ident, 'E-VERIFY-OUTPUT-INTENT', amsg.verifyNoOutputIntent());

  // 3. metadata: DA/T 46 elements present, Info = XMP, custom properties declared
  const meta = add('metadata', amsg.verifyCheckMetadata(), 'PDF/A-1 6.7.2, 6.7.3, 6.7.8; PDF/A-2/3 6.6.2.1, 6.6.2.3; DA/T 46');
  if (xml) {
    const need: [string, string][] = [
      ['dc:title', amsg.verifyFieldTitle()],
      ['dc:creator', amsg.verifyFieldCreator()],
      ['dc:description', amsg.verifyFieldDescription()],
      ['dc:language', amsg.verifyFieldLanguage()],
      ['pdf:Keywords', amsg.verifyFieldKeywords()],
      ['xmp:CreatorTool', amsg.verifyFieldCreatorTool()],
      ['pdf:Producer', amsg.verifyFieldProducer()],
      ['xxgk:StatisticsPeriod', amsg.verifyFieldStatisticsPeriod()],
      ['xxgk:ReportFormat', amsg.verifyFieldReportFormat()],
      ['xxgk:AgencyCode', amsg.verifyFieldAgencyCode()],
    ];
    for (const [p, label] of need) if (!xmpValue(xml, p)) fail(meta, 'E-VERIFY-METADATA', amsg.verifyMissingMeta(label));
    const lang = xmpValues(xml, 'dc:language') ?? [];
    if (lang.length && !lang.includes('zh-CN')) fail(meta, 'E-VERIFY-METADATA', amsg.verifyLang(lang.join(',')));
    const info = pdf.info;
    const pairs: [string, string][] = [
      ['Title', 'dc:title'],
      ['Author', 'dc:creator'],
      ['Subject', 'dc:description'],
      ['Keywords', 'pdf:Keywords'],
      ['Creator', 'xmp:CreatorTool'],
      ['Producer', 'pdf:Producer'],
    ];
    for (const [k, p] of pairs) {
      const a = pdf.text(info, k);
      const b = xmpValue(xml, p);
      if ((a ?? '') !== (b ?? '')) fail(meta, 'E-VERIFY-METADATA', amsg.verifyMetaMismatch(k, p, a ?? amsg.verifyNone(), b ?? amsg.verifyNone()));
    }
    const cd = pdfDate(pdf.text(info, 'CreationDate'));
    const xd = xmpValue(xml, 'xmp:CreateDate');
    const xdt = xd ? new Date(xd) : undefined;
    if (!!cd !== !!xdt || (cd && xdt && cd.getTime() !== xdt.getTime())) {
      fail(meta, 'E-VERIFY-METADATA', amsg.verifyMetaMismatch('CreationDate', 'xmp:CreateDate', cd?.toISOString() ?? amsg.verifyNone(), xd ?? amsg.verifyNone()));
    }
    if (pdf.text(info, 'ModDate') && !xmpValue(xml, 'xmp:ModifyDate')) fail(meta, 'E-VERIFY-METADATA', amsg.verifyModDate());
    // every namespace outside the predefined schemas must be declared in pdfaExtension:schemas
    const declared = new Map<string, Set<string>>();
    for (const li of xml.matchAll(/<pdfaSchema:namespaceURI>([^<]*)<\/pdfaSchema:namespaceURI>[\s\S]*?<pdfaSchema:property>([\s\S]*?)<\/pdfaSchema:property>/g)) {
      declared.set(li[1].trim(), new Set([...li[2].matchAll(/<pdfaProperty:name>([^<]*)<\/pdfaProperty:name>/g)].map((m) => m[1].trim())));
    }
    for (const ns of xml.matchAll(/xmlns:([\w.-]+)="([^"]*)"/g)) {
      const [, prefix, uri] = ns;
      if (PREDEFINED_NS.has(uri)) continue;
      const props = declared.get(uri);
      const used = new Set([...xml.matchAll(new RegExp(`<${prefix}:([\\w.-]+)`, 'g'))].map((m) => m[1]));
      for (const u of used) if (!props?.has(u)) fail(meta, 'E-VERIFY-METADATA', amsg.verifyUndeclared(`${prefix}:${u}`));
    }
    if (!declared.has(XXGK_NS) && xml.includes(XXGK_NS)) fail(meta, 'E-VERIFY-METADATA', amsg.verifyUndeclared(XXGK_NS));
  } else fail(meta, 'E-VERIFY-METADATA', amsg.verifyNoMetadata());
  const catLang = pdf.text(pdf.catalog, 'Lang');
  if (catLang !== 'zh-CN') fail(meta, 'E-VERIFY-METADATA', amsg.verifyLang(catLang ?? amsg.verifyNone()));
  const vp = pdf.dict(pdf.catalog, 'ViewerPreferences');
  if (String(pdf.get(vp, 'DisplayDocTitle') ?? '') !== 'true') fail(meta, 'E-VERIFY-METADATA', amsg.verifyDisplayTitle());

  // 4–5. fonts and glyphs, from every page's resources and content
  const fontsCheck = add('fonts', amsg.verifyCheckFonts(), 'PDF/A-1 6.3.4, 6.3.5; PDF/A-2/3 6.2.11.4, 6.2.11.7');
  const glyphs = add('glyphs', amsg.verifyCheckGlyphs(), 'PDF/A-2/3 6.2.11.8, 6.2.11.7.2');
  checkFontsAndGlyphs(pdf, (c, code, m) => fail(c === 'fonts' ? fontsCheck : glyphs, code, m));

  // 6. forbidden content
  const forbidden = add('forbidden', amsg.verifyCheckForbidden(), 'PDF/A-1 6.1.7, 6.6.1, 6.6.2, 6.1.11; PDF/A-2/3 6.1.7, 6.5, 6.6');
  const found = new Set<string>();
  for (const [, obj] of pdf.ctx.enumerateIndirectObjects()) {
    const d = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : undefined;
    if (!d) continue;
    const s = pdf.name(d, 'S');
    const type = pdf.name(d, 'Type');
    if (s && FORBIDDEN_ACTIONS.has(s) && (type === undefined || type === 'Action')) found.add(amsg.verifyForbiddenAction(s));
    if (d.has(PDFName.of('JS'))) found.add(amsg.verifyForbiddenJs());
    if (d.has(PDFName.of('AA'))) found.add(amsg.verifyForbiddenAA());
    if (obj instanceof PDFStream && (d.has(PDFName.of('F')) || d.has(PDFName.of('FFilter')))) found.add(amsg.verifyForbiddenExternalStream());
    if (pdf.name(d, 'FS') === 'URL') found.add(amsg.verifyForbiddenUrl());
  }
  if (pdf.dict(pdf.dict(pdf.catalog, 'Names'), 'JavaScript')) found.add(amsg.verifyForbiddenJsNames());
  const open = pdf.get(pdf.catalog, 'OpenAction');
  if (open instanceof PDFDict && pdf.name(open, 'S') && pdf.name(open, 'S') !== 'GoTo') found.add(amsg.verifyForbiddenOpenAction(pdf.name(open, 'S')!));
  if (part === '1' && (pdf.associatedFiles().length || pdf.embeddedFileNames().length)) found.add(amsg.verifyForbiddenEmbedded());
  for (const f of found) fail(forbidden, 'E-VERIFY-FORBIDDEN', amsg.verifyForbidden(f));

  // 7. the source data
  const source = add('source', amsg.verifyCheckSource(), 'PDF/A-3 6.8');
  if (part === '1') source.skipped = amsg.verifySkippedNoAttachment();
  else {
    const af = pdf.associatedFiles().filter((f) => f.relationship === 'Source');
    const f = af[0];
    if (!f || !f.stream) fail(source, 'E-VERIFY-SOURCE', amsg.verifyNoSource());
    else {
      let data: Buffer | undefined;
      try {
        data = pdf.decode(f.stream);
      } catch (e) {
        fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceBroken(amsg.verifyDetailSourceDecode((e as Error).message)));
      }
      if (f.subtype !== 'application/yaml') fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceBroken(amsg.verifyDetailSourceType(f.subtype ?? amsg.verifyNone())));
      if (!f.hasModDate) fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceBroken(amsg.verifyDetailSourceNoModDate()));
      if (!pdf.embeddedFileNames().includes(f.name)) fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceBroken(amsg.verifyDetailSourceNotListed()));
      if (data) {
        const h = sha256(data);
        result.source = { name: f.name, bytes: data, sha256: h };
        if (f.size !== undefined && f.size !== data.length) fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceBroken(amsg.verifyDetailSourceLength(data.length, f.size)));
        const recorded = xml ? xmpValue(xml, 'xxgk:SourceDataSHA256') : undefined;
        if (!recorded) fail(source, 'E-VERIFY-SOURCE', amsg.verifyMissingMeta(amsg.verifyFieldSourceSha()));
        else if (recorded !== h) fail(source, 'E-VERIFY-SOURCE', amsg.verifySourceHash(h, recorded));
      }
    }
  }

  // 8. the manifest
  if (manifest) {
    const man = add('manifest', amsg.verifyCheckManifest(), amsg.verifyClausesManifest());
    const entry = manifest.versions.find((v) => v.sha256 === result.sha256);
    if (!entry) fail(man, 'E-VERIFY-MANIFEST', amsg.verifyManifestNoEntry(result.sha256));
    else {
      if (entry.size !== bytes.length) fail(man, 'E-VERIFY-MANIFEST', amsg.verifyManifestField(amsg.verifyFieldSize(), String(bytes.length), String(entry.size)));
      const pages = pdf.pages().length;
      if (entry.pages !== pages) fail(man, 'E-VERIFY-MANIFEST', amsg.verifyManifestField(amsg.verifyFieldPages(), String(pages), String(entry.pages)));
      const got = result.source?.sha256 ?? amsg.verifyNone();
      if (entry.sourceData?.sha256 !== got) fail(man, 'E-VERIFY-MANIFEST', amsg.verifyManifestData(got, entry.sourceData?.sha256 ?? amsg.verifyNone()));
    }
  }
  return finish(result);
}

function finish(r: Verified): Verified {
  r.ok = r.checks.every((c) => c.errors.length === 0);
  return r;
}

/** Fonts of every page (and of form XObjects they use); text operators checked for glyph 0 and Unicode. */
function checkFontsAndGlyphs(pdf: PdfFile, fail: (check: 'fonts' | 'glyphs', code: string, message: string) => void): void {
  interface FontInfo {
    name: string;
    twoByte: boolean;
    unicode?: Set<number>;
    problems: boolean;
  }
  const fonts = new Map<PDFDict, FontInfo>();
  const reported = new Set<string>();
  const once = (key: string, f: () => void) => {
    if (!reported.has(key)) {
      reported.add(key);
      f();
    }
  };
  const fontInfo = (fd: PDFDict): FontInfo => {
    const hit = fonts.get(fd);
    if (hit) return hit;
    const name = pdf.name(fd, 'BaseFont') ?? amsg.verifyUnnamedFont();
    const subtype = pdf.name(fd, 'Subtype');
    const info: FontInfo = { name, twoByte: subtype === 'Type0', problems: false };
    fonts.set(fd, info);
    if (subtype === 'Type3') return info; // glyphs are content streams: nothing to embed
    let descFont: PDFDict | undefined = fd;
    if (subtype === 'Type0') {
      const d = pdf.array(fd, 'DescendantFonts')?.[0];
      descFont = d instanceof PDFDict ? d : undefined;
    }
    const desc = pdf.dict(descFont, 'FontDescriptor');
    const embedded = !!desc && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => pdf.stream(desc, k));
    if (!embedded) {
      info.problems = true;
      once(`emb:${name}`, () => fail('fonts', 'E-VERIFY-FONT', amsg.verifyFontNotEmbedded(name)));
    }
    if (!/^[A-Z]{6}\+/.test(name)) once(`sub:${name}`, () => fail('fonts', 'E-VERIFY-FONT', amsg.verifyFontNotSubset(name)));
    const tu = pdf.stream(fd, 'ToUnicode');
    if (!tu) once(`tu:${name}`, () => fail('fonts', 'E-VERIFY-FONT', amsg.verifyFontNoToUnicode(name)));
    else {
      try {
        info.unicode = toUnicodeCodes(pdf.decode(tu).toString('latin1'));
      } catch {
        once(`tu:${name}`, () => fail('fonts', 'E-VERIFY-FONT', amsg.verifyFontNoToUnicode(name)));
      }
    }
    return info;
  };

  const visit = (content: Buffer[], resources: PDFDict | undefined, page: number, depth: number) => {
    const fontRes = pdf.dict(resources, 'Font');
    const xobjects = pdf.dict(resources, 'XObject');
    let current: FontInfo | undefined;
    const notdef = new Map<FontInfo, number>();
    const unmapped = new Map<FontInfo, number>();
    const show = (s: Buffer) => {
      if (!current) return;
      const codes: number[] = [];
      if (current.twoByte) for (let k = 0; k + 1 < s.length; k += 2) codes.push(s.readUInt16BE(k));
      else for (const b of s) codes.push(b);
      for (const c of codes) {
        if (current.twoByte && c === 0) notdef.set(current, (notdef.get(current) ?? 0) + 1);
        else if (current.unicode && !current.unicode.has(c)) unmapped.set(current, (unmapped.get(current) ?? 0) + 1);
      }
    };
    for (const data of content) {
      const ops = tokenize(data);
      let operands: Token[] = [];
      for (const t of ops) {
        if (t.t !== 'op') {
          operands.push(t);
          continue;
        }
        if (t.v === 'Tf') {
          const n = operands[operands.length - 2];
          const fd = n && n.t === 'name' ? pdf.dict(fontRes, n.v) : undefined;
          current = fd ? fontInfo(fd) : undefined;
        } else if (t.v === 'Tj' || t.v === "'" || t.v === '"') {
          const s = operands[operands.length - 1];
          if (s?.t === 'str') show(s.v);
        } else if (t.v === 'TJ') {
          const a = operands[operands.length - 1];
          if (a?.t === 'arr') for (const x of a.v) if (x.t === 'str') show(x.v);
        } else if (t.v === 'Do' && depth < 8) {
          const n = operands[operands.length - 1];
          const xo = n && n.t === 'name' ? pdf.stream(xobjects, n.v) : undefined;
          if (xo && pdf.name(xo.dict, 'Subtype') === 'Form') {
            try {
              visit([pdf.decode(xo)], pdf.dict(xo.dict, 'Resources') ?? resources, page, depth + 1);
            } catch {
              /* a damaged stream is reported by the structure check's decode of the page */
            }
          }
        }
        operands = [];
      }
    }
    for (const [f, n] of notdef) fail('glyphs', 'E-VERIFY-NOTDEF', amsg.verifyNotdef(f.name, page, n));
    for (const [f, n] of unmapped) fail('glyphs', 'E-VERIFY-UNICODE', amsg.verifyGlyphNoUnicode(f.name, n, page));
  };

  // the fonts a page declares, even if unused, must be embedded too
  pdf.pages().forEach((p, i) => {
    const resources = pdf.dict(p, 'Resources');
    const fontRes = pdf.dict(resources, 'Font');
    for (const [, ref] of fontRes?.entries() ?? []) {
      const fd = pdf.resolve(ref);
      if (fd instanceof PDFDict) fontInfo(fd);
    }
    const contents = pdf.get(p, 'Contents');
    const streams = contents instanceof PDFArray ? contents.asArray().map((x) => pdf.resolve(x)) : [contents];
    const data: Buffer[] = [];
    for (const s of streams) {
      if (!(s instanceof PDFStream)) continue;
      try {
        data.push(pdf.decode(s));
      } catch (e) {
        fail('glyphs', 'E-VERIFY-STRUCTURE', amsg.verifyNotPdf(amsg.verifyDetailContentDecode(i + 1, (e as Error).message)));
      }
    }
    visit(data, resources, i + 1, 0);
  });
}
