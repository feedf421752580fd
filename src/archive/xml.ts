/**
 * XMP 的最小 XML 检查与取值：是否格式正确（标签配对、实体、引号），以及按元素名取值。
 * A minimal XML well-formedness check and value lookup for XMP packets — enough to tell a broken
 * packet (e.g. an unescaped `&` in a title) from a good one, and to read the properties we write.
 * Not a general XML parser: no DTDs (XMP forbids them), namespaces by prefix as written.
 */

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/y;

/** Problems found (empty = well-formed). */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let i = 0;
  const text = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (xml[k] === '&') {
        ENTITY.lastIndex = k;
        if (!ENTITY.test(xml)) return `第 ${lineOf(xml, k)} 行有未转义的 &`;
      }
    }
    return undefined;
  };
  while (i < xml.length && problems.length < 5) {
    const lt = xml.indexOf('<', i);
    const to = lt < 0 ? xml.length : lt;
    const p = text(i, to);
    if (p) problems.push(p);
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt);
      if (e < 0) return [...problems, '处理指令没有结束'];
      i = e + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt);
      if (e < 0) return [...problems, '注释没有结束'];
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt);
      if (e < 0) return [...problems, 'CDATA 没有结束'];
      i = e + 3;
    } else if (xml.startsWith('<!', lt)) {
      return [...problems, 'XMP 中不允许 DOCTYPE'];
    } else {
      const m = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(lt, lt + 4096));
      if (!m) {
        problems.push(`第 ${lineOf(xml, lt)} 行的标签格式不正确（可能有未转义的 <）`);
        i = lt + 1;
        continue;
      }
      const [all, close, name, attrs, selfClose] = m;
      const ap = text(lt, lt + all.length);
      if (ap && attrs) problems.push(ap);
      if (close) {
        const open = stack.pop();
        if (open !== name) problems.push(`第 ${lineOf(xml, lt)} 行的 </${name}> 与 <${open ?? ''}> 不配对`);
      } else if (!selfClose) stack.push(name);
      i = lt + all.length;
    }
  }
  if (stack.length && problems.length === 0) problems.push(`<${stack[stack.length - 1]}> 没有结束`);
  return problems;
}

function lineOf(s: string, at: number): number {
  return s.slice(0, at).split('\n').length;
}

export function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * The value of a property: the text of the element (the first rdf:li for Alt/Seq/Bag), or an
 * attribute of rdf:Description written as prop="value". Undefined when absent.
 */
export function xmpValue(xml: string, prop: string): string | undefined {
  return xmpValues(xml, prop)?.[0];
}

/** All rdf:li values of a property (or its single text value). */
export function xmpValues(xml: string, prop: string): string[] | undefined {
  const q = prop.replace(/[.:]/g, (c) => '\\' + c);
  const el = new RegExp(`<${q}(?:\\s[^>]*)?>([\\s\\S]*?)</${q}>`).exec(xml);
  if (el) {
    const inner = el[1];
    const lis = [...inner.matchAll(/<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/g)].map((m) => decodeEntities(m[1].trim()));
    return lis.length ? lis : [decodeEntities(inner.trim())];
  }
  const at = new RegExp(`\\s${q}\\s*=\\s*"([^"]*)"`).exec(xml);
  return at ? [decodeEntities(at[1])] : undefined;
}
