/**
 * 诊断的输出格式：human（默认，带源码行与 ^ 标记）、short（每条一行，供 CI 与编辑器）、json。
 * Printers: sorted by file and position, de-duplicated, capped ("还有 N 个问题未显示").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from './diagnostic';
import { LIMITS } from './messages';

export type DiagFormat = 'human' | 'short' | 'json';

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const uniq = ds.filter((d) => {
    const k = [d.code, d.message, fileOf(d), d.span?.start.line, d.span?.start.col].join('|');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return uniq.sort((a, b) => {
    const fa = fileOf(a) ?? '';
    const fb = fileOf(b) ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.span?.start.line ?? 0;
    const lb = b.span?.start.line ?? 0;
    if (la !== lb) return la - lb;
    return (a.span?.start.col ?? 0) - (b.span?.start.col ?? 0);
  });
}

function fileOf(d: Diagnostic): string | undefined {
  return d.span?.file ?? d.file;
}

function rel(p: string | undefined): string {
  if (!p) return '';
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
}

function where(d: Diagnostic): string {
  const f = rel(fileOf(d));
  if (!d.span) return f;
  return `${f}:${d.span.start.line}:${d.span.start.col}`;
}

const label = (d: Diagnostic) => (d.severity === 'error' ? '错误' : '警告');

export function formatShort(d: Diagnostic): string {
  return `${where(d)}: ${d.severity}[${d.code}]: ${d.message}`;
}

export function formatDiagnostics(ds: Diagnostic[], format: DiagFormat, max = LIMITS.maxPrinted): string {
  const sorted = sortDiagnostics(ds);
  if (format === 'json') {
    return (
      JSON.stringify(
        sorted.map((d) => ({
          severity: d.severity,
          code: d.code,
          message: d.message,
          file: rel(fileOf(d)) || null,
          line: d.span?.start.line ?? null,
          col: d.span?.start.col ?? null,
          endLine: d.span?.end.line ?? null,
          endCol: d.span?.end.col ?? null,
          hints: d.hints.map((h) => ({
            message: h.message,
            ...(h.span ? { file: rel(h.span.file), line: h.span.start.line, col: h.span.start.col } : {}),
          })),
        })),
        null,
        2,
      ) + '\n'
    );
  }
  const shown = sorted.slice(0, max);
  const rest = sorted.length - shown.length;
  const lines: string[] = [];
  const cache = new Map<string, string[]>();
  for (const d of shown) {
    if (format === 'short') {
      lines.push(formatShort(d));
      continue;
    }
    lines.push(`${label(d)}[${d.code}]: ${d.message}`);
    lines.push(`  --> ${where(d)}`);
    if (d.span) {
      const src = sourceLines(d.span.file, cache);
      const text = src[d.span.start.line - 1];
      if (text !== undefined) {
        const no = String(d.span.start.line);
        const pad = ' '.repeat(no.length);
        const cps = [...text];
        const start = Math.max(0, d.span.start.col - 1);
        const endCol = d.span.end.line === d.span.start.line ? d.span.end.col - 1 : cps.length;
        const width = (s: string[]) => s.reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(c) ? 2 : 1), 0);
        const lead = width(cps.slice(0, start));
        const len = Math.max(1, width(cps.slice(start, Math.max(start + 1, endCol))));
        lines.push(`  ${pad} |`);
        lines.push(`  ${no} | ${text}`);
        lines.push(`  ${pad} | ${' '.repeat(lead)}${'^'.repeat(Math.min(len, 60))}`);
      }
    }
    for (const h of d.hints) {
      lines.push(h.span ? `  提示: ${h.message}（${rel(h.span.file)}:${h.span.start.line}:${h.span.start.col}）` : `  提示: ${h.message}`);
    }
    lines.push('');
  }
  if (rest > 0) lines.push(`还有 ${rest} 个问题未显示`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}

function sourceLines(file: string, cache: Map<string, string[]>): string[] {
  let l = cache.get(file);
  if (!l) {
    try {
      l = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      l = [];
    }
    cache.set(file, l);
  }
  return l;
}
