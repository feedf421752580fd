/**
 * 表格的算术规则（格式包 rules 中的 sum / equal / le）。空白按 0 计算；
 * skip_blank 的合理性检查在一侧全部空白时跳过；when_filled 只在指定格已填时检查。
 * 跨年度规则（scope: cross_year）中写作 prev_year.<项> 的运算项取自上一年度的报告，
 * 只在有上一年度数据时检查；诊断同时指出两个文件中的行。
 *
 * The form's arithmetic, evaluated from the pack. Each failure writes the equation out with the
 * actual numbers, at the total's line, with a hint per addend pointing at its own line (in last
 * year's file for `prev_year.` operands).
 */
import * as path from 'node:path';
import { Diagnostic, error, Hint, Span, warning } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { LoadedYaml, spanFor } from '../load';
import { cellKey, cellsOf } from '../formats/cells';
import type { FormatPack, RuleDef, TableDef } from '../model/format';
import type { CellValue } from '../model/report';
import { formatScaled } from './cellvalues';

const PREV = 'prev_year.';

/** One operand of a rule instance: a cell path inside the rule's table, this year's or last year's. */
export interface Operand {
  path: string[];
  prev: boolean;
}

export interface Instance {
  target?: Operand;
  of?: Operand[];
  lhs?: Operand[];
  rhs?: Operand[];
  subset?: Operand;
  superset?: Operand;
  when?: Operand[];
}

/** Last year's report of the same agency, for cross-year rules. */
export interface PreviousYear {
  pack: FormatPack;
  cells: Map<string, CellValue | null>;
  loaded: LoadedYaml;
}

export interface RuleOptions {
  /** regenerate a published report: rule errors become warnings */
  asPublished?: boolean;
  /** rule id → reason, from the data's `acknowledge` list */
  acknowledged?: Map<string, string>;
  /** last year's report; without it cross-year rules are skipped */
  previous?: PreviousYear;
}

export function expandRule(rule: RuleDef, table: TableDef): Instance[] {
  const base = rule.block ? [rule.block] : [];
  const block = table.kind === 'blocks' && rule.block ? table.blocks.find((b) => b.id === rule.block) : undefined;
  let wrap: ((ref: string[]) => string[])[] = [(ref) => [...base, ...ref]];
  if (rule.for_each === 'column') {
    const cols = table.kind === 'matrix' ? table.columns : block?.columns ?? [];
    wrap = cols.map((c) => (ref: string[]) => [...base, ...ref, c.id]);
  } else if (rule.for_each === 'row') {
    const rows = table.kind === 'matrix' ? table.rows : table.kind === 'list' ? table.rows : block?.rows ?? [];
    wrap = rows.map((r) => (ref: string[]) => [...base, r.id, ...ref]);
  }
  return wrap.map((w) => {
    const op = (ref: string): Operand => {
      const prev = ref.startsWith(PREV);
      return { path: w((prev ? ref.slice(PREV.length) : ref).split('/')), prev };
    };
    return {
      target: rule.sum ? op(rule.sum.target) : undefined,
      of: rule.sum?.of.map(op),
      lhs: rule.equal?.lhs.map(op),
      rhs: rule.equal?.rhs.map(op),
      subset: rule.le ? op(rule.le.subset) : undefined,
      superset: rule.le ? op(rule.le.superset) : undefined,
      when: rule.when_filled?.map(op),
    };
  });
}

/** Rules that compare with last year's data. */
export function isCrossYear(rule: RuleDef): boolean {
  const refs = [rule.sum?.target, ...(rule.sum?.of ?? []), ...(rule.equal?.lhs ?? []), ...(rule.equal?.rhs ?? []), rule.le?.subset, rule.le?.superset];
  return rule.scope === 'cross_year' || refs.some((r) => r?.startsWith(PREV));
}

function labelsOf(pack: FormatPack): Map<string, string> {
  const labels = new Map<string, string>();
  for (const t of Object.values(pack.tables)) for (const c of cellsOf(t)) labels.set(cellKey(c.table, c.path), c.label);
  return labels;
}

