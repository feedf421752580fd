/**
 * GB/T 9704-2012《党政机关公文格式》的版面数值（见 shared/reference/typography.md §1.1）。
 * Page and type constants of GB/T 9704-2012. All lengths in pt (1 mm = 2.8346 pt).
 */
export const MM = 72 / 25.4;

export const PAGE = {
  size: 'A4' as const,
  width: 595.28,
  height: 841.89,
  /** 天头 37 mm, 订口 28 mm; 版心 156 × 225 mm → right 26 mm, bottom 35 mm */
  margins: [28 * MM, 37 * MM, 26 * MM, 35 * MM] as [number, number, number, number],
};

export const TYPE_AREA = {
  width: 156 * MM,
  height: 225 * MM,
};

/** 22 lines per page: 225 mm / 22 */
export const LINE_PITCH = TYPE_AREA.height / 22;

export const SIZES = {
  /** 2号 */
  title: 22,
  /** 3号 */
  body: 16,
  /** 4号 */
  pageNumber: 14,
  /** tables: 小4号 (12 pt) 仿宋 is customary */
  table: 12,
};

/** 28 characters per line: the character cell is narrower than the 16 pt glyph */
export const CHAR_CELL = TYPE_AREA.width / 28;
/** (a hair less, so that 28 cells never exceed the measure through rounding) */
export const CHAR_SPACING = CHAR_CELL - SIZES.body - 0.005;

/** "— N —": the top of the 一字线 lies 7 mm below the type area */
export const PAGE_NUMBER_GAP = 7 * MM;

export const TABLE = {
  /** line pitch inside table cells, as a multiple of the font size */
  pitch: 1.45,
  padding: 3,
  paddingX: 4,
  lineWidth: 0.6,
};
