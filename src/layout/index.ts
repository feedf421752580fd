/**
 * 阶段 4 · 版式（layout）
 * 输入：DocumentModel 与各角色字体的度量（FontSet）；输出：pdfmake 文档定义（纯对象）。
 * GB/T 9704-2012：A4，版心 156 × 225 mm，每面 22 行、每行 28 字，3号仿宋正文首行缩进二字，
 * 一级标题黑体、二级标题楷体，4号页码“— N —”单页居右、双页居左各空一字；附件另面编排。
 * 纯函数：不读文件，不调用 pdfmake，只使用它的类型。模板只填文字，结构全部在这里生成。
 *
 * Pure: DocumentModel + font metrics → pdfmake document definition. Characters no font of a
 * role has are returned in `missing` (the pipeline turns them into located errors).
 */
import type { Content, ContentTable, TableCell as PdfCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocBlock, DocumentModel, Role, TableModel, TableRow } from '../model/document';
import type { FontSet } from '../model/fonts';
import { CHAR_CELL, CHAR_SPACING, LINE_PITCH, PAGE, PAGE_NUMBER_GAP, SIZES, TABLE, TYPE_AREA } from './style';
import { balanceTitle, inlines, Uncovered } from './text';

export interface LayoutOptions {
  /** table rows ("table:row") to start on a new page, learnt from an earlier render */
  breakBefore?: ReadonlySet<string>;
}

export interface LayoutResult {
  definition: TDocumentDefinitions;
  /** characters that no font of their role has */
  missing: Uncovered[];
  /**
   * Filled while pdfmake lays the definition out: category rows that ended up as the last row
   * of a page. Lay out again with them in `breakBefore` (pdfmake cannot move a whole table row
   * from its pageBreakBefore hook: it would move one cell).
   */
  stranded: Set<string>;
}

/** Marks a node that must not be the last thing on its page (headings, category rows). */
const KEEP = 1;
const ROW_KEEP = 'keep-row:';

