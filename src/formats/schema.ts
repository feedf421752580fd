/**
 * 由格式包生成报告数据的 JSON Schema（校验用，也写到 templates/<id>/schema.json 供 VS Code 自动补全）。
 * The JSON Schema of a report is derived from its format pack: one source of truth per format.
 * `npm run schemas` writes it next to the pack; a test checks the committed file for drift.
 */
import type { CellType, FormatPack, TableDef } from '../model/format';
import { cellKey, cellsOf, columnLabel } from './cells';

type Schema = Record<string, unknown>;

export const MAX_COUNT = 1_000_000_000;

export function cellSchema(type: CellType, title: string): Schema {
  switch (type) {
    case 'count':
      return { title, type: ['integer', 'null'], minimum: 0, maximum: MAX_COUNT };
    case 'signed':
      return { title, description: '可为负数，如 -2、+3', type: ['integer', 'null'], minimum: -MAX_COUNT, maximum: MAX_COUNT };
    case 'decimal':
      return {
        title,
        description: '按原样保留小数位，请加引号，如 "9116.30"',
        type: ['number', 'string', 'null'], minimum: 0, maximum: 1e12, maxLength: 24, pattern: '^[0-9]{1,12}(\\.[0-9]{1,6})?$',
      };
    case 'text':
      return { title, type: ['string', 'null'], maxLength: 60 };
  }
}

