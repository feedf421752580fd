/** xxgk-report schemas：由格式包重新生成 templates/<格式>/schema.json。 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, exitCodeFor } from '../diag/diagnostic';
import { listPacks, loadPack, TEMPLATES_DIR } from '../formats';
import { buildSchema } from '../formats/schema';
import { msg } from '../diag/messages';
import { print } from './common';

export function writeSchemas(): number {
  const diags: Diagnostic[] = [];
  for (const id of listPacks()) {
    const p = loadPack(id);
    if (!p.ok) {
      diags.push(...p.errors);
      continue;
    }
    const file = path.join(TEMPLATES_DIR, id, 'schema.json');
    fs.writeFileSync(file, JSON.stringify(buildSchema(p.value), null, 2) + '\n');
    process.stdout.write(msg.schemaWritten(path.relative(process.cwd(), file)) + '\n');
  }
  print(diags, 'human');
  return exitCodeFor(diags);
}
