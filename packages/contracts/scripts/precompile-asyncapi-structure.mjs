// Build step: the AsyncAPI parser checks every document against its version's JSON Schema (the rules
// `asyncapi-document-resolved` and `-unresolved`), compiling that 400 KB schema with ajv in every process —
// most of a first parse's time. Here the same ajv, configured as the parser's checker configures it, compiles
// each version's schema once, at build time, into standalone code (gzipped) beside a manifest of what it was
// made from: the hash of each schema, the versions of ajv, ajv-formats and ajv-errors (and, to tell when to
// build again, of the parser, its specs and this script). At run time
// (src/asyncapi/_internals/precompiled-structure.ts) a validator is used only when the installed parser
// gives a schema of the same hash to an ajv, ajv-formats and ajv-errors of the same versions, and only to say
// "valid": any other answer is the parser's own.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const out = new URL('../dist/asyncapi/structure/', import.meta.url).pathname;
const own = createRequire(import.meta.url);
const parserRequire = createRequire(own.resolve('@asyncapi/parser'));
// The schema function of Spectral (the parser's linter) and, through it, the ajv that checks documents.
const spectralRequire = createRequire(parserRequire.resolve('@stoplight/spectral-functions'));
const { default: Ajv, _ } = spectralRequire('ajv');
const { default: standaloneCode } = spectralRequire('ajv/dist/standalone');
const { default: addFormats } = spectralRequire('ajv-formats');
const { default: addErrors } = spectralRequire('ajv-errors');
const { detectDialect } = spectralRequire('@stoplight/spectral-formats');
const { getSchema } = parserRequire('./ruleset/functions/documentStructure.js');
const { AsyncAPIFormats } = parserRequire('./ruleset/formats.js');

/** An ajv as `@stoplight/spectral-functions` makes it for `allErrors` checks (dist/schema/ajv.js). */
function checkerAjv() {
  const ajv = new Ajv({
    allErrors: true,
    meta: true,
    messages: true,
    strict: false,
    allowUnionTypes: true,
    logger: false,
    unicodeRegExp: false,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  addErrors(ajv);
  return ajv;
}

const made = {
  script: createHash('sha256')
    .update(readFileSync(new URL(import.meta.url)))
    .digest('hex'),
  parser: parserRequire('../package.json').version,
  specs: parserRequire('@asyncapi/specs/package.json').version,
  ajv: spectralRequire('ajv/package.json').version,
  ajvFormats: spectralRequire('ajv-formats/package.json').version,
  ajvErrors: spectralRequire('ajv-errors/package.json').version,
};
// Up to date: made by this script from the same packages, every file there.
const previous = existsSync(`${out}manifest.json`)
  ? JSON.parse(readFileSync(`${out}manifest.json`, 'utf8'))
  : undefined;
if (
  previous &&
  Object.entries(made).every(([k, v]) => previous[k] === v) &&
  Object.values(previous.validators).every(({ file }) => existsSync(`${out}${file}`))
)
  process.exit(0);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const validators = {};
for (const [version, format] of AsyncAPIFormats) {
  for (const resolved of [true, false]) {
    const schema = getSchema(new Set([format]), resolved);
    // Only the dialect the checker reads these schemas in (draft-07, ajv's default class) is compiled here.
    const dialect = detectDialect(schema);
    if (dialect !== 'draft7' && dialect !== 'auto') continue;
    const ajv = checkerAjv();
    const code = standaloneCode(ajv, ajv.compile(schema));
    const file = `${version}-${resolved ? 'resolved' : 'unresolved'}.cjs.gz`;
    writeFileSync(`${out}${file}`, gzipSync(code, { level: 9 }));
    const sha256 = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    validators[sha256] = { file, version, resolved };
  }
}
writeFileSync(`${out}manifest.json`, `${JSON.stringify({ ...made, validators }, null, 2)}\n`);
console.log(`precompiled ${Object.keys(validators).length} AsyncAPI document validators into ${out}`);
