/**
 * Shared by the archive tests: seed variants, building in-process, reading XMP, PDFBox Preflight.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, PipelineOptions } from '../../src/pipeline';
import { seedText, SEED_YAML, tmpdir } from '../helpers';

export const PDF_NAME = 'heze-dingtao-zxqyj-2017.pdf';
export const TRICKY_TITLE = '菏泽市R&D <统计> "中小企业局"2017年报告';
export const TRICKY_NAME = '定陶区R&D<中小>"企业"局';

/** The seed with `&` `<` `>` `"` in the title and agency name, and a publication date. */
export function trickyYaml(): string {
  const t = seedText()
    .replace(/^title: .*$/m, `title: ${JSON.stringify(TRICKY_TITLE)}`)
    .replace(/^  name: 菏泽市定陶区中小企业局 .*$/m, `  name: ${JSON.stringify(TRICKY_NAME)}`)
    .replace(/^year: 2017 .*$/m, 'year: 2017\npublication_date: "2018-01-31"');
  if (!t.includes('publication_date') || !t.includes('R&D <')) throw new Error('seed changed: tricky variant not applied');
  return t;
}

export function writeYaml(text: string, dir = tmpdir('xxgk-yaml-'), name = '2017.yaml'): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

/** Build one report in this process; returns the PDF path and bytes. */
export async function buildOne(yaml = SEED_YAML, opts: PipelineOptions = {}, out = tmpdir('xxgk-out-')) {
  const r = await build(yaml, out, opts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return { file: r.value.written.path, bytes: fs.readFileSync(r.value.written.path), built: r.value };
}

export function xmpOf(pdf: string): string {
  return execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });
}

export function infoOf(pdf: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).split('\n')) {
    const m = /^([A-Za-z ]+):\s+(.*)$/.exec(l);
    if (m) out[m[1].trim()] = m[2];
  }
  return out;
}

const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);

/** Why PDFBox Preflight cannot run here, or undefined when it can. */
export function preflightMissing(): string | undefined {
  const missing = JARS.filter((j) => !fs.existsSync(j));
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'java 未安装（apt-get install openjdk-17-jre-headless）';
  if (missing.length) return `缺少 ${missing.join(', ')}（apt-get install libpdfbox2-java libactivation-java libjaxb-api-java）`;
  return undefined;
}

/** Run PDFBox Preflight (PDF/A-1b); returns its exit status and report. */
export function preflight(pdf: string): { valid: boolean; output: string } {
  const r = spawnSync('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', pdf], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  return { valid: r.status === 0 && /is a valid PDF\/A-1b file/.test(output), output };
}