export function checkRules(
  pack: FormatPack,
  cells: Map<string, CellValue | null>,
  loaded: LoadedYaml,
  opts: RuleOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const labels = labelsOf(pack);
  const prev = opts.previous;
  const prevLabels = prev ? labelsOf(prev.pack) : new Map<string, string>();
  const prevName = prev ? path.basename(prev.loaded.file) : '';

  for (const rule of pack.rules) {
    if (!rule.sum && !rule.equal && !rule.le) continue; // descriptive entries (e.g. NARRATIVE-MATCH)
    if (isCrossYear(rule) && !prev) continue;
    const table = pack.tables[rule.table];
    if (!table) continue;
    for (const inst of expandRule(rule, table)) {
      const key = (o: Operand) => cellKey(rule.table, o.path);
      // last year's report may be of another format: an operand it lacks skips the instance
      const all = [inst.target, ...(inst.of ?? []), ...(inst.lhs ?? []), ...(inst.rhs ?? []), inst.subset, inst.superset].filter(Boolean) as Operand[];
      if (all.some((o) => o.prev && !prevLabels.has(key(o)))) continue;
      const val = (o: Operand) => (o.prev ? prev!.cells : cells).get(key(o)) ?? null;
      const num = (o: Operand) => val(o)?.scaled ?? 0n;
      const shown = (o: Operand) => val(o)?.text ?? '0';
      const label = (o: Operand) => `“${o.prev ? msg.rulePrevYear(prevName, prevLabels.get(key(o)) ?? key(o)) : labels.get(key(o)) ?? key(o)}”`;
      const span = (o: Operand): Span => spanFor(o.prev ? prev!.loaded : loaded, '/tables/' + key(o));
      const note = (o: Operand) => (val(o) === null ? '（空白，按 0 计）' : '');
      const allBlank = (os: Operand[]) => os.every((o) => val(o) === null);
      if (inst.when && inst.when.some((o) => val(o) === null)) continue;

      let message: string | undefined;
      let at: Operand | undefined;
      let hints: Hint[] = [];
      if (inst.target && inst.of) {
        if (rule.skip_blank && (val(inst.target) === null || allBlank(inst.of))) continue;
        const total = inst.of.reduce((a, o) => a + num(o), 0n);
        if (total !== num(inst.target)) {
          message = msg.ruleSum(label(inst.target), formatScaled(total), inst.of.map(shown).join(' + '), shown(inst.target) + note(inst.target));
          at = inst.target;
          hints = inst.of.map((o) => ({ message: msg.ruleAddend(label(o), shown(o) + note(o)), span: span(o) }));
        }
      } else if (inst.lhs && inst.rhs) {
        if (rule.skip_blank && (allBlank(inst.lhs) || allBlank(inst.rhs))) continue;
        const l = inst.lhs.reduce((a, o) => a + num(o), 0n);
        const r = inst.rhs.reduce((a, o) => a + num(o), 0n);
        if (l !== r) {
          const side = (os: Operand[]) => os.map(label).join(' + ');
          const vals = (os: Operand[], v: bigint) => (os.length > 1 ? `${os.map(shown).join(' + ')} = ${formatScaled(v)}` : formatScaled(v));
          message = msg.ruleEqual(side(inst.lhs), vals(inst.lhs, l), side(inst.rhs), vals(inst.rhs, r));
          // located in this year's file: at its first operand
          at = [...inst.lhs, ...inst.rhs].find((o) => !o.prev);
          hints = [...inst.lhs, ...inst.rhs].map((o) => ({ message: msg.ruleOperand(label(o), shown(o) + note(o)), span: span(o) }));
        }
      } else if (inst.subset && inst.superset) {
        if (rule.skip_blank && (val(inst.subset) === null || val(inst.superset) === null)) continue;
        if (num(inst.subset) > num(inst.superset)) {
          message = msg.ruleLe(label(inst.subset), shown(inst.subset), label(inst.superset), shown(inst.superset) + note(inst.superset));
          at = inst.subset.prev ? inst.superset : inst.subset;
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
