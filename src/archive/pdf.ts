/**
 * 读取 PDF（供 extract 与 verify 使用）：对象、字典、流的解码、嵌入的源数据、XMP、内容流中的文字操作。
 * Reading a PDF for `extract` and `verify`. Only this file imports pdf-lib.
 *
 * Why pdf-lib (1.17.1, pinned) rather than our own parser: verify and extract read files that may
 * have been damaged or altered in storage, so the object parser has to be robust against arbitrary
 * bytes — that is the part where a hand-written parser is most likely to be wrong. pdf-lib is the
 * most used pure-JavaScript PDF parser on npm (no native code, no downloads at install, MIT, typed),
 * parses classic xref files like pdfkit's as well as object streams, and decodes Flate streams.
 * Its last release is from 2021; we use only its stable low-level object API (PDFContext, PDFDict,
 * decodePDFRawStream), never its writer. pdf.js (pdfjs-dist) is better maintained but ESM-only and
 * far larger, and we need objects, not rendering. What pdf-lib does not check we do here:
 * the xref table against the byte offsets (pdf-lib parses objects sequentially and ignores xref
 * damage), and the operators of content streams (a small tokenizer below).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { amsg } from '../diag/messages-archive';

export type { PDFDict, PDFObject };

export class PdfFile {
  private constructor(
    readonly bytes: Buffer,
    readonly doc: PDFDocument,
  ) {}

  /** Parse; throws (with pdf-lib's message) when the bytes are not a readable PDF. */
  static async open(bytes: Buffer): Promise<PdfFile> {
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(amsg.pdfBadHeader());
    const doc = await PDFDocument.load(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
    return new PdfFile(bytes, doc);
  }

  get ctx(): PDFContext {
    return this.doc.context;
  }

  get catalog(): PDFDict {
    return this.doc.catalog;
  }

  get trailer() {
    return this.ctx.trailerInfo;
  }

  /** The header's version, e.g. "1.7". */
  get headerVersion(): string {
    return /^%PDF-(\d\.\d)/.exec(this.bytes.subarray(0, 16).toString('latin1'))?.[1] ?? '?';
  }

  resolve(o: PDFObject | undefined): PDFObject | undefined {
    let x = o;
    for (let i = 0; x instanceof PDFRef && i < 32; i++) x = this.ctx.lookup(x);
    return x;
  }

  get(d: PDFDict | undefined, key: string): PDFObject | undefined {
    return d ? this.resolve(d.get(PDFName.of(key))) : undefined;
  }

  dict(d: PDFDict | undefined, key: string): PDFDict | undefined {
    const o = this.get(d, key);
    if (o instanceof PDFDict) return o;
    if (o instanceof PDFStream) return o.dict;
    return undefined;
  }

  array(d: PDFDict | undefined, key: string): PDFObject[] | undefined {
    const o = this.get(d, key);
    return o instanceof PDFArray ? o.asArray().map((x) => this.resolve(x)!) : undefined;
  }

  stream(d: PDFDict | undefined, key: string): PDFStream | undefined {
    const o = this.get(d, key);
    return o instanceof PDFStream ? o : undefined;
  }

  name(d: PDFDict | undefined, key: string): string | undefined {
    const o = this.get(d, key);
    return o instanceof PDFName ? o.decodeText() : undefined;
  }

  number(d: PDFDict | undefined, key: string): number | undefined {
    const o = this.get(d, key);
    return o instanceof PDFNumber ? o.asNumber() : undefined;
  }

  text(d: PDFDict | undefined, key: string): string | undefined {
    return textOf(this.get(d, key));
  }

  /** Decoded stream data (Flate or none); throws on a damaged stream. */
  decode(s: PDFStream): Buffer {
    if (s instanceof PDFRawStream) {
      const filter = s.dict.get(PDFName.of('Filter'));
      if (!filter) return Buffer.from(s.contents);
      return Buffer.from(decodePDFRawStream(s).decode());
    }
    return Buffer.from(s.getContents());
  }

  get info(): PDFDict | undefined {
    const i = this.resolve(this.trailer.Info);
    return i instanceof PDFDict ? i : undefined;
  }

  /** Page dictionaries in order. */
  pages(): PDFDict[] {
    return this.doc.getPages().map((p) => p.node as unknown as PDFDict);
  }

  /** The XMP packet as text (UTF-8), if the catalog has one. */
  xmp(): { text: string; filtered: boolean } | undefined {
    const s = this.stream(this.catalog, 'Metadata');
    if (!s) return undefined;
    return { text: this.decode(s).toString('utf8'), filtered: s.dict.has(PDFName.of('Filter')) };
  }

  /** Associated files of the catalog (/AF) with their embedded streams. */
  associatedFiles(): AssociatedFile[] {
    const out: AssociatedFile[] = [];
    for (const fs of this.array(this.catalog, 'AF') ?? []) {
      if (!(fs instanceof PDFDict)) continue;
      const ef = this.dict(fs, 'EF');
      const s = this.stream(ef, 'F') ?? this.stream(ef, 'UF');
      const params = s ? this.dict(s.dict, 'Params') : undefined;
      out.push({
        name: this.text(fs, 'UF') ?? this.text(fs, 'F') ?? '',
        relationship: this.name(fs, 'AFRelationship'),
        description: this.text(fs, 'Desc'),
        subtype: s ? this.name(s.dict, 'Subtype') : undefined,
        stream: s,
        size: this.number(params, 'Size'),
        hasModDate: !!params && params.has(PDFName.of('ModDate')),
      });
    }
    return out;
  }

  /** Names in the catalog's EmbeddedFiles name tree (flat or with Kids). */
  embeddedFileNames(): string[] {
    const names: string[] = [];
    const walk = (node: PDFDict | undefined, depth: number) => {
      if (!node || depth > 16) return;
      const arr = this.array(node, 'Names') ?? [];
      for (let i = 0; i + 1 < arr.length; i += 2) names.push(textOf(arr[i]) ?? '');
      for (const k of this.array(node, 'Kids') ?? []) if (k instanceof PDFDict) walk(k, depth + 1);
    };
    walk(this.dict(this.dict(this.catalog, 'Names'), 'EmbeddedFiles'), 0);
    return names;
  }
}

