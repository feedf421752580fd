/** fixOutlineCounts (render/pdfa.ts) on outline trees shaped like pdfkit's. */
import { fixOutlineCounts } from '../../src/render/pdfa';

type N = { outlineData: Record<string, unknown>; children: N[]; options: { expanded?: boolean } };
const node = (expanded: boolean, ...children: N[]): N => ({ outlineData: {}, children, options: { expanded } });

test('closed items count negatively, open ones positively, the root counts what is visible', () => {
  const closed = node(false, node(false), node(false));
  const open = node(true, node(false), node(true, node(false), node(false)));
  const leaf = node(false);
  const root = node(false, closed, open, leaf);
  fixOutlineCounts(root);
  expect(closed.outlineData.Count).toBe(-2);
  expect(open.children[1].outlineData.Count).toBe(2);
  expect(open.outlineData.Count).toBe(4);
  expect(leaf.outlineData.Count).toBeUndefined();
  // visible: 3 top-level + 4 under the open item
  expect(root.outlineData.Count).toBe(7);
  // pdfkit must not overwrite them
  expect(open.options.expanded).toBe(false);
});
