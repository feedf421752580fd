/**
 * 格式包（format pack）的类型。一个格式包 = templates/<id>/format.yaml + 同目录的 .hbs 模板。
 * 新的全国格式只需新增一个格式包，不改管线代码。
 *
 * A format pack is data: sections, tables, rules and templates. The JSON Schema of a report is
 * built from it (src/formats/schema.ts), the rules are evaluated from it (src/validate/rules.ts),
 * the tables are laid out from it (src/layout/tables.ts).
 */

/** A cell type. count: integer ≥ 0; signed: any integer; decimal: exact decimal ≥ 0 kept as text; text: short text */
export type CellType = 'count' | 'signed' | 'decimal' | 'text';

export interface ListRow {
  id: string;
  /** header: heading, value: value cell, subtotal: heading carrying a sum, subset: "其中" row */
  kind: 'header' | 'value' | 'subtotal' | 'subset';
  label: string;
  unit?: string | null;
  type?: CellType;
  /** indentation level in the printed table (0 = section row) */
  level: number;
  parent?: string;
}

export interface HeaderCell {
  text: string;
  colspan?: number;
  rowspan?: number;
  /** header cells are bold (黑体) unless `bold: false` (e.g. the 勾稽 note in T3's corner) */
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
}

export interface ColumnDef {
  id: string;
  label: string;
  type?: CellType;
  /** spanning header above (matrix); "a/b" for two levels */
  group?: string;
  colspan?: number;
  /** printed as a computed total (still data; checked by rules) */
  derived?: boolean;
}

export interface BlockDef {
  id: string;
  caption: string;
  header: HeaderCell[] | string[];
  columns: ColumnDef[];
  rows: { id: string; label: string }[];
}

export interface MatrixRow {
  id: string;
  /** printed label cells, outer first */
  path: string[];
  level?: number;
  group?: string;
  colspan?: number;
  derived?: boolean;
}

export interface TableBase {
  id: string;
  /** Chinese name used in messages, e.g. 统计表 */
  label: string;
  /** printed title (Handlebars string, rendered against the report) */
  title?: string;
  footnote?: string;
  /** font size of the table body in pt (default from the style) */
  fontSize?: number;
  /** relative column widths (default per kind) */
  widths?: number[];
  /** line pitch in cells as a multiple of the font size, and cell padding [vertical, horizontal] in pt (defaults from the style) */
  pitch?: number;
  padding?: [number, number];
  /** start the table (with its heading) on a new page rather than split it, when it fits on one */
  keep_together?: boolean;
}

export interface ListTable extends TableBase {
  kind: 'list';
  headers: string[];
  /** any row may carry a value, section rows included (the seed prints 98 on 一、) */
  header_values?: boolean;
  rows: ListRow[];
}

export interface BlocksTable extends TableBase {
  kind: 'blocks';
  total_columns: number;
  blocks: BlockDef[];
}

export interface MatrixTable extends TableBase {
  kind: 'matrix';
  label_columns: number;
  header_rows: (HeaderCell | string)[][];
  cell_type?: CellType;
  columns: ColumnDef[];
  rows: MatrixRow[];
  row_groups?: Record<string, { label: string; rowspan?: number }>;
  outer_group?: { label: string; rowspan?: number };
  /** a one-row matrix whose data is written as { column: value }; "a/b" column ids nest */
  single_row?: boolean;
  orientation?: 'portrait' | 'landscape';
}

export type TableDef = ListTable | BlocksTable | MatrixTable;

/** One value cell of a table, addressed by its path inside tables.<table>. */
export interface CellDef {
  table: string;
  path: string[];
  type: CellType;
  /** full Chinese label for messages, e.g. 统计表“（一）收到申请数” */
  label: string;
}

export type BodyItem =
  | { template: string; when_no_data?: boolean }
  | { data: true }
  | { table: string }
  | { subsection: { heading?: string; heading_template?: string; body?: BodyItem[] } };

export interface SectionDef {
  id: string;
  heading: string;
  /** does the report data carry prose blocks for this section? */
  data: 'required' | 'optional' | 'none';
  /** may the data override the heading (pre-2019 reports worded their own) */
  body: BodyItem[];
  /** Chinese description for the schema and init */
  description?: string;
  /** the format's length guidance ("篇幅原则上不超过一千字"): longer prose is a warning */
  max_chars?: number;
}

export interface RuleDef {
  id: string;
  severity: 'error' | 'warning';
  /**
   * cross_year: compares with last year's report of the same agency; operands written
   * `prev_year.<ref>` are read from last year's data (checked only when it is available)
   */
  scope?: 'cross_year';
  table: string;
  block?: string;
  for_each?: 'column' | 'row';
  /** skip the rule when every operand of one side is blank (plausibility checks) */
  skip_blank?: boolean;
  /** apply only when these cells are filled */
  when_filled?: string[];
  sum?: { target: string; of: string[] };
  equal?: { lhs: string[]; rhs: string[] };
  le?: { subset: string; superset: string };
  note?: string;
}

export interface FormatPack {
  id: string;
  name: string;
  years: { from: number; to?: number };
  /** folder of the pack (templates/<id>) */
  dir: string;
  default_title: string;
  /** JSON Schema fragments for format-specific metadata, by top-level key */
  meta: Record<string, unknown>;
  preamble?: string;
  sections: SectionDef[];
  tables: Record<string, TableDef>;
  /** tables printed after the body, each on a new page headed 附件 */
  appendix: { table: string; heading: string; title: string }[];
  rules: RuleDef[];
  /**
   * Standard sentences prose may include as a segment `{ sentence: <name> }`: each is a template
   * that quotes the tables (e.g. "本年度，我局共收到政府信息公开申请38件……" from T3).
   */
  sentences?: Record<string, { template: string; description: string }>;
  /** Handlebars sources by template name (file name without .hbs) */
  templates: Record<string, { source: string; file: string }>;
}