export function layout(doc: DocumentModel, fonts: FontSet, opts: LayoutOptions = {}): LayoutResult {
  const missing: Uncovered[] = [];
  const stranded = new Set<string>();
  const breakBefore = opts.breakBefore ?? new Set<string>();
  const run = (text: string, role: Role, size: number, pitch: number, spacing?: number) =>
    inlines(text, role, size, pitch, fonts, missing, spacing);
  const body = (text: string, role: Role = 'body') => run(text, role, SIZES.body, LINE_PITCH, CHAR_SPACING);

  const content: Content[] = [];

  // 标题：2号小标宋，居中，过长时分成匀称的多行；其下空一行
  const titleWidth = (s: string) => fonts.title.widthOf(s, SIZES.title);
  const prefer: number[] = [];
  const chars = [...doc.title];
  const nameLen = [...doc.meta.agencyName].length;
  if (doc.title.startsWith(doc.meta.agencyName)) prefer.push(nameLen);
  chars.forEach((c, i) => {
    if (c === '年' && i + 1 < chars.length) prefer.push(i + 1);
  });
  const titleLines = balanceTitle(doc.title, TYPE_AREA.width, titleWidth, prefer);
  content.push({
    text: titleLines.flatMap((l, i) => [...run(l, 'title', SIZES.title, LINE_PITCH * 1.25), ...(i < titleLines.length - 1 ? [{ text: '\n' }] : [])]),
    alignment: 'center',
    margin: [0, 0, 0, LINE_PITCH],
  });

  // 书签（文档大纲）：一级标题、其下的二级标题与表题、附件
  let outlineParent: string | undefined;
  let outlineCount = 0;
  const outline = (text: string, level: 1 | 2): Record<string, unknown> => {
    if (level === 1) return { outline: true, outlineText: text, id: (outlineParent = `outline-${++outlineCount}`) };
    return { outline: true, outlineText: text, ...(outlineParent ? { outlineParentId: outlineParent } : {}) };
  };

  for (const b of doc.body) content.push(...block(b));

  function block(b: DocBlock): Content[] {
    if (b.kind === 'heading') {
      const role: Role = b.level === 1 ? 'heading1' : 'heading2';
      return [{ text: body(b.text, role), leadingIndent: 2 * CHAR_CELL, alignment: 'justify', headlineLevel: KEEP, ...outline(b.text, b.level) }];
    }
    if (b.kind === 'paragraph') {
      return [{ text: b.runs.flatMap((r) => body(r.text, r.role)), leadingIndent: 2 * CHAR_CELL, alignment: 'justify' }];
    }
    const out: Content[] = [];
    if (b.table.caption) {
      out.push({ text: body(b.table.caption, 'heading2'), alignment: 'center', headlineLevel: KEEP, ...outline(b.table.caption, 2) });
    }
    out.push(table(b.table));
    return out;
  }

  function table(t: TableModel): Content {
    const size = t.fontSize ?? SIZES.table;
    const pitch = size * TABLE.pitch;
    const widths = columnWidths(t.widths, TYPE_AREA.width);
    /** lines a cell's text takes at its width (for centring the other cells of its row) */
    const linesOf = (c: TableRow['cells'][number], col: number, role: Role) => {
      if (!c.text || (c.rowSpan ?? 1) > 1) return 1;
      let w = 0;
      for (let k = 0; k < (c.colSpan ?? 1); k++) w += widths[col + k] ?? 0;
      w += ((c.colSpan ?? 1) - 1) * (2 * TABLE.paddingX + TABLE.lineWidth) - (c.indent ? c.indent * size : 0);
      return Math.max(1, Math.ceil(fonts[role].widthOf(c.text, size) / Math.max(w, size) - 1e-6));
    };
    // pdfmake's verticalAlignment loses the rest of a table after a page break (0.3.11), so
    // short cells are centred with a top margin computed from the tallest cell of the row.
    const make = (header: boolean) => (c: TableRow['cells'][number], row: TableRow, r: number, first: boolean, col: number, cols: number[]): PdfCell => {
      const role: Role = header || c.bold ? 'heading1' : 'table';
      const lines = Math.max(...row.cells.map((x, k) => linesOf(x, cols[k] ?? 0, header || x.bold ? 'heading1' : 'table')));
      const own = linesOf(c, col, role);
      const top = (c.rowSpan ?? 1) > 1 ? 0 : ((lines - own) * pitch) / 2;
      const node: Record<string, unknown> = {
        text: c.text === '' ? '' : run(c.text, role, size, pitch),
        alignment: c.align ?? 'left',
        margin: [c.indent ? c.indent * size : 0, top, 0, 0],
      };
      if (c.colSpan && c.colSpan > 1) node.colSpan = c.colSpan;
      if (c.rowSpan && c.rowSpan > 1) node.rowSpan = c.rowSpan;
      if (!header) {
        const key = `${t.id}:${r}`;
        if (row.keepWithNext && first) node.id = ROW_KEEP + key;
        if (breakBefore.has(key)) node.pageBreak = 'before';
      }
      return node as PdfCell;
    };
    const header = gridRows(t.header, t.widths.length, make(true));
    const bodyRows = gridRows(t.body, t.widths.length, make(false));
    const node: ContentTable = {
      table: {
        headerRows: header.length,
        widths,
        body: [...header, ...bodyRows],
      },
      layout: {
        hLineWidth: () => TABLE.lineWidth,
        vLineWidth: () => TABLE.lineWidth,
        paddingTop: () => TABLE.padding,
        paddingBottom: () => TABLE.padding,
        paddingLeft: () => TABLE.paddingX,
        paddingRight: () => TABLE.paddingX,
      },
    };
    const parts: Content[] = [node];
    if (t.footnote) parts.push({ text: run(t.footnote, 'table', size, pitch), margin: [0, 4, 0, 0] });
    return { stack: parts };
  }

  // 附件：另面编排，“附件”顶格于版心第一行（黑体），附件标题居中于第三行
  for (const a of doc.appendices) {
    content.push({ text: body(a.label, 'heading1'), pageBreak: 'before', headlineLevel: KEEP, ...outline(`${a.label}　${a.title}`, 1) });
    content.push({ text: run(a.title, 'title', SIZES.title, LINE_PITCH * 1.25), alignment: 'center', margin: [0, LINE_PITCH - 0.25 * LINE_PITCH, 0, LINE_PITCH / 2] });
    content.push(table(a.table));
  }

  const definition: TDocumentDefinitions = {
    pageSize: PAGE.size,
    pageOrientation: 'portrait',
    pageMargins: PAGE.margins,
    info: {
      title: doc.title,
      author: doc.meta.agencyName,
      subject: `${doc.meta.agencyName}${doc.meta.year}年政府信息公开工作年度报告`,
      keywords: `政府信息公开工作年度报告, ${doc.meta.year}, ${doc.meta.agencyName}`,
    },
    content,
    footer: (currentPage: number) => {
      const odd = currentPage % 2 === 1;
      const inset = SIZES.pageNumber; // 空一字
      return {
        text: run(`— ${currentPage} —`, 'pageNumber', SIZES.pageNumber, SIZES.pageNumber * 1.2),
        alignment: odd ? 'right' : 'left',
        margin: [PAGE.margins[0] + (odd ? 0 : inset), PAGE_NUMBER_GAP, PAGE.margins[2] + (odd ? inset : 0), 0],
      };
    },
    // a heading or a category row is never the last thing on its page
    pageBreakBefore: (node, nodes) => {
      const row = typeof node.id === 'string' && node.id.startsWith(ROW_KEEP) ? node.id.slice(ROW_KEEP.length) : undefined;
      if (node.headlineLevel !== KEEP && !row) return false;
      const top = node.startPosition.top;
      const page = node.startPosition.pageNumber;
      const below = nodes.getFollowingNodesOnPage().some((n) => n.startPosition.pageNumber === page && n.startPosition.top > top + 1);
      const next = nodes.getNodesOnNextPage();
      // nothing follows, or what follows starts a new page anyway (附件): stay
      if (below || next.length === 0 || next[0].pageBreak === 'before') return false;
      if (row) {
        stranded.add(row);
        return false;
      }
      return true;
    },
  };
  return { definition, missing, stranded };
}

