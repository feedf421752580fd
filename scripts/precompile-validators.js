#!/usr/bin/env node
'use strict';
/**
 * Run by `npm install` (prepare) after tsc: compile each bundled format pack's JSON Schema to a
 * standalone ajv validator in dist/validators/<pack>-<schema hash>.cjs, so a run does not spend
 * 0.1–0.2 s compiling it. A pack edited later has another hash and compiles at run time.
 * Also keeps each pack's format.yaml as JSON in dist/packs/<pack>-<text hash>.json (a cold run
 * then skips the YAML parser for it).
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const dist = path.resolve(__dirname, '..', 'dist');
const { listPacks, loadPack, parsedPack, parsedPackFile, TEMPLATES_DIR } = require(path.join(dist, 'formats'));
const { buildSchema } = require(path.join(dist, 'formats', 'schema'));
const { AJV_OPTIONS, validatorFile } = require(path.join(dist, 'validate'));

const out = path.join(dist, 'validators');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const packsOut = path.join(dist, 'packs');
fs.rmSync(packsOut, { recursive: true, force: true });
fs.mkdirSync(packsOut, { recursive: true });
for (const id of listPacks()) {
  const source = fs.readFileSync(path.join(TEMPLATES_DIR, id, 'format.yaml'), 'utf8');
  const parsed = parsedPack(source);
  if (parsed) fs.writeFileSync(parsedPackFile(id, source), JSON.stringify(parsed));
  const pack = loadPack(id);
  if (!pack.ok) {
    process.stderr.write(`跳过格式包 ${id}：${pack.errors.map((e) => e.message).join('；')}\n`);
    continue;
  }
  const schema = buildSchema(pack.value);
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  fs.writeFileSync(validatorFile(id, schema), code);
}
