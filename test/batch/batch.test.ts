/**
 * A province-style tree data/<agency>/<year>.yaml built in one command: worker threads, a
 * correct summary, re-runs skip everything, touching one file rebuilds one, a bad file fails alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, seedText, tmpdir } from '../helpers';

const N = 24;
const dir = tmpdir('xxgk-batch-');
const data = path.join(dir, 'data');
const out = path.join(dir, 'out');
const summaryFile = path.join(dir, 'summary.json');

function agency(i: number): string {
  return `agency-${String(i).padStart(3, '0')}`;
}

beforeAll(() => {
  for (let i = 0; i < N; i++) {
    const d = path.join(data, agency(i));
    fs.mkdirSync(d, { recursive: true });
    const text = seedText()
      .replace('code: heze-dingtao-zxqyj', `code: ${agency(i)}`)
      .replace(/^(  name: )菏泽市定陶区中小企业局/m, `$1测试县第${i}局`)
      .replace(/^    s9_3: 350/m, `    s9_3: ${300 + i}`);
    fs.writeFileSync(path.join(d, '2017.yaml'), text);
  }
  // one agency's data of another year, left out by --year
  fs.writeFileSync(path.join(data, agency(0), '2016.yaml'), fs.readFileSync(path.join(data, agency(0), '2017.yaml'), 'utf8').replace(/^year: 2017/m, 'year: 2016'));
});

function summary() {
  return JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
}

describe('batch build', () => {
  test('builds the whole tree across workers with a correct summary', () => {
    const r = runCli(['build', data, '--out', out, '--year', '2017', '--workers', '2', '--summary-json', summaryFile]);
    expect(r.code).toBe(0);
    expect(summary()).toMatchObject({ total: N, built: N, skipped: 0, failed: 0, year: 2017 });
    const pdfs = fs.readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(N);
    expect(pdfs).toContain(`${agency(7)}-2017.pdf`);
    // plain progress lines in a log
    expect(r.stdout).toContain(`[${N}/${N}]`);
  });

  test('a re-run skips everything', () => {
    const before = fs.statSync(path.join(out, `${agency(3)}-2017.pdf`)).mtimeMs;
    const r = runCli(['build', data, '--out', out, '--year', '2017', '--summary-json', summaryFile]);
    expect(r.code).toBe(0);
    expect(summary()).toMatchObject({ total: N, built: 0, skipped: N, failed: 0 });
    expect(fs.statSync(path.join(out, `${agency(3)}-2017.pdf`)).mtimeMs).toBe(before);
  });

  test('touching one data file rebuilds that report only', () => {
    const f = path.join(data, agency(5), '2017.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^    s9_2: 5/m, '    s9_2: 6'));
    const r = runCli(['build', data, '--out', out, '--year', '2017', '--summary-json', summaryFile]);
    expect(r.code).toBe(0);
    const s = summary();
    expect(s).toMatchObject({ built: 1, skipped: N - 1, failed: 0 });
    expect(s.reports.find((x: { status: string }) => x.status === 'built').file).toContain(agency(5));
  });

  test('`touch` on one data file (content unchanged) rebuilds that report only, and leaves its identical PDF as it was', () => {
    const f = path.join(data, agency(7), '2017.yaml');
    const pdf = path.join(out, `${agency(7)}-2017.pdf`);
    const before = fs.statSync(pdf).mtimeMs;
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(f, later, later);
    const r = runCli(['build', data, '--out', out, '--year', '2017', '--summary-json', summaryFile]);
    expect(r.code).toBe(0);
    const s = summary();
    expect(s).toMatchObject({ built: 1, identical: 1, skipped: N - 1, failed: 0 });
    const built = s.reports.find((x: { status: string }) => x.status === 'built');
    expect(built.file).toContain(agency(7));
    expect(built.identical).toBe(true);
    expect(r.stderr).toContain('其中 1 份与原有文件完全相同');
    expect(fs.statSync(pdf).mtimeMs).toBe(before);
  });

  test('one invalid file fails alone and the exit code says so', () => {
    const f = path.join(data, agency(9), '2017.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^    s1_2: 98/m, '    s1_2: 99'));
    const r = runCli(['build', data, '--out', out, '--year', '2017', '--summary-json', summaryFile]);
    expect(r.code).toBe(3);
    const s = summary();
    expect(s).toMatchObject({ total: N, failed: 1, skipped: N - 1 });
    const failed = s.reports.find((x: { status: string }) => x.status === 'failed');
    expect(failed.file).toContain(agency(9));
    expect(failed.error).toContain('E-RULE-SUM');
    expect(r.stderr).toContain('失败 1');
  });

  test('--year picks the other year; --force rebuilds', () => {
    const r = runCli(['build', data, '--out', out, '--year', '2016', '--summary-json', summaryFile]);
    expect(r.code).toBe(0);
    expect(summary()).toMatchObject({ total: 1, built: 1 });
    const r2 = runCli(['build', path.join(data, agency(1)), '--out', out, '--year', '2017', '--force', '--summary-json', summaryFile]);
    expect(r2.code).toBe(0);
    expect(summary()).toMatchObject({ total: 1, skipped: 0 });
  });
});
