/**
 * 诊断（Diagnostic）：所有阶段把问题作为值返回，而不是抛出异常。
 * Diagnostics are values: every stage returns them; only the CLI prints them.
 */

export type Severity = 'error' | 'warning';

/** 1-based line and column (column counts Unicode code points, as an editor shows them). */
export interface Position {
  line: number;
  col: number;
}

/** A range in a text file (YAML data, template, font config). */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

export interface Hint {
  message: string;
  /** a second place, e.g. the addends of a failed sum */
  span?: Span;
}

export interface Diagnostic {
  /** stable code, e.g. E-SCHEMA-TYPE */
  code: string;
  severity: Severity;
  /** Chinese message for people */
  message: string;
  span?: Span;
  /** file without position (a font, an output folder) */
  file?: string;
  hints: Hint[];
}

export type Result<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function ok<T>(value: T, warnings: Diagnostic[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(errors: Diagnostic[], warnings: Diagnostic[] = []): Result<T> {
  return { ok: false, errors, warnings };
}

export function error(code: string, message: string, span?: Span, hints: Hint[] = []): Diagnostic {
  return { code, severity: 'error', message, span, hints };
}

export function warning(code: string, message: string, span?: Span, hints: Hint[] = []): Diagnostic {
  return { code, severity: 'warning', message, span, hints };
}

/** Splits a mixed list into a Result: any error makes it a failure. */
export function collect<T>(value: T, diags: Diagnostic[]): Result<T> {
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity === 'warning');
  return errors.length ? fail(errors, warnings) : ok(value, warnings);
}

/** Error classes and their exit codes (README documents this table). */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  data: 3,
  resource: 4,
  output: 5,
  lock: 6,
} as const;

export function exitCodeFor(diags: Diagnostic[]): number {
  let worst = 0;
  for (const d of diags) {
    if (d.severity !== 'error') continue;
    const c = classOf(d.code);
    // the most severe class wins; internal beats everything
    const rank = (x: number) => (x === EXIT.internal ? 100 : x);
    if (rank(c) > rank(worst)) worst = c;
  }
  return worst;
}

export function classOf(code: string): number {
  if (code === 'E-INTERNAL') return EXIT.internal;
  if (code.startsWith('E-USAGE')) return EXIT.usage;
  if (code.startsWith('E-LOCK')) return EXIT.lock;
  if (code.startsWith('E-OUTPUT')) return EXIT.output;
  if (/^E-(FONT|TEMPLATE|RENDER|FORMAT)/.test(code)) return EXIT.resource;
  return EXIT.data;
}
