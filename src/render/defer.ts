/**
 * 推迟加载用不到的依赖：fontkit 加载时就引入 brotli（只有 WOFF2 字体才用），pdfkit 引入 AES（只有加密 PDF 才用）。
 * 冷启动时它们占约 50 ms。这里在 fontkit、pdfkit 之前登记一个替身：真正用到时才加载原模块，行为不变。
 *
 * Modules fontkit and pdfkit require when they load but a report never calls: brotli (WOFF2
 * fonts only) and AES (encrypted PDFs only), ~50 ms of a cold start. A stand-in goes into
 * Node's module cache first; the first real call loads the module itself, so nothing changes
 * if they are ever needed. Imported first by render/fonts.ts (before fontkit).
 */
import * as path from 'node:path';

function defer(request: string, parent: string, kind: 'function' | 'object'): void {
  let file: string;
  try {
    file = require.resolve(request, { paths: [path.dirname(require.resolve(parent))] });
  } catch {
    return; // a dependency tree without it: nothing to defer
  }
  if (require.cache[file]) return;
  let real: unknown;
  const load = (): Record<string, unknown> & ((...a: unknown[]) => unknown) => {
    if (real === undefined) {
      if (require.cache[file]?.exports === standIn) delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(file);
    }
    return real as Record<string, unknown> & ((...a: unknown[]) => unknown);
  };
  const standIn: unknown =
    kind === 'function'
      ? function (this: unknown, ...a: unknown[]) {
          return load().apply(this, a);
        }
      : new Proxy({}, { get: (_t, k) => load()[k as string], has: (_t, k) => k in load() });
  require.cache[file] = { id: file, filename: file, loaded: true, exports: standIn, children: [], paths: [] } as unknown as NodeJS.Module;
}

defer('brotli/decompress.js', 'fontkit', 'function');
defer('@noble/ciphers/aes', 'pdfkit', 'object');
