/**
 * 阶段 1 · 读取（load）
 * 输入：数据文件路径；输出：LoadedYaml（原文、YAML 文档、行列映射、纯数据、JSON 指针 → 位置表）。
 * 只有这里使用 yaml 库。不做业务校验（那是 validate 的事），不写任何文件。
 *
 * Input: a path. Output: the decoded text, the parsed data as plain JS values, and a side
 * table from JSON pointer to source range, so every later stage can point at the YAML line.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Node as YNode } from 'yaml';
import { Diagnostic, error, fail, ok, Result, Span } from '../diag/diagnostic';
import { LIMITS, msg } from '../diag/messages';
import type { World } from '../model/world';
import { TextPositions } from './positions';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface NodeInfo {
  /** value range [start, end) in the text */
  range: [number, number];
  /** key range, for mapping entries */
  keyRange?: [number, number];
  /** the scalar's source text as written (e.g. "9116.30", "010") */
  source?: string;
  /** true when the scalar was quoted in the source */
  quoted?: boolean;
}

export interface LoadedYaml {
  file: string;
  text: string;
  /** raw bytes exactly as read (for embedding and hashing) */
  bytes: Buffer;
  data: Json;
  /** JSON pointer ("" = root, "/agency/name") → where it is written */
  nodes: Map<string, NodeInfo>;
  positions: TextPositions;
}

export function pointerJoin(base: string, key: string | number): string {
  return base + '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function load(world: World, file: string): Result<LoadedYaml> {
  const size = world.size(file);
  if (size === null) return fail([withFile(error('E-INPUT-MISSING', msg.inputMissing(file)), file)]);
  if (size > LIMITS.maxFileBytes) {
    return fail([withFile(error('E-INPUT-TOO-LARGE', msg.inputTooLarge(size, LIMITS.maxFileBytes)), file)]);
  }
  const bytes = world.read(file);
  return parse(file, bytes);
}

function withFile(d: Diagnostic, file: string): Diagnostic {
  d.file = file;
  return d;
}

/** Decode strictly, parse, refuse what a report never needs. Pure: no I/O. */
export function parse(file: string, bytes: Buffer): Result<LoadedYaml> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail([encodingError(file, bytes)]);
  }
  const lc = new LineCounter();
  const positions = new TextPositions(file, text);
  if (text.trim() === '' || /^\s*(#[^\n]*\n?\s*)*$/.test(text)) {
    return fail([error('E-INPUT-EMPTY', msg.inputEmpty(), { file, start: { line: 1, col: 1 }, end: { line: 1, col: 1 } })]);
  }
  const doc = parseDocument(text, {
    lineCounter: lc,
    schema: 'core',
    resolveKnownTags: false,
    logLevel: 'error',
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
  });
  const diags: Diagnostic[] = [];
  let nestingReported = false;
  // a tab used for indentation makes the lines after it fail too: report the cause only
  const tabbed = doc.errors.some((e) => e.code === 'TAB_AS_INDENT');
  for (const e of [...doc.errors, ...doc.warnings]) {
    if (tabbed && e.code === 'BAD_INDENT') continue;
    if (e.code === 'RESOURCE_EXHAUSTION') {
      if (nestingReported) continue;
      nestingReported = true;
      diags.push(error('E-YAML-NESTING', msg.yamlNesting(LIMITS.maxDepth), positions.span(e.pos[0], e.pos[1])));
      continue;
    }
    if (e.code === 'TAG_RESOLVE_FAILED') continue; // reported below, per tag, with the tag's name
    const code =
      e.code === 'DUPLICATE_KEY' ? 'E-YAML-DUPLICATE-KEY'
      : e.code === 'TAB_AS_INDENT' ? 'E-YAML-TAB'
      : e.code === 'MULTIPLE_DOCS' ? 'E-YAML-MULTIDOC'
      : 'E-YAML-SYNTAX';
    const firstLine = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    diags.push(error(code, msg.yaml(e.code, firstLine), positions.span(e.pos[0], e.pos[1]), [{ message: msg.yamlHint(e.code) }]));
  }
  // Constructs a report never needs: anchors, aliases, tags, non-text keys.
  visit(doc, {
    Alias(_k, n) {
      diags.push(error('E-YAML-ALIAS', msg.yamlAlias(), rangeSpan(positions, n), [{ message: msg.yamlAliasHint() }]));
    },
    Node(_k, n) {
      if (n.anchor) {
        diags.push(error('E-YAML-ALIAS', msg.yamlAlias(), propSpan(text, positions, n, '&' + n.anchor), [{ message: msg.yamlAliasHint() }]));
      }
      if (n.tag) {
        const tag = n.tag.replace(/^tag:yaml\.org,2002:/, '!!');
        diags.push(error('E-YAML-TAG', msg.yamlTag(tag), propSpan(text, positions, n, '!'), [{ message: msg.yamlTagHint() }]));
      }
    },
    Pair(_k, p) {
      const key = p.key as YNode | null;
      if (key && !(isScalar(key) && typeof key.value === 'string')) {
        diags.push(error('E-YAML-KEY', msg.yamlKey(), rangeSpan(positions, key)));
      } else if (key && isScalar(key) && key.value === '__proto__') {
        diags.push(error('E-YAML-KEY', msg.yamlProto(), rangeSpan(positions, key)));
      }
    },
  });
  if (diags.length) return fail(dedupe(diags));

  const nodes = new Map<string, NodeInfo>();
  const data = toData(doc, doc.contents as YNode | null, '', nodes, 0, positions, diags);
  if (diags.length) return fail(diags);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const r = (doc.contents as YNode | null)?.range;
    return fail([error('E-YAML-NOT-MAPPING', msg.notAMapping(), r ? positions.span(r[0], r[1]) : positions.span(0, 0))]);
  }
  return ok({ file, text, bytes, data, nodes, positions });
}

