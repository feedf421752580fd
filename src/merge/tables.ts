/**
 * 由格式包的表格定义与单元格数值生成表格模型（文字放在哪个格子里）。
 * Table definition + exact cell values → TableModel (which text goes in which cell).
 * One function per table kind; a new format reuses these kinds through its pack.
 * Rows are logical: a cell covered by another cell's colSpan/rowSpan is simply absent
 * (layout fills the grid for pdfmake).
 */
import { cellKey, matrixPath } from '../formats/cells';
import type { BlocksTable, HeaderCell, ListTable, MatrixTable, TableDef } from '../model/format';
import type { TableCell, TableModel, TableRow } from '../model/document';
import type { CellValue } from '../model/report';

type Cells = Map<string, CellValue | null>;

export function tableModel(t: TableDef, cells: Cells): TableModel {
  switch (t.kind) {
    case 'list':
      return listModel(t, cells);
    case 'blocks':
      return blocksModel(t, cells);
    case 'matrix':
      return matrixModel(t, cells);
  }
}

const shown = (cells: Cells, table: string, path: string[]) => cells.get(cellKey(table, path))?.text ?? '';

function listModel(t: ListTable, cells: Cells): TableModel {
  const hasChildren = new Set(t.rows.map((r) => r.parent).filter(Boolean) as string[]);
  const header: TableRow[] = [{ cells: t.headers.map((h) => ({ text: h, align: 'center' as const, bold: true })) }];
  const body: TableRow[] = t.rows.map((r) => ({
    keepWithNext: hasChildren.has(r.id),
    cells: [
      { text: r.label, indent: r.level, align: 'left' },
      { text: r.unit ?? '', align: 'center' },
      { text: shown(cells, t.id, [r.id]), align: 'center' },
    ],
  }));
  return { id: t.id, widths: [6, 1, 1.3], header, body, footnote: t.footnote, fontSize: t.fontSize };
}

function headerCell(h: HeaderCell | string): TableCell {
  if (typeof h === 'string') return { text: h, align: 'center', bold: true };
  const plain = h.bold === false;
  return { text: h.text, colSpan: h.colspan, rowSpan: h.rowspan, align: h.align ?? 'center', bold: !plain, ...(plain ? { plain } : {}) };
}

function blocksModel(t: BlocksTable, cells: Cells): TableModel {
  const n = t.total_columns;
  const body: TableRow[] = [];
  for (const b of t.blocks) {
    body.push({ keepWithNext: true, cells: [{ text: b.caption, colSpan: n, align: 'center', bold: true }] });
    const hdr: TableCell[] = [];
    const hs = b.header.map((h) => (typeof h === 'string' ? { text: h } : h));
    hs.forEach((h, i) => {
      // the last header cell spans what the columns leave
      const span = i === 0 ? 1 : b.columns[i - 1]?.colspan ?? 1;
      hdr.push({ text: h.text, colSpan: span > 1 ? span : undefined, align: 'center', bold: true });
    });
    body.push({ keepWithNext: true, cells: hdr });
    for (const r of b.rows) {
      const row: TableCell[] = [{ text: r.label, align: 'center' }];
      for (const c of b.columns) {
        row.push({ text: shown(cells, t.id, [b.id, r.id, c.id]), colSpan: c.colspan && c.colspan > 1 ? c.colspan : undefined, align: 'center' });
      }
      body.push({ cells: row });
    }
  }
  return { id: t.id, widths: t.widths ?? [2.2, ...Array(n - 1).fill(1)], header: [], body, fontSize: t.fontSize, pitch: t.pitch, padding: t.padding, keepTogether: t.keep_together };
}

function matrixModel(t: MatrixTable, cells: Cells): TableModel {
  const header: TableRow[] = t.header_rows.map((row) => ({ cells: row.map(headerCell) }));
  const L = t.label_columns;
  const body: TableRow[] = [];
  const startedGroups = new Set<string>();
  let outerStarted = false;
  for (const r of t.rows) {
    const row: TableCell[] = [];
    if (L > 0) {
      // label cells: outer group (rowspan), row group (rowspan), own label (colspan)
      let used = 0;
      const path = [...r.path];
      if (t.outer_group && path[0] === t.outer_group.label) {
        if (!outerStarted) {
          row.push({ text: path[0], rowSpan: t.outer_group.rowspan, align: 'center' });
          outerStarted = true;
        }
        used++;
        path.shift();
      }
      if (r.group && t.row_groups?.[r.group]) {
        const g = t.row_groups[r.group];
        if (!startedGroups.has(r.group)) {
          row.push({ text: g.label, rowSpan: g.rowspan, align: 'center' });
          startedGroups.add(r.group);
        }
        used++;
        path.shift();
      }
      const own = path.join('');
      const span = L - used;
      row.push({ text: own, colSpan: span > 1 ? span : undefined, align: 'left' });
    }
    for (const c of t.columns) row.push({ text: shown(cells, t.id, matrixPath(t, r, c)), align: 'center' });
    body.push({ cells: row });
  }
  const widths = t.widths ?? [...Array(L).fill(L === 3 ? 1.2 : 2), ...t.columns.map(() => 1)];
  return { id: t.id, widths, header, body, orientation: t.orientation, fontSize: t.fontSize, pitch: t.pitch, padding: t.padding, keepTogether: t.keep_together };
}
