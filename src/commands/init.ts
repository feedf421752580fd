/**
 * xxgk-report init --format 2021 --year 2025 --agency "…" [--code …] [--from 上一年度.yaml] [-o 文件]
 * 写出新报告的数据文件：全部键、待填写处为 ~、中文注释、$schema 行；有 --from 时预填机关信息、
 * 联系方式和上一年度结转到本年度的数字。从不覆盖已有的文件。
 *
 * Writes a new data file from the pack (src/formats/skeleton.ts). With --from, last year's
 * agency details and contacts are copied, and each cross-year rule of the form
 * `this = prev_year.that` (T3: 二、上年结转 = last year's 四、结转下年度继续办理) prefills `this`.
 * The file is created with 'wx': an existing file is never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error, EXIT } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { cellKey } from '../formats/cells';
import { listPacks, loadPack, TEMPLATES_DIR } from '../formats';
import { skeleton } from '../formats/skeleton';
import { load } from '../load';
import type { Json } from '../load';
import type { FormatPack } from '../model/format';
import { diskWorld } from '../model/world';
import { expandRule, isCrossYear } from '../validate/rules';
import { Options, print } from './common';

/** Keys copied from last year's file (when this year's schema has them): agency details, contacts. */
const COPIED = ['/agency', '/preamble'];

export function runInit(o: Options): number {
  const usage = (detail: string): number => {
    print([error('E-USAGE', msg.usage(detail))], o.diagnostics);
    return EXIT.usage;
  };
  const { format, year: yearText, agency, code, from } = o.extra;
  if (!yearText || !/^[0-9]{4}$/.test(yearText)) return usage(msg.initNeeds(msg.initNeedsYear()));
  const year = Number(yearText);

  // last year's file: read, not judged (its numbers are what was published)
  let prev: Record<string, Json> | undefined;
  if (from) {
    const l = load(diskWorld, from);
    if (!l.ok) {
      print([error('E-INPUT-FROM', msg.initFromInvalid(from)), ...l.errors], o.diagnostics);
      return EXIT.data;
    }
    prev = l.value.data as Record<string, Json>;
  }

  const packs = listPacks();
  const packId = format ?? defaultFormat(packs, year);
  if (!packId) return usage(msg.initNeeds(msg.initNeedsFormat(packs)));
  if (!packs.includes(packId)) return usage(msg.unknownFormat(packId, packs));
  const pack = loadPack(packId);
  if (!pack.ok) {
    print(pack.errors, o.diagnostics);
    return EXIT.resource;
  }
  const { from: y0, to: y1 } = pack.value.years;
  if (year < y0 || (y1 !== undefined && year > y1)) return usage(msg.initYearOutOfRange(pack.value.name, y0, y1, year));

  const prefill = new Map<string, unknown>();
  if (prev) prefillFrom(pack.value, prev, prefill);
  if (agency) prefill.set('/agency/name', agency);
  if (code) prefill.set('/agency/code', code);
  if (!prefill.has('/agency/name')) return usage(msg.initNeeds(msg.initNeedsAgency()));

  const prevCode = typeof prefill.get('/agency/code') === 'string' ? (prefill.get('/agency/code') as string) : undefined;
  let target = o.extra.out;
  if (!target) {
    if (from) target = path.join(path.dirname(from), `${year}.yaml`);
    else if (prevCode) target = path.join('data', prevCode, `${year}.yaml`);
    else return usage(msg.initNeeds(msg.initNeedsTarget()));
  }
  const toStdout = target === '-';
  const schemaFile = path.join(TEMPLATES_DIR, pack.value.id, 'schema.json');
  const schemaRef = path.relative(toStdout ? process.cwd() : path.dirname(path.resolve(target)), schemaFile).split(path.sep).join('/');
  const text = skeleton(pack.value, { year, schemaRef, prefill });
  if (toStdout) {
    process.stdout.write(text);
    return 0;
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { flag: 'wx' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const d: Diagnostic =
      err.code === 'EEXIST'
        ? error('E-OUTPUT-EXISTS', msg.initExists(target), undefined, [{ message: msg.initExistsHint() }])
        : error('E-OUTPUT-FAILED', msg.outputFailed(target, err.message));
    d.file = target;
    print([d], o.diagnostics);
    return EXIT.output;
  }
  process.stdout.write(`${msg.initWritten(target)}\n${msg.initNext(target)}\n`);
  return 0;
}

/** The newest pack whose years include the report year. */
function defaultFormat(packs: string[], year: number): string | undefined {
  let best: { id: string; from: number } | undefined;
  for (const id of packs) {
    const p = loadPack(id);
    if (!p.ok) continue;
    const { from, to } = p.value.years;
    if (year >= from && (to === undefined || year <= to) && (!best || from > best.from)) best = { id, from };
  }
  return best?.id;
}

/** Agency details and contacts, and this year's cells that carry last year's over. */
function prefillFrom(pack: FormatPack, prev: Record<string, Json>, out: Map<string, unknown>): void {
  const walk = (v: Json, ptr: string) => {
    if (v === null) return;
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x === 'string')) out.set(ptr, v);
    } else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${ptr}/${k}`);
    } else out.set(ptr, v);
  };
  for (const p of COPIED) {
    const key = p.slice(1);
    if (key in prev) walk(prev[key], p);
  }
  // cross-year rules `this = prev_year.that`, one operand a side: this year's cell starts as last year's
  const prevTables = (prev.tables ?? {}) as Record<string, Json>;
  for (const rule of pack.rules) {
    if (!isCrossYear(rule) || !rule.equal || rule.equal.lhs.length !== 1 || rule.equal.rhs.length !== 1) continue;
    const table = pack.tables[rule.table];
    if (!table) continue;
    for (const inst of expandRule(rule, table)) {
      const [a, b] = [inst.lhs![0], inst.rhs![0]];
      if (a.prev === b.prev) continue;
      const [mine, theirs] = a.prev ? [b, a] : [a, b];
      let v: Json | undefined = prevTables[rule.table];
      for (const k of theirs.path) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>)[k] : undefined;
      if (typeof v === 'number') out.set('/tables/' + cellKey(rule.table, mine.path), v);
    }
  }
}
