/**
 * 字体预读：进程一开始就在后台线程（libuv）读入字体文件，与加载模块、校验数据同时进行。
 * Font prefetch: a cold run spends ~0.2 s reading ~65 MB of fonts. Started first thing (bin/,
 * worker start), the reads run on libuv's threads while this thread loads modules and validates
 * the data; render/fonts.ts then takes the bytes from here instead of reading them again.
 * Only node:fs and node:path: this module must load in no time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ready = new Map<string, Buffer>();
const pending = new Map<string, Promise<void>>();

export const DEFAULT_FONTS_DIR = path.resolve(__dirname, '..', '..', 'fonts');

/** Start reading the primary font of every role named in fonts.json (fallbacks load on demand). */
export function prefetchFonts(dir = DEFAULT_FONTS_DIR): void {
  let cfg: { roles?: Record<string, { font?: unknown }> };
  try {
    cfg = JSON.parse(fs.readFileSync(path.join(dir, 'fonts.json'), 'utf8'));
  } catch {
    return; // render/fonts.ts reports it
  }
  for (const r of Object.values(cfg.roles ?? {})) {
    if (typeof r?.font !== 'string') continue;
    const p = path.resolve(dir, r.font);
    if (path.dirname(p) !== path.resolve(dir) || ready.has(p) || pending.has(p)) continue;
    pending.set(
      p,
      fs.promises.readFile(p).then(
        (b) => {
          if (!dropped) ready.set(p, b);
          pending.delete(p);
        },
        () => {
          pending.delete(p);
        },
      ),
    );
  }
}

/** Wait for the reads under way (call before the first synchronous use). */
export async function fontsPrefetched(): Promise<void> {
  await Promise.all([...pending.values()]);
}

/** The bytes of a prefetched file, handed over once (the caller keeps them). */
export function takePrefetched(file: string): Buffer | undefined {
  const b = ready.get(path.resolve(file));
  if (b) ready.delete(path.resolve(file));
  return b;
}

/** Forget what was read (the work runs in worker threads that read their own). */
export function dropPrefetched(): void {
  dropped = true;
  ready.clear();
}
let dropped = false;
