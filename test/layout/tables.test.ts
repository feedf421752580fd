/**
 * Table layout of the 2021 format, on the pdfmake definition (no rendering): a number is never
 * broken inside its cell (its column widens), the corner note is in the table font, and the
 * kept tables carry the ids the page-break hook looks for.
 */
import * as fs from 'node:fs';
import { layout } from '../../src/layout';
import type { World } from '../../src/model/world';
import { check } from '../../src/pipeline';
import { EXAMPLES, setAt } from '../helpers';

function definitionOf(text: string) {
  const world: World = { size: (p) => (p === 'mem.yaml' ? Buffer.byteLength(text) : null), read: () => Buffer.from(text) };
  const c = check('mem.yaml', { world });
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return { def: layout(c.value.doc, c.value.fonts.set).definition, fonts: c.value.fonts };
}

/** every table node of the definition, by its id */
function tables(node: any, out: Record<string, any> = {}): Record<string, any> {
  if (Array.isArray(node)) node.forEach((n) => tables(n, out));
  else if (node && typeof node === 'object') {
    if (node.table && typeof node.id === 'string') out[node.id] = node;
    for (const v of Object.values(node)) if (v && typeof v === 'object') tables(v, out);
  }
  return out;
}

test('a five-digit count widens its column instead of breaking; the table still fills the type area', () => {
  let text = fs.readFileSync(EXAMPLES.y2024, 'utf8');
  for (const row of ['new_received', 'granted', 'total_processed']) {
    for (const col of ['natural_person', 'total']) {
      const ptr = `/tables/t3/${row}/${col}`;
      const m = new RegExp(`^    ${row}:[\\s\\S]*?^      ${col}: (\\d+)`, 'm').exec(text)!;
      text = setAt(text, ptr, String(Number(m[1]) + 12300)).text;
    }
  }
  const normal = tables(definitionOf(fs.readFileSync(EXAMPLES.y2024, 'utf8')).def.content)['table:t3'];
  const { def, fonts } = definitionOf(text);
  const t3 = tables(def.content)['table:t3'];
  const widths: number[] = t3.table.widths;
  expect(widths[3]).toBeGreaterThanOrEqual(fonts.set.table.widthOf('12336', 10.5));
  expect(widths[3]).toBeGreaterThan(normal.table.widths[3]);
  const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);
  expect(sum(widths)).toBeCloseTo(sum(normal.table.widths), 3);
  // the corner note is plain table text, the other header cells bold (黑体)
  const corner = t3.table.body[0][0];
  expect(corner.text[0].font).toBe(t3.table.body[4][3].text[0].font);
  expect(corner.text[0].font).not.toBe(t3.table.body[0][3].text[0].font);
  // tables 二、三、四 are kept together with their headings
  expect(Object.keys(tables(def.content)).sort()).toEqual(['table:t2', 'table:t3', 'table:t4']);
});
