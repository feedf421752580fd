/**
 * 表格的取值单元：每种表格形式（list / blocks / matrix）如何把数据路径与中文名称对应起来。
 * Value cells of a table: path inside tables.<id>, type and Chinese label — the one place that
 * knows how each table kind addresses its data. Schema, rules, merge and layout all use it.
 */
import type { CellDef, CellType, TableDef } from '../model/format';

export function cellsOf(t: TableDef): CellDef[] {
  const out: CellDef[] = [];
  const name = t.label;
  if (t.kind === 'list') {
    for (const r of t.rows) {
      out.push({ table: t.id, path: [r.id], type: r.type ?? 'count', label: `${name}·${r.label}` });
    }
  } else if (t.kind === 'blocks') {
    for (const b of t.blocks) {
      for (const r of b.rows) {
        for (const c of b.columns) {
          out.push({ table: t.id, path: [b.id, r.id, c.id], type: c.type ?? 'count', label: `${name}·${b.caption}·${r.label}·${c.label}` });
        }
      }
    }
  } else {
    for (const r of t.rows) {
      for (const c of t.columns) {
        const colLabel = c.group ? `${c.group.replace(/\//g, '·')}·${c.label}` : c.label;
        const rowLabel = r.path.length ? `·${r.path[r.path.length - 1]}` : '';
        const path = t.single_row ? [c.id] : [r.id, c.id];
        out.push({ table: t.id, path, type: c.type ?? t.cell_type ?? 'count', label: `${name}${rowLabel}·${colLabel}` });
      }
    }
  }
  return out;
}

export function cellKey(table: string, path: string[]): string {
  return [table, ...path].join('/');
}

export const CELL_TYPE_NAMES: Record<CellType, string> = {
  count: '不小于 0 的整数（空白写 ~）',
  signed: '整数，可为负数（空白写 ~）',
  decimal: '不小于 0 的数字，如 12.5（空白写 ~）',
  text: '文字（空白写 ~）',
};