function tableSchema(t: TableDef): Schema {
  const obj = (title: string, props: Record<string, Schema>): Schema => ({
    type: 'object',
    title,
    additionalProperties: false,
    required: Object.keys(props),
    properties: props,
  });
  if (t.kind === 'list') {
    const props: Record<string, Schema> = {};
    for (const r of t.rows) props[r.id] = cellSchema(r.type ?? 'count', r.label + (r.unit ? `（${r.unit}）` : ''));
    return obj(t.label, props);
  }
  if (t.kind === 'blocks') {
    const props: Record<string, Schema> = {};
    for (const b of t.blocks) {
      const rows: Record<string, Schema> = {};
      for (const r of b.rows) {
        const cols: Record<string, Schema> = {};
        for (const c of b.columns) cols[c.id] = cellSchema(c.type ?? 'count', c.label);
        rows[r.id] = obj(r.label, cols);
      }
      props[b.id] = obj(b.caption, rows);
    }
    return obj(t.label, props);
  }
  const colProps = (): Record<string, Schema> => {
    const cols: Record<string, Schema> = {};
    for (const c of t.columns) cols[c.id] = cellSchema(c.type ?? t.cell_type ?? 'count', columnLabel(c));
    return cols;
  };
  if (t.single_row) {
    // "review/total" → { review: { total } }; the nested object is titled by its columns' group
    const root: Record<string, Schema> = {};
    const groups = new Map<string, { title: string; props: Record<string, Schema> }>();
    for (const c of t.columns) {
      const [head, ...rest] = c.id.split('/');
      const schema = cellSchema(c.type ?? t.cell_type ?? 'count', columnLabel(c));
      if (!rest.length) {
        root[head] = schema;
        continue;
      }
      let g = groups.get(head);
      if (!g) {
        g = { title: (c.group ?? head).replace(/\//g, '·'), props: {} };
        groups.set(head, g);
        root[head] = {};
      }
      g.props[rest.join('/')] = schema;
    }
    for (const [k, g] of groups) root[k] = obj(g.title, g.props);
    return obj(t.label, root);
  }
  const rows: Record<string, Schema> = {};
  for (const r of t.rows) rows[r.id] = obj(r.path.join('·'), colProps());
  return obj(t.label, rows);
}

export function buildSchema(pack: FormatPack): Schema {
  const cellRefs = Object.values(pack.tables).flatMap((t) => cellsOf(t).map((c) => cellKey(c.table, c.path)));
  const sectionProps: Record<string, Schema> = {};
  const requiredSections: string[] = [];
  for (const s of pack.sections) {
    if (s.data === 'none') continue;
    sectionProps[s.id] = {
      title: s.heading,
      ...(s.description ? { description: s.description } : {}),
      type: 'array',
      minItems: s.data === 'required' ? 1 : 0,
      maxItems: 200,
      items: { $ref: '#/definitions/block' },
    };
    if (s.data === 'required') requiredSections.push(s.id);
  }
  const tables: Record<string, Schema> = {};
  for (const t of Object.values(pack.tables)) tables[t.id] = tableSchema(t);
  const metaRequired = Object.entries(pack.meta)
    .filter(([, v]) => (v as Schema).required !== undefined || (v as Schema).type === 'object')
    .map(([k]) => k);
  const text = (title: string, max: number, extra: Schema = {}): Schema => ({ type: 'string', title, minLength: 1, maxLength: max, ...extra });
  // optional fields may also be written as ~ (not provided): `init` writes every key
  const optional = (title: string, max: number, extra: Schema = {}): Schema => ({ ...text(title, max, extra), type: ['string', 'null'] });
  // a numeric pack id ("2021") is written unquoted in the data, i.e. as a YAML number
  const formatValue = /^[0-9]+$/.test(pack.id) ? Number(pack.id) : pack.id;

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://xxgk-report.invalid/schema/${pack.id}.json`,
    title: `政府信息公开工作年度报告数据（${pack.name}）`,
    type: 'object',
    additionalProperties: false,
    required: ['format', 'year', 'agency', ...metaRequired, 'sections', 'tables'],
    properties: {
      format: { title: '报告格式', const: formatValue },
      year: {
        title: '报告年度',
        type: 'integer',
        minimum: pack.years.from,
        maximum: pack.years.to ?? 2100,
        description: `本格式（${pack.name}）适用于 ${pack.years.from}${pack.years.to ? `–${pack.years.to}` : ' 年及以后'} 年度的报告`,
      },
      title: optional('报告标题', 100, { minLength: 4, description: '不填（~）时按格式自动生成' }),
      publication_date: optional('发布日期', 10, { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '如 2018-03-30' }),
      agency: {
        title: '机关信息',
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code', 'self_reference'],
        properties: {
          name: text('机关全称', 60, { minLength: 2 }),
          code: text('机关代码', 64, {
            pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
            description: '用于输出文件名：字母、数字、下划线、连字符，例如统一社会信用代码或拼音缩写',
          }),
          self_reference: text('正文中的自称', 10, { description: '如“我局”“我办”' }),
          phone: optional('联系电话', 40, { pattern: '^[0-9][0-9 ()（）+,，、/-]{2,39}$', description: '请加引号，如 "0530-2116333"' }),
          website: optional('网站', 200, { pattern: '^https?://[^\\s]+$' }),
          address: optional('通信地址', 100),
          postcode: optional('邮政编码', 6, { pattern: '^[0-9]{6}$', description: '请加引号，如 "274400"' }),
          email: optional('电子邮箱', 100, { pattern: '^[^\\s@]+@[^\\s@]+$' }),
        },
      },
      ...pack.meta,
      acknowledge: {
        title: '按原样发布的确认',
        description: '重新生成已发布的报告时，确认某条规则的不一致按原样保留（需写明理由）',
        type: 'array',
        maxItems: 50,
        items: {
          type: 'object',
          title: '确认',
          additionalProperties: false,
          required: ['rule', 'reason'],
          properties: {
            rule: { title: '规则编号', type: 'string', enum: pack.rules.map((r) => r.id) },
            reason: { title: '理由', type: 'string', minLength: 4, maxLength: 200 },
          },
        },
      },
      sections: {
        title: '正文各部分',
        type: 'object',
        additionalProperties: false,
        required: requiredSections,
        properties: sectionProps,
      },
      tables: {
        title: '表格数据',
        type: 'object',
        additionalProperties: false,
        required: Object.keys(tables),
        properties: tables,
      },
    },
    definitions: {
      text: { title: '文字段落', type: 'string', minLength: 1, maxLength: 5000 },
      segment: {
        title: '段落片段',
        anyOf: [
          { type: 'string', title: '文字', minLength: 1, maxLength: 5000 },
          {
            type: 'object',
            title: '统计数引用',
            additionalProperties: false,
            required: ['cell'],
            properties: { cell: { title: '引用的统计项', type: 'string', enum: cellRefs } },
          },
          ...(pack.sentences && Object.keys(pack.sentences).length
            ? [{
                type: 'object',
                title: '标准句（按统计表自动生成）',
                additionalProperties: false,
                required: ['sentence'],
                properties: {
                  sentence: {
                    title: '标准句',
                    description: Object.entries(pack.sentences).map(([k, v]) => `${k}：${v.description}`).join('；'),
                    type: 'string',
                    enum: Object.keys(pack.sentences),
                  },
                },
              }]
            : []),
        ],
      },
      paragraph: {
        title: '段落',
        anyOf: [
          { $ref: '#/definitions/text' },
          { type: 'array', title: '含统计数引用的段落', minItems: 1, maxItems: 50, items: { $ref: '#/definitions/segment' } },
        ],
      },
      lead: {
        type: 'object',
        title: '带编号小标题的段落',
        additionalProperties: false,
        required: ['lead', 'text'],
        properties: {
          lead: { title: '小标题', type: 'string', minLength: 1, maxLength: 100 },
          text: { $ref: '#/definitions/paragraph' },
        },
      },
      subsection: {
        type: 'object',
        title: '带编号的小节',
        additionalProperties: false,
        required: ['heading', 'body'],
        properties: {
          heading: { title: '小节标题', type: 'string', minLength: 1, maxLength: 100 },
          body: {
            title: '小节正文',
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: { anyOf: [{ $ref: '#/definitions/paragraph' }, { $ref: '#/definitions/lead' }] },
          },
        },
      },
      block: {
        title: '正文段落',
        anyOf: [{ $ref: '#/definitions/paragraph' }, { $ref: '#/definitions/lead' }, { $ref: '#/definitions/subsection' }],
      },
    },
  };
}
