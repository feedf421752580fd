/**
 * End to end, the 2021 and 2019 formats: the CLI builds the bundled examples and the PDFs are
 * read back. Every official label (verbatim, formats.md §4–§5) of every section and table is in
 * the text; every number of tables 二、三、四 sits in its row and under its column header
 * (positions from pdftotext -bbox); tables 三 and 四 are each on one page; sentences quoting
 * numbers agree with the tables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, lettersDigits, loadText, pdfPages, pdfWords, runCli, sourceAt, tmpdir } from '../helpers';
import { execFileSync } from 'node:child_process';

const out = tmpdir('xxgk-formats-');
const pdf21 = path.join(out, 'qinghe-linxi-zrzyj-2024.pdf');
const pdf19 = path.join(out, 'qinghe-linxi-rsj-2020.pdf');

let built: ReturnType<typeof runCli>;
beforeAll(() => {
  // what `npm run build-pdf` does, for the folders of the new examples (the seed has its own test)
  built = runCli(['build', path.dirname(EXAMPLES.y2024), path.dirname(EXAMPLES.y2020), '--out', out]);
  if (built.code !== 0) throw new Error(built.stderr);
});

test('the examples build without a warning', () => {
  expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf')).sort()).toEqual([
    'qinghe-linxi-rsj-2020.pdf', 'qinghe-linxi-zrzyj-2023.pdf', 'qinghe-linxi-zrzyj-2024.pdf',
  ]);
  expect(built.stderr).not.toMatch(/警告|错误/);
});

const data = (file: string) => {
  const l = loadText(fs.readFileSync(file, 'utf8'));
  if (!l.ok) throw new Error('load');
  return l.value.data as any;
};
/** text in content order: the lines of one table cell stay together */
const raw = (file: string, page?: number) =>
  execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
const pageWith = (file: string, needle: string) => {
  for (let p = 1; p <= pdfPages(file); p++) if (lettersDigits(raw(file, p)).includes(lettersDigits(needle))) return p;
  throw new Error(`${needle} not in ${file}`);
};

// ---- the official labels, verbatim (formats.md §4.1, §4.2, §5.1–§5.4) ----
const SECTIONS = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
const T2_2021 = ['第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '规章', '行政规范性文件', '第二十条第（五）项', '本年处理决定数量', '行政许可', '第二十条第（六）项', '行政处罚', '行政强制', '第二十条第（八）项', '本年收费金额（单位：万元）', '行政事业性收费'];
const T2_2019 = ['第二十条第（一）项', '信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量', '规章', '规范性文件', '第二十条第（五）项', '上一年项目数量', '本年增/减', '处理决定数量', '行政许可', '其他对外管理服务事项', '第二十条第（六）项', '行政处罚', '行政强制', '第二十条第（八）项', '行政事业性收费', '第二十条第（九）项', '采购项目数量', '采购总金额', '政府集中采购'];
const T3_HEAD = ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const T3_ROWS_COMMON = ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '三、本年度办理结果', '（一）予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（三）不予公开', '1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项', '（四）无法提供', '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确', '（五）不予处理', '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息', '（六）其他处理', '（七）总计', '四、结转下年度继续办理'];
const T3_OTHER_2021 = ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他'];
const T4 = ['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'];

