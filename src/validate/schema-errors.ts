/**
 * ajv 错误 → 诊断：按 JSON 指针找回 YAML 位置，用 schema 中的中文 title 称呼字段，
 * 给出期望值、实际值和修改建议。
 * ajv errors to diagnostics with the field's Chinese label, what was expected, what was found,
 * and a hint (quotes for 010, half-width digits, no thousands separators, did-you-mean keys).
 */
import type { ErrorObject } from 'ajv';
import { Diagnostic, error } from '../diag/diagnostic';
import { msg } from '../diag/messages';
import { LoadedYaml, pointerJoin, spanFor } from '../load';
import type { Json } from '../load';
import { closest } from './suggest';

type S = Record<string, any>;

const TYPE_NAMES: Record<string, string> = {
  integer: '整数',
  number: '数字',
  string: '文字',
  object: '“键: 值”形式的映射',
  array: '列表（每项以“- ”开头）',
  null: '空白（~）',
  boolean: 'true 或 false',
};

export function describeValue(v: unknown): string {
  if (v === null) return '空白';
  if (typeof v === 'string') return `文字“${v.length > 20 ? v.slice(0, 20) + '…' : v}”`;
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : Number.isFinite(v) ? `数字 ${v}` : '.inf';
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return '列表';
  return '映射（含下级项）';
}

export function getAt(data: Json, ptr: string): unknown {
  if (ptr === '') return data;
  let cur: any = data;
  for (const raw of ptr.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(k)] : Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
  }
  return cur;
}

