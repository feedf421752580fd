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
import { balanceTitle, SetOptions, setText, Uncovered } from './text';

export interface LayoutResult {
  definition: TDocumentDefinitions;
  /** characters that no font of their role has */
  missing: Uncovered[];
}

/** Marks a node that must not be the last thing on its page (headings, category rows). */
const KEEP = 1;
const ROW_KEEP = 'keep-row:';
/** a heading whose section's table should not be split (id = KEEP_TABLE + table id) */
const KEEP_TABLE = 'keep-table:';
const TABLE_ID = 'table:';

export function layout(doc: DocumentModel, fonts: FontSet): LayoutResult {
  const missing: Uncovered[] = [];
  /** the cells of each kept row, so a page break can move the whole row (see pageBreakBefore) */
  const rowCells = new Map<string, Record<string, unknown>[]>();
  /** the node a table starts with (its heading, or the table), by table id */
  const tableStart = new Map<string, Content>();
  const set = (runs: { text: string; role: Role }[], opts: SetOptions) => setText(runs, opts, fonts, missing);
  /** one line, or the lines the caller broke (title) */
  const run = (text: string, role: Role, size: number, pitch: number) => set([{ text, role }], { size, pitch, width: Infinity }).inlines;
  /** 3号 body text in the type area: 28 characters a line, first line indented two, justified */
  const INDENTED: SetOptions = { size: SIZES.body, pitch: LINE_PITCH, width: TYPE_AREA.width, indent: 2 * CHAR_CELL, spacing: CHAR_SPACING, justify: true };
  const body = (text: string, role: Role = 'body') => set([{ text, role }], INDENTED).inlines;

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
    text: titleLines.flatMap((l) => run(l, 'title', SIZES.title, LINE_PITCH * 1.25)),
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

  // a table that must not be split starts on a new page together with its section heading
  const keptAfter = new Map<number, string>();
  doc.body.forEach((b, i) => {
    if (b.kind !== 'heading' || b.level !== 1) return;
    for (let k = i + 1; k < doc.body.length && !(doc.body[k].kind === 'heading' && (doc.body[k] as { level: number }).level === 1); k++) {
      const x = doc.body[k];
      if (x.kind === 'table' && x.table.keepTogether) {
        keptAfter.set(i, x.table.id);
        break;
      }
    }
  });
  doc.body.forEach((b, i) => {
    const nodes = block(b);
    const kept = keptAfter.get(i);
    if (kept) (nodes[0] as { id?: string }).id = KEEP_TABLE + kept;
    // where a table starts: its heading right before it, or the table itself. If the table's
    // first row is left alone at a page foot, the whole table moves from there (moving the row
    // alone would leave an empty frame behind)
    if (b.kind === 'table') tableStart.set(b.table.id, doc.body[i - 1]?.kind === 'heading' ? content[content.length - 1] : nodes[0]);
    content.push(...nodes);
  });

  function block(b: DocBlock): Content[] {
    if (b.kind === 'heading') {
      const role: Role = b.level === 1 ? 'heading1' : 'heading2';
      return [{ text: body(b.text, role), leadingIndent: 2 * CHAR_CELL, headlineLevel: KEEP, ...outline(b.text, b.level) }];
    }
    if (b.kind === 'paragraph') {
      return [{ text: set(b.runs, INDENTED).inlines, leadingIndent: 2 * CHAR_CELL }];
    }
    const out: Content[] = [];
    if (b.table.caption) {
      const caption = set([{ text: b.table.caption, role: 'heading2' }], { ...INDENTED, indent: 0, justify: false });
      out.push({ text: caption.inlines, alignment: 'center', headlineLevel: KEEP, ...outline(b.table.caption, 2) });
    }
    // half a line of air between a table and the text after it
    out.push({ stack: [table(b.table)], margin: [0, 0, 0, LINE_PITCH / 2] });
    return out;
  }

  function table(t: TableModel): Content {
    const size = t.fontSize ?? SIZES.table;
    const pitch = size * (t.pitch ?? TABLE.pitch);
    const padY = t.padding?.[0] ?? TABLE.padding;
    const padX = t.padding?.[1] ?? TABLE.paddingX;
    type Cell = TableRow['cells'][number];
    const roleOf = (c: Cell, header: boolean): Role => ((header && !c.plain) || c.bold ? 'heading1' : 'table');
    const placedHeader = placeCells(t.header, t.widths.length);
    const placedBody = placeCells(t.body, t.widths.length);
    // a number (or any run of Latin letters and digits) cannot be broken: its column gets at
    // least its width, taken from the other columns in proportion (a 5-digit count in table 三)
    const need = new Array<number>(t.widths.length).fill(0);
    ([[t.header, placedHeader, true], [t.body, placedBody, false]] as const).forEach(([rows, placed, header]) =>
      rows.forEach((row, r) =>
        row.cells.forEach((c, k) => {
          if ((c.colSpan ?? 1) > 1) return;
          const font = fonts[roleOf(c, header)];
          for (const word of c.text.match(/[\x21-\x7e]+/g) ?? []) {
            need[placed[r][k]] = Math.max(need[placed[r][k]], font.widthOf(word, size) + (c.indent ? c.indent * size : 0) + 0.5);
          }
        }),
      ),
    );
    const widths = fitWidths(columnWidths(t.widths, TYPE_AREA.width, padX), need);
    /** a cell's text set at its width (its indent is drawn as a left margin) */
    const setCell = (c: Cell, col: number, role: Role) => {
      let w = 0;
      for (let k = 0; k < (c.colSpan ?? 1); k++) w += widths[col + k] ?? 0;
      w += ((c.colSpan ?? 1) - 1) * (2 * padX + TABLE.lineWidth) - (c.indent ? c.indent * size : 0);
      return set([{ text: c.text, role }], { size, pitch, width: Math.max(w, size) });
    };
    // pdfmake's verticalAlignment loses the rest of a table after a page break (0.3.11), so
    // short cells are centred with a top margin computed from the height of their row (the
    // tallest one-row cell), or of all the rows a row-spanning cell covers.
    const rowsOf = (rows: TableRow[], placed: ReturnType<typeof placeCells>, header: boolean): PdfCell[][] => {
      const texts = rows.map((row, r) => row.cells.map((c, k) => setCell(c, placed[r][k], roleOf(c, header))));
      const lines = rows.map((row, r) => Math.max(1, ...row.cells.map((c, k) => ((c.rowSpan ?? 1) > 1 ? 1 : texts[r][k].lines))));
      const rowHeight = (r: number) => (lines[r] ?? 1) * pitch + 2 * padY + TABLE.lineWidth;
      return placed.map((cols, r) => {
        const row = rows[r];
        const out: PdfCell[] = [];
        cols.slots.forEach((slot) => {
          if (!slot) return out.push({});
          const c = row.cells[slot.cell];
          const span = Math.min(c.rowSpan ?? 1, rows.length - r);
          let room = 0;
          for (let k = r; k < r + span; k++) room += rowHeight(k);
          room -= 2 * padY + TABLE.lineWidth;
          const set = texts[r][slot.cell];
          const top = Math.max(0, (room - Math.max(1, set.lines) * pitch) / 2);
          const node: Record<string, unknown> = {
            text: c.text === '' ? '' : set.inlines,
            alignment: c.align ?? 'left',
            margin: [c.indent ? c.indent * size : 0, top, 0, 0],
          };
          if (c.colSpan && c.colSpan > 1) node.colSpan = c.colSpan;
          if (c.rowSpan && c.rowSpan > 1) node.rowSpan = c.rowSpan;
          if (!header && row.keepWithNext && slot.cell === 0) node.id = ROW_KEEP + `${t.id}:${r}`;
          out.push(node as PdfCell);
        });
        return out;
      });
    };
    const header = rowsOf(t.header, placedHeader, true);
    const bodyRows = rowsOf(t.body, placedBody, false);
    // every cell of a kept row, covered ones ({}) included, moves with it (see pageBreakBefore)
    t.body.forEach((row, r) => {
      if (row.keepWithNext) rowCells.set(`${t.id}:${r}`, bodyRows[r] as Record<string, unknown>[]);
    });
    const node: ContentTable = {
      table: {
        headerRows: header.length,
        widths,
        body: [...header, ...bodyRows],
      },
      layout: {
        hLineWidth: () => TABLE.lineWidth,
        vLineWidth: () => TABLE.lineWidth,
        paddingTop: () => padY,
        paddingBottom: () => padY,
        paddingLeft: () => padX,
        paddingRight: () => padX,
      },
    };
    if (t.keepTogether) (node as { id?: string }).id = TABLE_ID + t.id;
    const parts: Content[] = [node];
    if (t.footnote) parts.push({ text: set([{ text: t.footnote, role: 'table' }], { size, pitch, width: TYPE_AREA.width, justify: true }).inlines, margin: [0, 4, 0, 0] });
    return { stack: parts };
  }

  // 附件：另面编排，“附件”顶格于版心第一行（黑体），附件标题居中于第三行
  for (const a of doc.appendices) {
    content.push({ text: set([{ text: a.label, role: 'heading1' }], { ...INDENTED, indent: 0 }).inlines, pageBreak: 'before', headlineLevel: KEEP, ...outline(`${a.label}　${a.title}`, 1) });
    const title = set([{ text: a.title, role: 'title' }], { size: SIZES.title, pitch: LINE_PITCH * 1.25, width: TYPE_AREA.width });
    content.push({ text: title.inlines, alignment: 'center', margin: [0, LINE_PITCH - 0.25 * LINE_PITCH, 0, LINE_PITCH / 2] });
    content.push(table(a.table));
  }

  const definition: TDocumentDefinitions = {
    pageSize: PAGE.size,
    pageOrientation: 'portrait',
    pageMargins: PAGE.margins,
    // (document metadata comes from archive/metadata.ts, applied by render/pdfa.ts)
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
      // the heading of a table that would be split moves to a new page, unless it already tops one
      // (a table taller than a page is split anyway; pdfmake's `unbreakable` would drop its rest)
      if (typeof node.id === 'string' && node.id.startsWith(KEEP_TABLE)) {
        const id = TABLE_ID + node.id.slice(KEEP_TABLE.length);
        const t = nodes.getFollowingNodesOnPage().find((n) => n.id === id);
        const atTop = node.startPosition.top <= PAGE.margins[1] + 1;
        if (t && t.pageNumbers.length > 1 && !atTop) return true;
      }
      const row = typeof node.id === 'string' && node.id.startsWith(ROW_KEEP) ? node.id.slice(ROW_KEEP.length) : undefined;
      if (node.headlineLevel !== KEEP && !row) return false;
      const top = node.startPosition.top;
      const page = node.startPosition.pageNumber;
      const below = nodes.getFollowingNodesOnPage().some((n) => n.startPosition.pageNumber === page && n.startPosition.top > top + 1);
      const next = nodes.getNodesOnNextPage();
      // nothing follows, or what follows starts a new page anyway (附件): stay
      if (below || next.length === 0 || next[0].pageBreak === 'before') return false;
      if (row) {
        // pdfmake would move only this cell: move every cell of the row (pdfmake lays out the
        // definition's own objects, so they carry the break into its next pass), then let it re-run
        const [tableId, index] = [row.slice(0, row.lastIndexOf(':')), row.slice(row.lastIndexOf(':') + 1)];
        const start = tableStart.get(tableId) as { pageBreak?: string } | undefined;
        if (index === '0' && start) start.pageBreak = 'before';
        else for (const c of rowCells.get(row) ?? []) c.pageBreak = 'before';
      }
      return true;
    },
  };
  return { definition, missing };
}

