// The on-disk cache of parsed AsyncAPI documents must change nothing but time: over a corpus of documents in
// the specification's published styles (2.6 and 3.0, shared components, $refs to other files, parameters,
// multi-format payloads, Avro and unknown formats, a recursive schema, invalid documents), loading with the
// cache cold and warm gives exactly what the parser gives without it, and only what the parser accepted is kept.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { afterEach, expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });

import { cacheFolder, cacheKey } from '../../src/asyncapi/_internals/parse-cache.js';
import { forgetParsedDocuments, parseDocument } from '../../src/asyncapi/_internals/parse-document.js';
import { loadAsyncApi } from '../../src/asyncapi/index.js';
import { ContractInputError } from '../../src/index.js';

const here = (path: string) => new URL(path, import.meta.url).pathname;
const corpusFolder = here('../fixtures/contracts/asyncapi-corpus/');
const documentsIn = (folder: string) =>
  readdirSync(folder)
    .filter((name) => /\.asyncapi\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => join(folder, name));
const corpus = [
  ...documentsIn(corpusFolder),
  ...documentsIn(here('../fixtures/contracts/asyncapi-as-written/')),
  ...documentsIn(here('../fixtures/contracts/asyncapi/')),
  ...documentsIn(here('../../../../examples/orders/contracts/')),
  ...documentsIn(here('../../../../examples/orders/topology/')),
];
const name = (file: string) => relative(here('../../../../'), file);