describe.each([
  ['2021', () => pdf21, EXAMPLES.y2024, [...SECTIONS, ...T2_2021, ...T3_HEAD, ...T3_ROWS_COMMON, ...T3_OTHER_2021, ...T4]],
  ['2019', () => pdf19, EXAMPLES.y2020, [...SECTIONS, ...T2_2019, ...T3_HEAD, ...T3_ROWS_COMMON, ...T4]],
])('format %s', (id, pdfOf, yaml, labels) => {
  test('every official label of every section and table is in the PDF', () => {
    const text = lettersDigits(raw(pdfOf()));
    expect(labels.filter((l) => !text.includes(lettersDigits(l)))).toEqual([]);
    if (id === '2019') {
      // one row （六）其他处理 without sub-items
      expect(text).not.toContain(lettersDigits(T3_OTHER_2021[0]));
    }
  });

  test('the title breaks after the agency name, never inside it (GB/T 9704 §7.3.1 词意完整)', () => {
    const d = data(yaml);
    const lines = execFileSync('pdftotext', ['-l', '1', pdfOf(), '-'], { encoding: 'utf8' }).split('\n').slice(0, 2);
    expect(lines).toEqual([d.agency.name, `${d.year}年政府信息公开工作年度报告`]);
  });

  test('the opening paragraph: statistics period, download location, contact', () => {
    const d = data(yaml);
    const text = lettersDigits(raw(pdfOf()));
    for (const s of [
      `本报告所列数据统计期限为${d.year}年1月1日至12月31日`,
      `本报告电子版可在${d.preamble.download}下载`,
      `请与${d.preamble.contact.office}联系（地址：${d.preamble.contact.address}；邮编：${d.preamble.contact.postcode}；电话：${d.preamble.contact.phone}）`,
    ]) expect(text).toContain(lettersDigits(s));
  });

  test('table 三: each number in its row and under its column; the whole table on one page under its heading', () => {
    const d = data(yaml).tables.t3 as Record<string, Record<string, number>>;
    const page = pageWith(pdfOf(), T3_HEAD[0]);
    const words = pdfWords(pdfOf(), page);
    expect(lettersDigits(words.slice(0, 3).map((w) => w.text).join(''))).toContain(lettersDigits(SECTIONS[2]));
    const cols = ['natural_person', 'commercial_enterprise', 'research_institution', 'public_welfare_org', 'legal_service_org', 'other_org', 'total'];
    const heads = ['自然', '商业', '科研', '社会', '法律', '其他', '总计'].map((h) => words.find((w) => w.text === h)!);
    expect(heads.every(Boolean)).toBe(true);
    const colX = heads.map((h) => (h.x0 + h.x1) / 2);
    const headerBottom = Math.max(...heads.map((h) => h.y1));
    // each row's label: the longest word at the left that starts its label
    const rowIds = Object.keys(d);
    const labelOf = (rid: string) => [...T3_ROWS_COMMON, ...T3_OTHER_2021].find((l) => rowLabel(rid, id) === l)!;
    const rows = rowIds.map((rid) => {
      const label = labelOf(rid);
      const cands = words.filter((w) => w.x1 < colX[0] - 10 && w.y0 > headerBottom && w.text.length >= Math.min(3, [...label].length) && label.startsWith(w.text));
      const w = cands.sort((a, b) => b.text.length - a.text.length)[0];
      expect([rid, !!w]).toEqual([rid, true]);
      return { rid, y: w.y0 };
    }).sort((a, b) => a.y - b.y);
    // the rows are printed in the order of the form
    expect(rows.map((r) => r.rid)).toEqual(rowIds);
    const got: Record<string, Record<string, string>> = {};
    for (const w of words.filter((w) => /^\d+$/.test(w.text) && w.x0 > colX[0] - 20 && w.y0 > headerBottom)) {
      const row = [...rows].reverse().find((r) => r.y <= w.y0 + 3)!;
      const cx = (w.x0 + w.x1) / 2;
      const k = colX.reduce((best, x, i) => (Math.abs(x - cx) < Math.abs(colX[best] - cx) ? i : best), 0);
      expect(Math.abs(colX[k] - cx)).toBeLessThan(8);
      (got[row.rid] ??= {})[cols[k]] = w.text;
    }
    const want = Object.fromEntries(rowIds.map((r) => [r, Object.fromEntries(cols.map((c) => [c, String(d[r][c])]))]));
    expect(got).toEqual(want);
  });

  test('table 四: 15 numbers under their headers, two characters a line in the headers', () => {
    const d = data(yaml).tables.t4 as Record<string, Record<string, number>>;
    const page = pageWith(pdfOf(), '未经复议直接起诉');
    const words = pdfWords(pdfOf(), page);
    const top = words.find((w) => w.text === '行政复议')!;
    const headers = words.filter((w) => ['结果', '维持', '纠正', '其他', '尚未', '审结', '总计'].includes(w.text) && w.y0 > top.y0);
    const headerBottom = Math.max(...headers.map((h) => h.y1));
    const numbers = words.filter((w) => /^\d+$/.test(w.text) && w.y0 > headerBottom && w.y0 < headerBottom + 30).sort((a, b) => a.x0 - b.x0);
    const groups = ['review', 'lit_direct', 'lit_after_review'];
    const keys = ['maintained', 'corrected', 'other', 'pending', 'total'];
    const firstLine = ['结果', '结果', '其他', '尚未', '总计'];
    expect(numbers.map((w) => w.text)).toEqual(groups.flatMap((g) => keys.map((k) => String(d[g][k]))));
    numbers.forEach((w, i) => {
      const cx = (w.x0 + w.x1) / 2;
      const over = headers.filter((h) => h.x0 - 2 <= cx && cx <= h.x1 + 2).map((h) => h.text);
      expect([i, over]).toEqual([i, expect.arrayContaining([firstLine[i % 5]])]);
    });
    // 结果维持 is printed 结果/维持 (two lines of two characters), never one character a line:
    // 结果 starts 结果维持 and 结果纠正 and ends 其他结果, in each of the three groups
    expect(words.filter((w) => w.text === '结果').length).toBe(9);
    expect(headers.filter((h) => [...h.text].length < 2)).toEqual([]);
  });

  test('table 二: each value in its row, under its column header', () => {
    const d = data(yaml).tables.t2 as Record<string, Record<string, Record<string, unknown>>>;
    const page = pageWith(pdfOf(), '第二十条第（一）项');
    const words = pdfWords(pdfOf(), page);
    const labels = id === '2021' ? T2_2021 : T2_2019;
    const colHeads = words.filter((w) => labels.includes(w.text) && !/^(规章|信息内容|第二十条)/.test(w.text) && !/^(行政|规范性|其他对外|政府集中)/.test(w.text));
    for (const [block, rows] of Object.entries(d)) {
      for (const [row, values] of Object.entries(rows)) {
        const label = rowLabel2(row, id);
        const lw = words.find((w) => w.text === label)!;
        expect([row, !!lw]).toEqual([row, true]);
        const line = words.filter((w) => Math.abs(w.y0 - lw.y0) < 2 && w.x0 > lw.x1).sort((a, b) => a.x0 - b.x0);
        // as written in the data (本年增/减 keeps its sign: +3)
        const written = Object.keys(values).map((c) => sourceAt(fs.readFileSync(yaml, 'utf8'), `/tables/t2/${block}/${row}/${c}`).replace(/^"|"$/g, ''));
        expect([block, row, line.map((w) => w.text)]).toEqual([block, row, written]);
        // under the right header: the nearest column header above the value
        Object.keys(values).forEach((col, i) => {
          const cx = (line[i].x0 + line[i].x1) / 2;
          const above = colHeads.filter((h) => h.y1 <= line[i].y0 && h.x0 - 2 <= cx && cx <= h.x1 + 2).sort((a, b) => b.y0 - a.y0)[0];
          expect([block, row, col, above?.text]).toEqual([block, row, col, columnLabel(block, col, id)]);
        });
      }
    }
  });

  test('sentences quoting numbers agree with the tables', () => {
    const d = data(yaml);
    const t3 = d.tables.t3;
    const t4 = d.tables.t4;
    const text = lettersDigits(raw(pdfOf()));
    expect(text).toContain(lettersDigits(`本年度，我局共收到政府信息公开申请${t3.new_received.total}件，上年结转${t3.carried_over.total}件；办理完毕${t3.total_processed.total}件`));
    const lit = t4.lit_direct.total + t4.lit_after_review.total;
    expect(text).toContain(lettersDigits(`本年度，我局因政府信息公开工作被申请行政复议${t4.review.total}件，${lit ? `被提起行政诉讼${lit}件` : '未被提起行政诉讼'}`));
  });
});