export interface AssociatedFile {
  name: string;
  relationship?: string;
  description?: string;
  subtype?: string;
  stream?: PDFStream;
  size?: number;
  hasModDate: boolean;
}

export function textOf(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return undefined;
}

/** Info CreationDate and the like as a Date (D:YYYYMMDDHHmmSS with Z or ±HH'mm'). */
export function pdfDate(s: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}`;
  const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${zone}`);
  return isNaN(t.getTime()) ? undefined : t;
}

/**
 * Check the classic cross-reference table against the bytes: startxref points at "xref", and
 * every in-use entry at "N G obj". Returns problems (empty = fine). Files with xref streams
 * (PDF 1.5+ compressed) are reported as such: pdfkit never writes them.
 */
export function checkXref(bytes: Buffer): string[] {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) return [amsg.xrefNoStartxref()];
  const at = Number(m[1]);
  if (at >= bytes.length) return [amsg.xrefOutside(at)];
  const text = bytes.subarray(at, Math.min(bytes.length, at + 20 * 1024 * 1024)).toString('latin1');
  if (!text.startsWith('xref')) return [amsg.xrefNotTable(at)];
  const problems: string[] = [];
  const re = /(\d+) (\d+)\s*\r?\n|(\d{10}) (\d{5}) ([nf])\s?\r?\n?|trailer/y;
  re.lastIndex = 4;
  while (re.lastIndex < text.length && /\s/.test(text[re.lastIndex])) re.lastIndex++;
  let obj = 0;
  for (;;) {
    const e = re.exec(text);
    if (!e) {
      problems.push(amsg.xrefMalformed());
      break;
    }
    if (e[0] === 'trailer') break;
    if (e[1] !== undefined) {
      obj = Number(e[1]);
      continue;
    }
    const off = Number(e[3]);
    if (e[5] === 'n') {
      const head = bytes.subarray(off, off + 32).toString('latin1');
      if (!new RegExp(`^${obj} ${Number(e[4])} obj\\b`).test(head)) {
        problems.push(amsg.xrefObjectMoved(obj, off));
        if (problems.length >= 5) break;
      }
    }
    obj++;
    while (re.lastIndex < text.length && /\s/.test(text[re.lastIndex])) re.lastIndex++;
  }
  return problems;
}

// ---- content streams ----

export type Token =
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'str'; v: Buffer }
  | { t: 'arr'; v: Token[] }
  | { t: 'dict' }
  | { t: 'op'; v: string };

