/**
 * World：管线读取外部文件的唯一接口。测试可以提供内存实现。
 * All reads of the pipeline go through this interface, so stages stay pure and tests can
 * supply an in-memory world. Writing is the write stage's own business (src/write/).
 */
import * as fs from 'node:fs';

export interface World {
  /** size in bytes, or null when the file does not exist */
  size(path: string): number | null;
  read(path: string): Buffer;
}

export const diskWorld: World = {
  size(path) {
    try {
      const st = fs.statSync(path);
      return st.isFile() ? st.size : null;
    } catch {
      return null;
    }
  },
  read(path) {
    return fs.readFileSync(path);
  },
};
