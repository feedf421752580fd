/** 精确的数值：整数与小数都换算成 ×10^6 的 BigInt，避免二进制浮点误差。 */
import type { CellValue } from '../model/report';

export const SCALE = 6;

export function scaledOf(text: string): bigint | null {
  // a signed count may be written with its sign (本年增/减: +2, -3)
  const m = /^([+-]?)([0-9]+)(?:\.([0-9]{1,6}))?$/.exec(text);
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(SCALE, '0');
  const v = BigInt(m[2]) * 10n ** BigInt(SCALE) + BigInt(frac || '0');
  return m[1] === '-' ? -v : v;
}

export function formatScaled(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const int = a / 10n ** BigInt(SCALE);
  let frac = (a % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + int.toString() + (frac ? '.' + frac : '');
}

export function cellValue(text: string): CellValue | null {
  const s = scaledOf(text);
  return s === null ? null : { text, scaled: s };
}