/**
 * Tokenise a content stream into operands and operators. Enough for text operators: strings
 * (literal with escapes and nested parentheses, hex), names, numbers, arrays; dictionaries are
 * skipped as one token; inline image data (BI … ID … EI) is skipped.
 */
export function tokenize(data: Buffer): Token[] {
  const out: Token[] = [];
  const stack: Token[][] = [out];
  let i = 0;
  const n = data.length;
  const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  const isDelim = (c: number) => '()<>[]{}/%'.includes(String.fromCharCode(c));
  const push = (t: Token) => stack[stack.length - 1].push(t);
  while (i < n) {
    const c = data[i];
    if (isWs(c)) {
      i++;
    } else if (c === 0x25 /* % */) {
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
    } else if (c === 0x28 /* ( */) {
      const bytes: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        let b = data[i++];
        if (b === 0x5c /* \ */) {
          const e = data[i++];
          const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
          if (e >= 0x30 && e <= 0x37) {
            let v = e - 0x30;
            for (let k = 0; k < 2 && data[i] >= 0x30 && data[i] <= 0x37; k++) v = v * 8 + (data[i++] - 0x30);
            bytes.push(v & 0xff);
          } else if (e === 0x0d || e === 0x0a) {
            if (e === 0x0d && data[i] === 0x0a) i++;
          } else bytes.push(map[e] ?? e);
          continue;
        }
        if (b === 0x28) depth++;
        if (b === 0x29 && --depth === 0) break;
        bytes.push(b);
      }
      push({ t: 'str', v: Buffer.from(bytes) });
    } else if (c === 0x3c /* < */ && data[i + 1] === 0x3c) {
      // a dictionary operand (marked content properties): skip to the matching >>
      let depth = 0;
      while (i < n) {
        if (data[i] === 0x3c && data[i + 1] === 0x3c) {
          depth++;
          i += 2;
        } else if (data[i] === 0x3e && data[i + 1] === 0x3e) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      push({ t: 'dict' });
    } else if (c === 0x3c) {
      const end = data.indexOf(0x3e, i);
      const hex = data.subarray(i + 1, end < 0 ? n : end).toString('latin1').replace(/\s+/g, '');
      push({ t: 'str', v: Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex') });
      i = end < 0 ? n : end + 1;
    } else if (c === 0x5b /* [ */) {
      const arr: Token[] = [];
      push({ t: 'arr', v: arr });
      stack.push(arr);
      i++;
    } else if (c === 0x5d /* ] */) {
      if (stack.length > 1) stack.pop();
      i++;
    } else if (c === 0x2f /* / */) {
      let j = i + 1;
      while (j < n && !isWs(data[j]) && !isDelim(data[j])) j++;
      push({ t: 'name', v: data.subarray(i + 1, j).toString('latin1') });
      i = j;
    } else {
      let j = i;
      while (j < n && !isWs(data[j]) && !isDelim(data[j])) j++;
      if (j === i) j++; // a stray delimiter such as { or >
      const word = data.subarray(i, j).toString('latin1');
      i = j;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) push({ t: 'num', v: Number(word) });
      else {
        push({ t: 'op', v: word });
        if (word === 'ID') {
          // inline image data: up to whitespace + EI + whitespace
          const k = data.indexOf(Buffer.from('EI'), i);
          i = k < 0 ? n : k + 2;
        }
      }
    }
  }
  return out;
}

/** Codes mapped by a ToUnicode CMap (bfchar and bfrange), to a non-empty Unicode string. */
export function toUnicodeCodes(cmap: string): Set<number> {
  const codes = new Set<number>();
  const hexes = (s: string) => [...s.matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((x) => x[1].replace(/\s+/g, ''));
  const mapped = (h: string) => h.length > 0 && !/^0+$/.test(h);
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    const hs = hexes(block[1]);
    for (let k = 0; k + 1 < hs.length; k += 2) if (mapped(hs[k + 1])) codes.add(parseInt(hs[k], 16));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const re = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f\s]*>)/g;
    for (const r of block[1].matchAll(re)) {
      const lo = parseInt(r[1], 16);
      const hi = parseInt(r[2], 16);
      if (r[3].startsWith('[')) {
        hexes(r[3]).forEach((h, k) => {
          if (lo + k <= hi && mapped(h)) codes.add(lo + k);
        });
      } else if (mapped(hexes(r[3])[0] ?? '')) {
        for (let c = lo; c <= hi && c - lo < 0x10000; c++) codes.add(c);
      }
    }
  }
  return codes;
}
