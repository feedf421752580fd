/**
 * 表格的算术规则（格式包 rules 中的 sum / equal / le）。空白按 0 计算；
 * skip_blank 的合理性检查在一侧全部空白时跳过；when_filled 只在指定格已填时检查。
 * The form's arithmetic, evaluated from the pack. Each failure writes the equation out with the
 * actual numbers, at the total's line, with a hint per addend pointing at its own line.
 */
import { Diagnostic, error, Hint, warning } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { LoadedYaml, spanFor } from '../load';
import { cellKey, cellsOf } from '../formats/cells';
import type { FormatPack, RuleDef, TableDef } from '../model/format';
import type { CellValue } from '../model/report';
import { formatScaled } from './cellvalues';

interface Instance {
  target?: string[];
  of?: string[][];
  lhs?: string[][];
  rhs?: string[][];
  subset?: string[];
  superset?: string[];
  when?: string[][];
}

export interface RuleOptions {
  /** regenerate a published report: rule errors become warnings */
  asPublished?: boolean;
  /** rule id → reason, from the data's `acknowledge` list */
  acknowledged?: Map<string, string>;
}

export function expandRule(rule: RuleDef, table: TableDef): Instance[] {
  const base = rule.block ? [rule.block] : [];
  const block = table.kind === 'blocks' && rule.block ? table.blocks.find((b) => b.id === rule.block) : undefined;
  let wrap: ((ref: string) => string[])[] = [(ref) => [...base, ...ref.split('/')]];
  if (rule.for_each === 'column') {
    const cols = table.kind === 'matrix' ? table.columns : block?.columns ?? [];
    wrap = cols.map((c) => (ref: string) => [...base, ...ref.split('/'), c.id]);
  } else if (rule.for_each === 'row') {
    const rows = table.kind === 'matrix' ? table.rows : table.kind === 'list' ? table.rows : block?.rows ?? [];
    wrap = rows.map((r) => (ref: string) => [...base, r.id, ...ref.split('/')]);
  }
  return wrap.map((w) => ({
    target: rule.sum ? w(rule.sum.target) : undefined,
    of: rule.sum?.of.map(w),
    lhs: rule.equal?.lhs.map(w),
    rhs: rule.equal?.rhs.map(w),
    subset: rule.le ? w(rule.le.subset) : undefined,
    superset: rule.le ? w(rule.le.superset) : undefined,
    when: rule.when_filled?.map(w),
  }));
}

/** Rules that compare with last year's data are checked elsewhere. */
export function isCrossYear(rule: RuleDef & { scope?: string }): boolean {
  const refs = [rule.sum?.target, ...(rule.sum?.of ?? []), ...(rule.equal?.lhs ?? []), ...(rule.equal?.rhs ?? [])];
  return rule.scope === 'cross_year' || refs.some((r) => r?.startsWith('prev_year.'));
}

export function checkRules(
  pack: FormatPack,
  cells: Map<string, CellValue | null>,
  loaded: LoadedYaml,
  opts: RuleOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const labels = new Map<string, string>();
  for (const t of Object.values(pack.tables)) for (const c of cellsOf(t)) labels.set(cellKey(c.table, c.path), c.label);

  for (const rule of pack.rules) {
    if (!rule.sum && !rule.equal && !rule.le) continue; // descriptive entries (e.g. NARRATIVE-MATCH)
    if (isCrossYear(rule)) continue;
    const table = pack.tables[rule.table];
    if (!table) continue;
    for (const inst of expandRule(rule, table)) {
      const key = (p: string[]) => cellKey(rule.table, p);
      const val = (p: string[]) => cells.get(key(p)) ?? null;
      const num = (p: string[]) => val(p)?.scaled ?? 0n;
      const shown = (p: string[]) => val(p)?.text ?? '0';
      const label = (p: string[]) => `“${labels.get(key(p)) ?? key(p)}”`;
      const span = (p: string[]) => spanFor(loaded, '/tables/' + key(p));
      const note = (p: string[]) => (val(p) === null ? '（空白，按 0 计）' : '');
      const allBlank = (ps: string[][]) => ps.every((p) => val(p) === null);
      if (inst.when && inst.when.some((p) => val(p) === null)) continue;

      let message: string | undefined;
      let at: string[] | undefined;
      let hints: Hint[] = [];
      if (inst.target && inst.of) {
        if (rule.skip_blank && (val(inst.target) === null || allBlank(inst.of))) continue;
        const total = inst.of.reduce((a, p) => a + num(p), 0n);
        if (total !== num(inst.target)) {
          message = msg.ruleSum(label(inst.target), formatScaled(total), inst.of.map(shown).join(' + '), shown(inst.target) + note(inst.target));
          at = inst.target;
          hints = inst.of.map((p) => ({ message: msg.ruleAddend(label(p), shown(p) + note(p)), span: span(p) }));
        }
      } else if (inst.lhs && inst.rhs) {
        if (rule.skip_blank && (allBlank(inst.lhs) || allBlank(inst.rhs))) continue;
        const l = inst.lhs.reduce((a, p) => a + num(p), 0n);
        const r = inst.rhs.reduce((a, p) => a + num(p), 0n);
        if (l !== r) {
          const side = (ps: string[][]) => ps.map(label).join(' + ');
          const vals = (ps: string[][], v: bigint) => (ps.length > 1 ? `${ps.map(shown).join(' + ')} = ${formatScaled(v)}` : formatScaled(v));
          message = msg.ruleEqual(side(inst.lhs), vals(inst.lhs, l), side(inst.rhs), vals(inst.rhs, r));
          at = inst.lhs[0];
          hints = [...inst.lhs, ...inst.rhs].map((p) => ({ message: msg.ruleOperand(label(p), shown(p) + note(p)), span: span(p) }));
        }
      } else if (inst.subset && inst.superset) {
        if (rule.skip_blank && (val(inst.subset) === null || val(inst.superset) === null)) continue;
        if (num(inst.subset) > num(inst.superset)) {
          message = msg.ruleLe(label(inst.subset), shown(inst.subset), label(inst.superset), shown(inst.superset) + note(inst.superset));
          at = inst.subset;
          hints = [{ message: msg.ruleOperand(label(inst.superset), shown(inst.superset) + note(inst.superset)), span: span(inst.superset) }];
        }
      }
      if (!message || !at) continue;
      const kind = inst.of ? 'SUM' : inst.lhs ? 'EQUAL' : 'LE';
      const text = `规则 ${rule.id}：${message}`;
      const reason = opts.acknowledged?.get(rule.id);
      if (rule.severity === 'error' && !reason && !opts.asPublished) {
        out.push(error(`E-RULE-${kind}`, text, span(at), hints));
      } else {
        const extra = reason ? [{ message: msg.ruleAcknowledged(reason) }] : [];
        out.push(warning(`W-RULE-${kind}`, text, span(at), [...extra, ...hints]));
      }
    }
  }
  return out;
}