const initialCache = process.env.EVENTSPEC_CACHE_DIR;
const temporary: string[] = [];
afterEach(() => {
  process.env.EVENTSPEC_CACHE_DIR = initialCache;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventspec-parse-cache-'));
  temporary.push(dir);
  return dir;
};

/** What loading a document gives, as a new process would see it: its contracts and warnings, or its error. */
async function outcome(file: string, cache: string): Promise<unknown> {
  process.env.EVENTSPEC_CACHE_DIR = cache;
  forgetParsedDocuments();
  const warnings: string[] = [];
  try {
    const registry = await loadAsyncApi(file, { onWarning: (w) => warnings.push(w) });
    return { contracts: registry.list(), warnings };
  } catch (error) {
    if (!(error instanceof ContractInputError)) throw error;
    return { code: error.code, problems: error.problems, message: error.message, warnings };
  }
}

const accepted: Record<string, string> = {};
/** A copy (cycles kept) with the numbers of anonymous schemas blanked. */
const anonymous = (json: unknown, copies = new Map<object, unknown>()): unknown => {
  if (typeof json !== 'object' || json === null) return json;
  if (copies.has(json)) return copies.get(json);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(json) ? [] : {};
  copies.set(json, copy);
  for (const [key, value] of Object.entries(json))
    (copy as Record<string, unknown>)[key] =
      key === 'x-parser-schema-id' && String(value).startsWith('<anonymous-schema-')
        ? '<anonymous>'
        : anonymous(value, copies);
  return copy;
};

test.each(corpus.map((file) => [name(file), file]))(
  '%s: cold and warm cache give what the parser gives',
  async (_, file) => {
    const fresh = await outcome(file, 'off');
    const cache = newFolder();
    const cold = await outcome(file, cache);
    const warm = await outcome(file, cache);
    // Same contracts (bodies, channels, operations, sources), warnings and errors, key order included.
    expect(JSON.stringify(cold)).toBe(JSON.stringify(fresh));
    expect(JSON.stringify(warm)).toBe(JSON.stringify(fresh));

    // The official parser, as it is by default, decides what is kept: only a document it accepts.
    const source = relative(process.cwd(), file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    const official = await new Parser().parse(text, { source });
    const parserAccepts =
      official.document !== undefined && !official.diagnostics.some((d) => d.severity === 0);
    const folder = join(cache, 'asyncapi');
    const kept = existsSync(folder) ? readdirSync(folder).length : 0;
    expect(kept).toBe(parserAccepts ? 1 : 0);
    process.env.EVENTSPEC_CACHE_DIR = cache;
    forgetParsedDocuments();
    const read = await parseDocument(text, source);
    expect(read.fromCache).toBe(parserAccepts);
    // The document as the default parser gives it (numbers of anonymous schemas aside: they follow the order
    // in which the resolver met them, and the loader drops every x-parser-* field).
    if (parserAccepts) expect(anonymous(read.json)).toEqual(anonymous(official.document?.json()));
    accepted[name(file)] =
      'contracts' in (fresh as object)
        ? `${(fresh as { contracts: unknown[] }).contracts.length} contracts`
        : `refused: ${(fresh as { problems: unknown[] }).problems.length} problems${parserAccepts ? ' (eventspec)' : ' (parser)'}`;
  },
);

test('the corpus holds documents of every kind: read, refused by the parser, refused by eventspec', () => {
  expect(accepted).toMatchInlineSnapshot(`
    {
      "examples/orders/contracts/payments.asyncapi.yaml": "2 contracts",
      "examples/orders/topology/checkout.asyncapi.yaml": "7 contracts",
      "examples/orders/topology/customers.asyncapi.yaml": "3 contracts",
      "examples/orders/topology/orders.asyncapi.yaml": "8 contracts",
      "examples/orders/topology/payments.asyncapi.yaml": "6 contracts",
      "examples/orders/topology/provider.asyncapi.yaml": "3 contracts",
      "examples/orders/topology/storefront.asyncapi.yaml": "1 contracts",
      "examples/orders/topology/warehouse.asyncapi.yaml": "2 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-as-written/lighting-2.6.asyncapi.yaml": "2 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-as-written/lighting-3.0.asyncapi.yaml": "3 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/avro-3.0.asyncapi.yaml": "refused: 1 problems (eventspec)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/eventspec-problems-3.0.asyncapi.yaml": "refused: 3 problems (eventspec)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/formats-2.6.asyncapi.yaml": "3 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/invalid-info-2.6.asyncapi.yaml": "refused: 2 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/invalid-operation-3.0.asyncapi.yaml": "refused: 1 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/invalid-ref-3.0.asyncapi.yaml": "refused: 1 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/invalid-typo-3.0.asyncapi.yaml": "refused: 1 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/invalid-yaml.asyncapi.yaml": "refused: 3 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/json-3.0.asyncapi.json": "1 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/protobuf-2.6.asyncapi.yaml": "refused: 1 problems (eventspec)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/recursive-3.0.asyncapi.yaml": "1 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/refs-3.0.asyncapi.yaml": "2 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/schema-problem-2.6.asyncapi.yaml": "refused: 1 problems (eventspec)",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/streetlights-2.6.asyncapi.yaml": "3 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/streetlights-3.0.asyncapi.yaml": "4 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi-corpus/undeclared-parameter-2.6.asyncapi.yaml": "1 contracts",
      "packages/contracts/test/fixtures/contracts/asyncapi/broken.asyncapi.yaml": "refused: 2 problems (parser)",
      "packages/contracts/test/fixtures/contracts/asyncapi/orders.asyncapi.yaml": "2 contracts",
    }
  `);
});

test('a document whose referenced file changed is parsed again, never read stale from the cache', async () => {
  const dir = newFolder();
  cpSync(corpusFolder, dir, { recursive: true });
  const cache = newFolder();
  const file = join(dir, 'refs-3.0.asyncapi.yaml');
  const lineOf = (result: unknown) =>
    (
      result as { contracts: { id: string; data: { properties: { lines: { items: unknown } } } }[] }
    ).contracts.find((c) => c.id === 'OrderPlaced@2')?.data.properties.lines.items;
  const before = await outcome(file, cache);
  expect(lineOf(await outcome(file, cache))).toEqual(lineOf(before));
  // The file two $refs away: messages.yaml → order.json → line.json.
  const line = join(dir, 'shared/schemas/line.json');
  const edited = JSON.parse(readFileSync(line, 'utf8'));
  edited.required.push('price');
  edited.properties.price = { type: 'integer' };
  writeFileSync(line, JSON.stringify(edited));
  const after = await outcome(file, cache);
  expect(lineOf(after)).toMatchObject({ required: ['sku', 'quantity', 'price'] });
  expect(JSON.stringify(after)).toBe(JSON.stringify(await outcome(file, 'off')));
  expect(readdirSync(join(cache, 'asyncapi'))).toHaveLength(2);
});

test('an entry that cannot be read is a miss: the parser reads the document and the entry is written again', async () => {
  const cache = newFolder();
  const file = join(corpusFolder, 'streetlights-3.0.asyncapi.yaml');
  const fresh = await outcome(file, cache);
  const [entry] = readdirSync(join(cache, 'asyncapi'));
  for (const broken of [
    '{"format":1,"version":"3.0.0","json":{"nodes":[],"root":{"n":7}}}',
    '{ half an entr',
  ]) {
    writeFileSync(join(cache, 'asyncapi', entry!), broken);
    expect(JSON.stringify(await outcome(file, cache))).toBe(JSON.stringify(fresh));
  }
  expect(JSON.parse(readFileSync(join(cache, 'asyncapi', entry!), 'utf8')).format).toBe(1);
});

test("the key changes with the parser's version, the text, and the path of a document that $refs files", async () => {
  const text = readFileSync(join(corpusFolder, 'streetlights-3.0.asyncapi.yaml'), 'utf8');
  const refs = readFileSync(join(corpusFolder, 'refs-3.0.asyncapi.yaml'), 'utf8');
  const at = (path: string) => join(corpusFolder, path);
  const keys = await Promise.all([
    cacheKey(text, 'a/streetlights.yaml', '3.6.6'),
    cacheKey(text, 'b/streetlights.yaml', '3.6.6'),
    cacheKey(text, 'a/streetlights.yaml', '3.7.0'),
    cacheKey(`${text}\n`, 'a/streetlights.yaml', '3.6.6'),
    cacheKey(refs, at('refs-3.0.asyncapi.yaml'), '3.6.6'),
    cacheKey(refs, at('shared/../refs-3.0.asyncapi.yaml'), '3.6.6'),
  ]);
  // Without $refs to files the path does not matter (the baseline at HEAD:… and the working tree share it).
  expect(keys[0]).toBe(keys[1]);
  expect(new Set([keys[0], keys[2], keys[3], keys[4]]).size).toBe(4);
  expect(keys[5]).toBe(keys[4]);
});

test('a document whose $refs cannot all be told is never cached', async () => {
  const document = (ref: string, description = 'Orders') => `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0, description: ${description} }
channels:
  orders:
    address: orders
    messages:
      placed: { $ref: '${ref}' }
`;
  const at = join(corpusFolder, 'orders.asyncapi.yaml');
  expect(await cacheKey(document('https://example.com/placed.yaml'), at, '3.6.6')).toBeUndefined();
  expect(await cacheKey(document('./shared/missing.yaml'), at, '3.6.6')).toBeUndefined();
  expect(
    await cacheKey(document('./shared/messages.yaml#/OrderPlaced'), 'HEAD:contracts/x.yaml', '3.6.6'),
  ).toBeUndefined();
  // A "$ref" the pattern does not read as one (here in a text) makes the count differ.
  expect(
    await cacheKey(document('#/components/messages/x', '"point at a file with a $ref"'), at, '3.6.6'),
  ).toBeUndefined();
  expect(await cacheKey(document('./shared/messages.yaml#/OrderPlaced'), at, '3.6.6')).toMatch(
    /^[0-9a-f]{64}$/,
  );
});

// #region asyncapi-parse-cache
test('where the cache lives: EVENTSPEC_CACHE_DIR, off, or node_modules/.cache/eventspec above the working directory', () => {
  const root = here('../../../../');
  expect(cacheFolder('/work/x', '/var/cache/ci')).toBe('/var/cache/ci/asyncapi');
  expect(cacheFolder('/work/x', 'off')).toBeUndefined();
  expect(cacheFolder(join(root, 'examples/orders/contracts'), '')).toBe(
    join(root, 'examples/orders/node_modules/.cache/eventspec/asyncapi'),
  );
  expect(cacheFolder('/', '')).toBeUndefined();
});
// #endregion asyncapi-parse-cache
