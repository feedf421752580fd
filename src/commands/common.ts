/**
 * 各命令共用：选项、输入文件的查找、诊断的打印。
 * What every command shares: the parsed options, finding input files, printing diagnostics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, error } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { DiagFormat, formatDiagnostics } from '../diag/print';

export interface Options {
  command: string;
  inputs: string[];
  out: string;
  asPublished: boolean;
  diagnostics: DiagFormat;
  /** options a command defines for itself (e.g. --format for init), by name without dashes */
  extra: Record<string, string>;
}

/** Expand folders into the report files below them (*.yaml, *.yml), sorted. */
export function findInputs(inputs: string[]): { files: string[]; errors: Diagnostic[] } {
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name)) files.push(p);
    }
  };
  for (const i of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(i);
    } catch {
      const d = error('E-INPUT-MISSING', msg.inputMissing(i));
      d.file = i;
      errors.push(d);
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(i);
      if (files.length === before) errors.push(error('E-USAGE-NO-INPUT', msg.noInputs(i)));
    } else files.push(i);
  }
  return { files, errors };
}

export function print(ds: Diagnostic[], format: DiagFormat): void {
  if (ds.length) process.stderr.write(formatDiagnostics(ds, format));
}


/** Read an input file whole; a missing or unreadable one is an E-INPUT-MISSING diagnostic. */
export function readInput(file: string): Buffer | Diagnostic {
  try {
    return fs.readFileSync(file);
  } catch {
    const d = error('E-INPUT-MISSING', msg.inputMissing(file));
    d.file = file;
    return d;
  }
}