/** Relative widths → content widths in pt that fill the type area exactly (padding and rules included). */
function columnWidths(rel: number[], total: number): number[] {
  const n = rel.length;
  const avail = total - n * 2 * TABLE.paddingX - (n + 1) * TABLE.lineWidth;
  const sum = rel.reduce((a, b) => a + b, 0);
  return rel.map((w) => (avail * w) / sum);
}

/**
 * Logical rows (covered cells absent) → pdfmake rows (covered cells present as {}):
 * pdfmake wants every row to have one entry per column.
 */
function gridRows(
  rows: TableRow[],
  ncols: number,
  make: (c: TableRow['cells'][number], row: TableRow, index: number, first: boolean, col: number, cols: number[]) => PdfCell,
): PdfCell[][] {
  const pendingRowSpan = new Array<number>(ncols).fill(0);
  return rows.map((row, index) => {
    // first place the row's cells, then build them (a cell needs its neighbours' columns)
    const slots: ({ cell: number; span: number } | null)[] = [];
    const cols: number[] = [];
    let col = 0;
    let i = 0;
    while (col < ncols) {
      if (pendingRowSpan[col] > 0) {
        pendingRowSpan[col]--;
        slots.push(null);
        col++;
        continue;
      }
      const c = row.cells[i];
      if (!c) {
        slots.push(null);
        col++;
        continue;
      }
      const span = Math.max(1, Math.min(c.colSpan ?? 1, ncols - col));
      cols[i] = col;
      slots.push({ cell: i, span });
      const rs = c.rowSpan ?? 1;
      for (let k = 0; k < span; k++) {
        if (k > 0) slots.push(null);
        if (rs > 1) pendingRowSpan[col + k] = rs - 1;
      }
      i++;
      col += span;
    }
    return slots.map((s) => (s ? make(row.cells[s.cell], row, index, s.cell === 0, cols[s.cell], cols) : {}));
  });
}
