/**
 * 版式阶段需要的字体信息（由 render/fonts.ts 根据 fonts/fonts.json 与字体文件提供）。
 * What layout needs to know about the fonts of each role, without touching font files:
 * family names (primary, then fallbacks), coverage, vertical metrics and widths.
 */
import type { Role } from './document';

export interface RoleFonts {
  /** pdfmake family names, primary first, then the fallback chain */
  families: string[];
  /** index into families of the first font that has the code point, or -1 */
  familyIndexFor(cp: number): number;
  /** (ascent − descent) / unitsPerEm of families[i]: pdfmake's line height per point */
  emFactor(i: number): number;
  /** advance width of a code point in families[i], in em (× font size = pt) */
  advance(i: number, cp: number): number;
  /** advance width of text in the primary font, in pt */
  widthOf(text: string, size: number): number;
}

export type FontSet = Record<Role, RoleFonts>;