/** the printed label of a T3 row (the reference's verbatim text) */
function rowLabel(rid: string, id: string): string {
  const map: Record<string, string> = {
    new_received: '一、本年新收政府信息公开申请数量', carried_over: '二、上年结转政府信息公开申请数量', granted: '（一）予以公开',
    partial_grant: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', denied_state_secret: '1.属于国家秘密',
    denied_law_prohibited: '2.其他法律行政法规禁止公开', denied_security_stability: '3.危及“三安全一稳定”', denied_third_party: '4.保护第三方合法权益',
    denied_internal_affairs: '5.属于三类内部事务信息', denied_process_info: '6.属于四类过程性信息', denied_enforcement_file: '7.属于行政执法案卷',
    denied_admin_query: '8.属于行政查询事项', unable_not_held: '1.本机关不掌握相关政府信息', unable_needs_creation: '2.没有现成信息需要另行制作',
    unable_unclear: '3.补正后申请内容仍不明确', np_petition_complaint: '1.信访举报投诉类申请', np_duplicate: '2.重复申请', np_publication: '3.要求提供公开出版物',
    np_massive_repeated: '4.无正当理由大量反复申请', np_confirm_obtained: '5.要求行政机关确认或重新出具已获取信息',
    other_overdue_correction: T3_OTHER_2021[0], other_overdue_fee: T3_OTHER_2021[1], other_reasons: T3_OTHER_2021[2],
    other_handling: '（六）其他处理', total_processed: '（七）总计', carried_forward: '四、结转下年度继续办理',
  };
  void id;
  return map[rid];
}

function rowLabel2(row: string, id: string): string {
  const map: Record<string, string> = {
    rules: '规章', normative_docs: id === '2021' ? '行政规范性文件' : '规范性文件', licensing: '行政许可', other_admin_service: '其他对外管理服务事项',
    punishment: '行政处罚', coercion: '行政强制', admin_fees: '行政事业性收费', central_procurement: '政府集中采购',
  };
  return map[row];
}

function columnLabel(block: string, col: string, id: string): string {
  const map: Record<string, string> = id === '2021'
    ? { issued: '本年制发件数', repealed: '本年废止件数', in_force: '现行有效件数', decisions: '本年处理决定数量', amount: '本年收费金额（单位：万元）' }
    : { new_made: '本年新制作数量', new_published: '本年新公开数量', total_published: '对外公开总数量', prev_items: '上一年项目数量', delta: '本年增/减', decisions: '处理决定数量', items: '采购项目数量', amount: '采购总金额' };
  void block;
  return map[col];
}
