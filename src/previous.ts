/**
 * 上一年度的报告：跨年度规则（scope: cross_year）需要同一机关上一年度的数据。
 * 由管线调用（读取 + 校验上一年度的文件），自身不做判断以外的事。
 *
 * Last year's report of the same agency, for the cross-year rules. Either named with
 * `--previous <file>` or found next to this year's file as `<year − 1>.yaml` (`.yml`).
 * Found automatically, a missing or broken file only costs the cross-year check (a warning);
 * named explicitly, a broken file is an error. Last year's arithmetic is not re-judged here
 * (it is validated as published); only its numbers are used.
 */
import * as path from 'node:path';
import { Diagnostic, error, warning } from './diag/diagnostic';
import { msg } from './diag/messages';
import type { LoadedYaml } from './load';
import { load } from './load';
import type { ValidReport } from './model/report';
import type { World } from './model/world';
import { validate } from './validate';

export interface PreviousResult {
  report?: ValidReport;
  diags: Diagnostic[];
}

/** `<dir>/<year − 1>.yaml` next to this year's file, if there is one. */
export function siblingPrevious(world: World, file: string, year: unknown): string | undefined {
  if (typeof year !== 'number' || !Number.isInteger(year)) return undefined;
  const dir = path.dirname(file);
  for (const ext of ['.yaml', '.yml']) {
    const p = path.join(dir, `${year - 1}${ext}`);
    if (path.resolve(p) !== path.resolve(file) && world.size(p) !== null) return p;
  }
  return undefined;
}

export function loadPrevious(world: World, current: LoadedYaml, explicit?: string): PreviousResult {
  const data = current.data as Record<string, any>;
  const file = explicit ?? siblingPrevious(world, current.file, data.year);
  if (!file) return { diags: [] };
  // named explicitly: its problems are errors; found by name: warnings (the check is a bonus)
  const problem = (code: string, message: string, hints: { message: string }[] = []) => {
    const d = explicit ? error(code.replace(/^W-/, 'E-'), message, undefined, hints) : warning(code, message, undefined, hints);
    d.file = file;
    return d;
  };
  const loaded = load(world, file);
  if (!loaded.ok) {
    if (loaded.errors[0]?.code === 'E-INPUT-MISSING') return { diags: loaded.errors };
    return { diags: [problem('W-PREV-INVALID', msg.prevInvalid(file, loaded.errors.length), [{ message: msg.prevInvalidHint(loaded.errors[0].message) }])] };
  }
  const prevData = loaded.value.data as Record<string, any>;
  const code = prevData.agency?.code;
  const mine = data.agency?.code;
  if (typeof code === 'string' && typeof mine === 'string' && code !== mine) {
    return { diags: [problem('W-PREV-AGENCY', msg.prevAgency(file, code, mine))] };
  }
  if (typeof data.year === 'number' && prevData.year !== data.year - 1) {
    return { diags: [problem('W-PREV-YEAR', msg.prevYear(file, String(prevData.year), data.year - 1), [{ message: msg.prevYearHint() }])] };
  }
  const valid = validate(loaded.value, { asPublished: true });
  if (!valid.ok) {
    return { diags: [problem('W-PREV-INVALID', msg.prevInvalid(file, valid.errors.length), [{ message: msg.prevInvalidHint(valid.errors[0].message) }])] };
  }
  return { report: valid.value, diags: [] };
}
