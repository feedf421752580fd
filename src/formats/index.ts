/**
 * 格式包的读取：templates/<id>/format.yaml 与同目录的 .hbs 模板。
 * Reads a format pack. Packs are part of the tool (trusted), but a broken pack still gets a
 * located message (E-FORMAT-*) rather than a stack trace.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { Diagnostic, error, fail, ok, Result } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import type { FormatPack, ListTable, TableDef } from '../model/format';

export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

const cache = new Map<string, Result<FormatPack>>();

/** Ids of the packs present (folders of templates/ holding a format.yaml). */
export function listPacks(dir = TEMPLATES_DIR): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'format.yaml')))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export function loadPack(id: string, dir = TEMPLATES_DIR): Result<FormatPack> {
  const key = path.join(dir, id);
  const hit = cache.get(key);
  if (hit) return hit;
  const r = readPack(id, dir);
  cache.set(key, r);
  return r;
}

function readPack(id: string, dir: string): Result<FormatPack> {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) return fail([error('E-FORMAT-MISSING', msg.formatMissing(id))]);
  const packDir = path.join(dir, id);
  const file = path.join(packDir, 'format.yaml');
  if (!fs.existsSync(file)) return fail([error('E-FORMAT-MISSING', msg.formatMissing(packDir))]);
  const source = fs.readFileSync(file, 'utf8');
  let raw = readParsed(id, source);
  if (!raw) {
    const doc = parseSource(source);
    if (doc.errors.length) {
      return fail(doc.errors.map((e) => fileDiag(file, msg.formatInvalid(e.message.split('\n')[0]), e.linePos?.[0])));
    }
    raw = doc.toJS() as FormatPack;
  }
  raw.dir = packDir;
  const diags: Diagnostic[] = [];
  for (const k of ['id', 'name', 'years', 'default_title', 'sections', 'tables'] as const) {
    if (raw[k] === undefined) diags.push(fileDiag(file, msg.formatInvalid(`缺少 ${k}`)));
  }
  raw.id = String(raw.id);
  if (raw.id !== id) diags.push(fileDiag(file, msg.formatInvalid(`id 应为 ${id}`)));
  raw.meta ??= {};
  raw.appendix ??= [];
  raw.rules ??= [];
  for (const [tid, t] of Object.entries(raw.tables ?? {})) {
    (t as TableDef).id = tid;
    if (t.kind === 'list') computeLevels(t);
  }
  raw.templates = {};
  for (const f of fs.readdirSync(packDir)) {
    if (f.endsWith('.hbs')) {
      const p = path.join(packDir, f);
      raw.templates[f.slice(0, -4)] = { source: fs.readFileSync(p, 'utf8'), file: p };
    }
  }
  // every template a section names must exist
  const need = new Set<string>();
  if (raw.preamble) need.add(raw.preamble);
  const walk = (items: FormatPack['sections'][number]['body']) => {
    for (const it of items ?? []) {
      if ('template' in it) need.add(it.template);
      if ('subsection' in it) {
        if (it.subsection.heading_template) need.add(it.subsection.heading_template);
        walk(it.subsection.body ?? []);
      }
      if ('table' in it && !raw.tables?.[it.table]) diags.push(fileDiag(file, msg.formatInvalid(`未定义的表格 ${it.table}`)));
    }
  };
  for (const s of raw.sections ?? []) walk(s.body);
  for (const s of Object.values(raw.sentences ?? {})) need.add(s.template);
  for (const n of need) if (!raw.templates[n]) diags.push(fileDiag(file, msg.formatInvalid(`缺少模板 ${n}.hbs`)));
  return diags.length ? fail(diags) : ok(raw);
}

/**
 * Where `npm install` (scripts/precompile-validators.js) keeps a bundled pack's format.yaml as
 * JSON, named by the hash of its text: a cold run parses JSON in a millisecond instead of
 * running the YAML parser over 15 KB (~60 ms). An edited pack has another hash and is parsed.
 */
export function parsedPackFile(id: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return path.join(__dirname, '..', 'packs', `${id}-${hash}.json`);
}

/** format.yaml as plain data (what the install-time copy holds), or undefined if it does not parse. */
export function parsedPack(source: string): FormatPack | undefined {
  const doc = parseSource(source);
  return doc.errors.length ? undefined : (doc.toJS() as FormatPack);
}

function parseSource(source: string) {
  return parseDocument(source, { schema: 'core', uniqueKeys: true });
}

function readParsed(id: string, source: string): FormatPack | undefined {
  try {
    return JSON.parse(fs.readFileSync(parsedPackFile(id, source), 'utf8')) as FormatPack;
  } catch {
    return undefined;
  }
}

function computeLevels(t: ListTable): void {
  const byId = new Map(t.rows.map((r) => [r.id, r]));
  for (const r of t.rows) {
    let level = 0;
    let p = r.parent;
    while (p && level < 10) {
      level++;
      p = byId.get(p)?.parent;
    }
    r.level = level;
  }
}

function fileDiag(file: string, message: string, pos?: { line: number; col: number }): Diagnostic {
  const d = error('E-FORMAT-INVALID', message, pos ? { file, start: pos, end: pos } : undefined);
  if (!pos) d.file = file;
  return d;
}
