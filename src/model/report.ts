/**
 * 校验通过的报告（ValidReport）：validate 阶段的输出，merge 阶段的输入。
 * A validated report: plain data that satisfies the pack's schema and rules, its exact cell
 * values, and the loaded YAML so later stages can still point at a line.
 */
import type { LoadedYaml } from '../load';
import type { FormatPack } from './format';

/** A table value as written: exact text for printing, scaled integer for arithmetic. */
export interface CellValue {
  /** printed text, e.g. "98", "9116.30" */
  text: string;
  /** value × 10^6, exact */
  scaled: bigint;
}

/** Segment of a paragraph: literal text, a reference to a table cell, or a standard sentence of the pack. */
export type Segment = string | { cell: string } | { sentence: string };
export type Paragraph = string | Segment[];
export type Block = Paragraph | { lead: string; text: Paragraph } | { heading: string; body: Block[] };

export interface ReportData {
  format: string;
  year: number;
  title?: string;
  publication_date?: string;
  agency: {
    name: string;
    code: string;
    self_reference: string;
    phone?: string;
    website?: string;
    address?: string;
    postcode?: string;
    email?: string;
  };
  sections: Record<string, Block[]>;
  tables: Record<string, unknown>;
  acknowledge?: { rule: string; reason: string }[];
  [meta: string]: unknown;
}

export interface ValidReport {
  pack: FormatPack;
  data: ReportData;
  /** "table/path/…" → value, null for a blank cell */
  cells: Map<string, CellValue | null>;
  loaded: LoadedYaml;
}