function rangeSpan(p: TextPositions, n: { range?: [number, number, number] | null }): Span {
  const r = n.range ?? [0, 0, 0];
  return p.span(r[0], r[1]);
}

/** The span of a node property (&anchor, !tag) written before the node's value. */
function propSpan(text: string, p: TextPositions, n: { range?: [number, number, number] | null }, prefix: string): Span {
  const start = n.range?.[0] ?? 0;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  // the last property token starting with the prefix's first character (e.g. "!!binary", "&x")
  const re = new RegExp(`(?:^|[\\s:,\\[{-])(\\${prefix[0]}[^\\s]*)`, 'g');
  let last: RegExpExecArray | undefined;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m;
  if (!last) return rangeSpan(p, n);
  const i = last.index + last[0].length - last[1].length;
  return p.span(lineStart + i, lineStart + i + last[1].length);
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.span?.start.line}:${d.span?.start.col}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Document → plain data, recording every node's range under its JSON pointer.
 * Own implementation rather than doc.toJS() so positions and scalar sources are kept.
 */
function toData(
  doc: Document,
  node: YNode | null,
  ptr: string,
  nodes: Map<string, NodeInfo>,
  depth: number,
  positions: TextPositions,
  diags: Diagnostic[],
  keyRange?: [number, number],
): Json {
  if (node === null || node === undefined) return null;
  if (depth > LIMITS.maxDepth) {
    if (!diags.some((d) => d.code === 'E-YAML-NESTING')) {
      diags.push(error('E-YAML-NESTING', msg.yamlNesting(LIMITS.maxDepth), rangeSpan(positions, node)));
    }
    return null;
  }
  const r = node.range ?? [0, 0, 0];
  const info: NodeInfo = { range: [r[0], r[1]], keyRange };
  nodes.set(ptr, info);
  if (isMap(node)) {
    const out: { [k: string]: Json } = {};
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const k = String(item.key.value);
      const kr = item.key.range ?? [0, 0, 0];
      const v = toData(doc, item.value as YNode | null, pointerJoin(ptr, k), nodes, depth + 1, positions, diags, [kr[0], kr[1]]);
      if (item.value === null || item.value === undefined) {
        // `key:` with nothing after it: point at the key
        nodes.set(pointerJoin(ptr, k), { range: [kr[0], kr[1]], keyRange: [kr[0], kr[1]] });
      }
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (isSeq(node)) {
    return node.items.map((it, i) => toData(doc, it as YNode | null, pointerJoin(ptr, i), nodes, depth + 1, positions, diags));
  }
  if (isScalar(node)) {
    info.source = typeof node.source === 'string' ? node.source : undefined;
    info.quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return String(v);
  }
  if (isAlias(node)) return null;
  return null;
}

/** Where does the UTF-8 decoding fail, and does it look like GBK? */
function encodingError(file: string, bytes: Buffer): Diagnostic {
  let off = 0;
  let line = 1;
  let lineStart = 0;
  // find the first invalid byte sequence
  while (off < bytes.length) {
    const b = bytes[off];
    let n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) break;
    let good = off + n <= bytes.length;
    for (let i = 1; good && i < n; i++) if ((bytes[off + i] & 0xc0) !== 0x80) good = false;
    if (good && n === 3) {
      const cp = ((b & 0x0f) << 12) | ((bytes[off + 1] & 0x3f) << 6) | (bytes[off + 2] & 0x3f);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) good = false;
    }
    if (good && n === 4) {
      const cp = ((b & 0x07) << 18) | ((bytes[off + 1] & 0x3f) << 12) | ((bytes[off + 2] & 0x3f) << 6) | (bytes[off + 3] & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) good = false;
    }
    if (!good) break;
    if (b === 0x0a) {
      line++;
      lineStart = off + 1;
    }
    off += n;
  }
  const col = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, off)).length + 1;
  let gbk = false;
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    gbk = true;
  } catch {
    gbk = false;
  }
  const d = error('E-INPUT-ENCODING', msg.inputEncoding(gbk), { file, start: { line, col }, end: { line, col: col + 1 } }, [
    { message: msg.inputEncodingHint() },
  ]);
  return d;
}

/** Range of a node for a pointer, falling back to the nearest existing ancestor. */
export function spanFor(loaded: LoadedYaml, pointer: string, preferKey = false): Span {
  let p = pointer;
  for (;;) {
    const n = loaded.nodes.get(p);
    if (n) {
      const r = preferKey && n.keyRange ? n.keyRange : n.range;
      return loaded.positions.span(r[0], r[1]);
    }
    if (p === '') return loaded.positions.span(0, 0);
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export type { Alias };