export function mapAjvErrors(
  errors: ErrorObject[],
  loaded: LoadedYaml,
  data: Json,
  labelOf: (ptr: string, schema?: S) => string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // one message per place: a union type gives both "type" and "minimum" etc.
  const seen = new Set<string>();
  for (const e of errors) {
    const ptr = e.instancePath;
    const value = getAt(data, ptr);
    const ps = (e.parentSchema ?? {}) as S;
    const label = labelOf(ptr, ps);
    const node = loaded.nodes.get(ptr);
    const source = node?.source;
    let d: Diagnostic | undefined;
    switch (e.keyword) {
      case 'required': {
        const key = (e.params as { missingProperty: string }).missingProperty;
        const sub = ps.properties?.[key] as S | undefined;
        const childLabel = sub?.title ?? key;
        d = error('E-SCHEMA-REQUIRED', msg.missingKey(childLabel, key, labelOf(ptr, ps)), spanFor(loaded, ptr, true), [
          { message: msg.missingKeyHint(key) },
        ]);
        break;
      }
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const kptr = pointerJoin(ptr, key);
        const allowed = Object.keys(ps.properties ?? {});
        const guess = closest(key, allowed);
        const hints = guess
          ? [{ message: msg.didYouMean(guess, ps.properties?.[guess]?.title) }]
          : allowed.length <= 12
            ? [{ message: msg.allowedKeys(allowed) }]
            : [];
        d = error('E-SCHEMA-UNKNOWN-KEY', msg.unknownKey(key, labelOf(ptr, ps)), spanFor(loaded, kptr, true), hints);
        break;
      }
      case 'type': {
        const expected = ([] as string[]).concat((e.params as { type: string | string[] }).type);
        const want = expected.filter((t) => t !== 'null').map((t) => TYPE_NAMES[t] ?? t).join('或');
        const hints: { message: string }[] = [];
        let code = 'E-SCHEMA-TYPE';
        if (value === null) {
          // `key: ~` or `key:` with nothing: a field init left for the agency to fill in
          d = error('E-SCHEMA-BLANK', msg.blankField(label, want), spanFor(loaded, ptr), [{ message: msg.blankFieldHint() }]);
          break;
        }
        if (typeof value === 'number' && !Number.isFinite(value)) {
          d = error('E-SCHEMA-NAN', msg.notFiniteNumber(label), spanFor(loaded, ptr));
          break;
        }
        if (typeof value === 'string' && (expected.includes('integer') || expected.includes('number'))) {
          if (/[０-９]/.test(value)) hints.push({ message: msg.fullWidthDigits() });
          else if (/^\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(value.trim())) hints.push({ message: msg.thousands() });
          else if (/^-?\d+(\.\d+)?$/.test(value.trim())) hints.push({ message: msg.numberAsString() });
        }
        if (typeof value === 'number' && expected.includes('string') && source !== undefined) {
          code = 'E-SCHEMA-NEEDS-QUOTES';
          hints.push({ message: msg.quoteHint(source) });
        }
        if (typeof value === 'number' && expected.includes('integer') && !Number.isInteger(value)) {
          d = error('E-SCHEMA-RANGE', msg.countRange(label, source ?? String(value)), spanFor(loaded, ptr));
          break;
        }
        d = error(code, msg.wrongType(label, want, describeValue(value)), spanFor(loaded, ptr), hints);
        break;
      }
      case 'minimum':
      case 'exclusiveMinimum': {
        const limit = (e.params as { limit: number }).limit;
        d = error('E-SCHEMA-RANGE', limit === 0 ? msg.countRange(label, source ?? String(value)) : msg.tooSmall(label, source ?? String(value), limit),
          spanFor(loaded, ptr), ps.description ? [{ message: ps.description }] : []);
        break;
      }
      case 'maximum':
      case 'exclusiveMaximum': {
        const limit = (e.params as { limit: number }).limit;
        const hints = ps.description ? [{ message: ps.description }] : limit >= 1_000_000 ? [{ message: msg.tooLargeHint() }] : [];
        d = error('E-SCHEMA-RANGE', msg.countTooLarge(label, source ?? String(value), limit), spanFor(loaded, ptr), hints);
        break;
      }
      case 'minLength':
        d = error('E-SCHEMA-EMPTY', msg.textTooShort(label), spanFor(loaded, ptr));
        break;
      case 'maxLength':
        d = error('E-TEXT-TOO-LONG', msg.textTooLong(label, [...String(value)].length, (e.params as { limit: number }).limit), spanFor(loaded, ptr));
        break;
      case 'pattern':
        d = error('E-SCHEMA-PATTERN', msg.patternMismatch(label, ps.description ?? `应符合 ${(e.params as { pattern: string }).pattern}`), spanFor(loaded, ptr));
        break;
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
        d = error('E-SCHEMA-ENUM', msg.enumMismatch(label, allowed.length > 12 ? [...allowed.slice(0, 12), '…'] : allowed), spanFor(loaded, ptr),
          guess ? [{ message: msg.didYouMean(guess) }] : []);
        break;
      }
      case 'const':
        d = error('E-SCHEMA-CONST', msg.constMismatch(label, String((e.params as { allowedValue: unknown }).allowedValue)), spanFor(loaded, ptr));
        break;
      case 'minItems':
        d = error('E-SCHEMA-ITEMS', msg.tooFewItems(label, (e.params as { limit: number }).limit), spanFor(loaded, ptr));
        break;
      case 'maxItems':
        d = error('E-SCHEMA-ITEMS', msg.tooManyItems(label, (e.params as { limit: number }).limit), spanFor(loaded, ptr));
        break;
      default:
        d = error('E-SCHEMA-OTHER', msg.schemaOther(label, e.message ?? e.keyword), spanFor(loaded, ptr));
    }
    const key = `${ptr}|${d.code}|${d.message}`;
    // a type error makes range/pattern errors on the same value noise
    if (seen.has(key) || (d.code !== 'E-SCHEMA-TYPE' && seen.has(`${ptr}|type`))) continue;
    if (d.code === 'E-SCHEMA-TYPE' || d.code === 'E-SCHEMA-NEEDS-QUOTES' || d.code === 'E-SCHEMA-NAN') seen.add(`${ptr}|type`);
    seen.add(key);
    out.push(d);
  }
  return out;
}
