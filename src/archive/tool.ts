/**
 * 本工具与渲染库的名称和版本：写入 PDF 的“文档创建程序”（xmp:CreatorTool、pdf:Producer）和归档清单。
 * The tool's own name and version and those of the renderer, read once from the package files.
 * They go into every PDF, so a new tool version gives new bytes (and the same version the same bytes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function versionOf(pkgJson: string): string {
  try {
    return String(JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version ?? '?');
  } catch {
    return '?';
  }
}

function depVersion(name: string): string {
  try {
    return versionOf(require.resolve(`${name}/package.json`, { paths: [ROOT] }));
  } catch {
    return '?';
  }
}

export const TOOL_NAME = 'xxgk-report';
export const TOOL_VERSION = versionOf(path.join(ROOT, 'package.json'));
export const PDFMAKE_VERSION = depVersion('pdfmake');
export const PDFKIT_VERSION = depVersion('pdfkit');

/** xmp:CreatorTool / Info Creator: the program that made the document. */
export const CREATOR_TOOL = `${TOOL_NAME} ${TOOL_VERSION}`;
/** pdf:Producer / Info Producer: the program that wrote the PDF bytes. */
export const PRODUCER = `${TOOL_NAME} ${TOOL_VERSION} (pdfmake ${PDFMAKE_VERSION}, pdfkit ${PDFKIT_VERSION})`;
