/**
 * 表格的取值单元：每种表格形式（list / blocks / matrix）如何把数据路径与中文名称对应起来。
 * Value cells of a table: path inside tables.<id>, type and Chinese label — the one place that
 * knows how each table kind addresses its data. Schema, rules, merge and layout all use it.
 */
import type { CellDef, CellType, ColumnDef, MatrixRow, MatrixTable, TableDef } from '../model/format';

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
        out.push({ table: t.id, path: matrixPath(t, r, c), type: c.type ?? t.cell_type ?? 'count', label: `${name}${matrixRowLabel(t, r)}·${columnLabel(c)}` });
      }
    }
  }
  return out;
}

/** Data path of a matrix cell: [row, column], or the column alone ("a/b" nests) in a one-row matrix. */
export function matrixPath(t: MatrixTable, r: MatrixRow, c: ColumnDef): string[] {
  return t.single_row ? c.id.split('/') : [r.id, c.id];
}

/** “（三）不予公开·1.属于国家秘密”的 — the row's own label, with its group where the own label repeats. */
export function matrixRowLabel(t: MatrixTable, r: MatrixRow): string {
  if (!r.path.length) return '';
  const own = r.path[r.path.length - 1];
  const group = r.group ? t.row_groups?.[r.group]?.label : undefined;
  return `·${group ? `${group}·${own}` : own}`;
}

export function columnLabel(c: ColumnDef): string {
  return c.group ? `${c.group.replace(/\//g, '·')}·${c.label}` : c.label;
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
