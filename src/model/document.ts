/**
 * 文档模型（DocumentModel）：merge 阶段的输出，layout 阶段的输入。只有文字与结构，不含任何排版细节。
 * The merged document: text and structure only. Layout turns it into a pdfmake definition.
 */

/** Which typographic role a piece of text plays (fonts/fonts.json maps roles to fonts). */
export type Role = 'title' | 'body' | 'heading1' | 'heading2' | 'table' | 'pageNumber';

export interface Run {
  text: string;
  role: Role;
}

export type DocBlock =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'table'; table: TableModel };

export interface TableCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  align?: 'left' | 'center' | 'right';
  /** indentation level of a label (in characters) */
  indent?: number;
  bold?: boolean;
  /** a header cell in the table font rather than the heading font */
  plain?: boolean;
}

export interface TableRow {
  cells: TableCell[];
  /** a section or category row: keep it with the row after it */
  keepWithNext?: boolean;
}

export interface TableModel {
  id: string;
  /** caption printed above the table inside a section (2019/2021 formats) */
  caption?: string;
  /** relative column widths */
  widths: number[];
  header: TableRow[];
  body: TableRow[];
  footnote?: string;
  orientation?: 'portrait' | 'landscape';
  fontSize?: number;
  pitch?: number;
  padding?: [number, number];
  /** move the table (and the heading before it) to a new page rather than split it */
  keepTogether?: boolean;
}

export interface Appendix {
  /** 附件 / 附件1 … */
  label: string;
  title: string;
  table: TableModel;
}

export interface DocumentModel {
  title: string;
  body: DocBlock[];
  appendices: Appendix[];
  meta: {
    formatId: string;
    year: number;
    agencyName: string;
    agencyCode: string;
    publicationDate?: string;
  };
}