/** Relative widths → content widths in pt that fill the type area exactly (padding and rules included). */
function columnWidths(rel: number[], total: number, padX: number): number[] {
  const n = rel.length;
  const avail = total - n * 2 * padX - (n + 1) * TABLE.lineWidth;
  const sum = rel.reduce((a, b) => a + b, 0);
  return rel.map((w) => (avail * w) / sum);
}

/** Widen columns to what they need at least, narrowing the others in proportion (never below their own need). */
function fitWidths(widths: number[], need: number[]): number[] {
  const w = [...widths];
  for (let pass = 0; pass < 3; pass++) {
    const deficit = w.reduce((d, x, i) => d + Math.max(0, need[i] - x), 0);
    if (deficit <= 0.01) break;
    const donors = w.map((x, i) => Math.max(0, x - need[i]));
    const spare = donors.reduce((a, b) => a + b, 0);
    if (spare <= 0) break;
    const take = Math.min(deficit, spare);
    for (let i = 0; i < w.length; i++) {
      if (w[i] < need[i]) w[i] = need[i];
      else w[i] -= (donors[i] / spare) * take;
    }
  }
  return w;
}

/**
 * Logical rows (covered cells absent) → pdfmake's grid (covered cells present as {}): pdfmake
 * wants one entry per column in every row. For each row: the column of each of its cells, and
 * the slots of the grid (a cell index, or null where a span covers the slot).
 */
function placeCells(rows: TableRow[], ncols: number): (number[] & { slots: ({ cell: number } | null)[] })[] {
  const pendingRowSpan = new Array<number>(ncols).fill(0);
  return rows.map((row) => {
    const slots: ({ cell: number } | null)[] = [];
    const cols = [] as unknown as number[] & { slots: typeof slots };
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
      slots.push({ cell: i });
      const rs = c.rowSpan ?? 1;
      for (let k = 0; k < span; k++) {
        if (k > 0) slots.push(null);
        if (rs > 1) pendingRowSpan[col + k] = rs - 1;
      }
      i++;
      col += span;
    }
    cols.slots = slots;
    return cols;
  });
}
