// The document checks compiled at build time must answer exactly as the parser's own: over the corpus of
// documents in the specification's published styles and hundreds of broken copies of them (an unknown field,
// a wrong type, a field removed, at places spread over each document), the parser with the precompiled rules
// gives the same diagnostics as the parser as it is, and the precompiled validators say "valid" of exactly the
// documents a freshly compiled checker accepts. A build that does not match the installed parser is not used.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { expect, test, vi } from 'vitest';
import { forgetParsedDocuments, parseDocument } from '../../src/asyncapi/_internals/parse-document.js';
import {
  precompiledFolder,
  precompiledStructureRules,
  structureChecks,
} from '../../src/asyncapi/_internals/precompiled-structure.js';

vi.setConfig({ testTimeout: 120_000 });

const here = (path: string) => new URL(path, import.meta.url).pathname;
const documentsIn = (folder: string) =>
  readdirSync(here(folder))
    .filter((name) => /\.asyncapi\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => join(here(folder), name));
const corpus = [
  ...documentsIn('../fixtures/contracts/asyncapi-corpus/'),
  ...documentsIn('../fixtures/contracts/asyncapi-as-written/'),
  ...documentsIn('../fixtures/contracts/asyncapi/'),
  ...documentsIn('../../../../examples/orders/contracts/'),
  ...documentsIn('../../../../examples/orders/topology/'),
];
const sourceOf = (file: string) => relative(process.cwd(), file).split(sep).join('/');

const parserEntry = createRequire(import.meta.url).resolve('@asyncapi/parser');
const rules = precompiledStructureRules(parserEntry);
const unstable = { resolver: { cache: false } };
const asItIs = new Parser({ __unstable: unstable });
type Options = NonNullable<ConstructorParameters<typeof Parser>[0]>;
const withPrecompiled = (r = rules) =>
  new Parser({ ruleset: { rules: r } as NonNullable<Options['ruleset']>, __unstable: unstable });

type Json = Record<string, unknown>;
/** The document as written (before its `$ref`s are followed), as the parser read it. */
async function writtenData(text: string, source: string): Promise<unknown> {
  const output = await asItIs.parse(text, { source });
  return (output.extras?.document as { data?: unknown } | undefined)?.data;
}

/** Every object and array in a document, with its path; in document order. */
function places(value: unknown, path: string[] = []): [string[], Json | unknown[]][] {
  if (typeof value !== 'object' || value === null) return [];
  const own: [string[], Json | unknown[]] = [path, value as Json];
  return [own, ...Object.entries(value).flatMap(([k, v]) => places(v, [...path, k]))];
}

const breaks = [
  (node: Json | unknown[]) => {
    if (!Array.isArray(node)) node.unexpectedField = 1;
    else node.push({ unexpectedField: 1 });
  },
  (node: Json | unknown[]) => {
    const key = Array.isArray(node) ? 0 : Object.keys(node)[0];
    if (key !== undefined) (node as Json)[key] = 42;
  },
  (node: Json | unknown[]) => {
    const key = Object.keys(node)[0];
    if (key !== undefined && !Array.isArray(node)) delete node[key];
    else if (Array.isArray(node)) node.push('not an object');
  },
  (node: Json | unknown[]) => {
    for (const [key, value] of Object.entries(node))
      if (typeof value === 'string') (node as Json)[key] = ['a', 'list'];
  },
];

/** `count` broken copies of a document, each one change at a place spread over it. */
function brokenCopies(data: unknown, count: number): string[] {
  const all = places(data);
  return Array.from({ length: count }, (_, i) => {
    const copy = JSON.parse(JSON.stringify(data)) as unknown;
    const [path] = all[Math.floor(((i + 0.5) * all.length) / count)]!;
    const node = path.reduce<unknown>((v, k) => (v as Json)[k], copy) as Json | unknown[];
    breaks[i % breaks.length]!(node);
    return JSON.stringify(copy, null, 2);
  });
}

/** A copy (cycles kept) with the numbers of anonymous schemas blanked: they follow the resolver's order. */
const anonymous = (json: unknown, copies = new Map<object, unknown>()): unknown => {
  if (typeof json !== 'object' || json === null) return json;
  if (copies.has(json)) return copies.get(json);
  const copy: Json | unknown[] = Array.isArray(json) ? [] : {};
  copies.set(json, copy);
  for (const [key, value] of Object.entries(json))
    (copy as Json)[key] =
      key === 'x-parser-schema-id' && String(value).startsWith('<anonymous-schema-')
        ? '<anonymous>'
        : anonymous(value, copies);
  return copy;
};

const diagnostics = async (parser: Parser, text: string, source: string) => {
  const output = await parser.parse(text, { source });
  return {
    diagnostics: output.diagnostics.map(({ code, message, path, severity, range }) => ({
      code,
      message,
      path,
      severity,
      range,
    })),
    json: anonymous(output.document?.json()),
  };
};

test('the build made a validator for every AsyncAPI version the installed parser knows, and it is used', () => {
  expect(rules).toBeDefined();
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', precompiledFolder), 'utf8')) as {
    validators: Record<string, { version: string; resolved: boolean }>;
  };
  const built = Object.values(manifest.validators).map(
    (v) => `${v.version} ${v.resolved ? 'resolved' : 'as written'}`,
  );
  expect(built.sort()).toMatchInlineSnapshot(`
    [
      "2.0.0 as written",
      "2.0.0 resolved",
      "2.1.0 as written",
      "2.1.0 resolved",
      "2.2.0 as written",
      "2.2.0 resolved",
      "2.3.0 as written",
      "2.3.0 resolved",
      "2.4.0 as written",
      "2.4.0 resolved",
      "2.5.0 as written",
      "2.5.0 resolved",
      "2.6.0 as written",
      "2.6.0 resolved",
      "3.0.0 as written",
      "3.0.0 resolved",
      "3.1.0 as written",
      "3.1.0 resolved",
    ]
  `);
});

const tally = { documents: 0, accepted: 0, precompiled: 0, parser: 0 };

test.each(corpus.map((file) => [sourceOf(file), file]))(
  '%s and 5 broken copies: the same diagnostics and document as the parser as it is',
  async (source, file) => {
    const text = readFileSync(file, 'utf8');
    const data = await writtenData(text, source);
    const texts = [text, ...(data === undefined ? [] : brokenCopies(data, 5))];
    while (texts.length < 6) texts.push(`${text}\n# copy ${texts.length}\n`);
    for (const variant of texts) {
      const before = { ...structureChecks };
      const fast = await diagnostics(withPrecompiled(), variant, source);
      const decided = {
        precompiled: structureChecks.precompiled - before.precompiled,
        parser: structureChecks.parser - before.parser,
      };
      const slow = await diagnostics(asItIs, variant, source);
      expect(fast.diagnostics).toEqual(slow.diagnostics);
      expect(fast.json).toEqual(slow.json);
      tally.documents++;
      // Both rules run on every document that reads as YAML. A document as written without any error was
      // judged fast by both; a broken copy may be refused by a validator and then cleared by the parser's
      // rule, which drops the errors it leaves to the other rule (no error: the same answer, slower).
      expect([0, 2]).toContain(decided.precompiled + decided.parser);
      const clean = !slow.diagnostics.some((d) => d.severity === 0);
      if (variant === text && clean) expect(decided).toEqual({ precompiled: 2, parser: 0 });
      if (clean) tally.accepted++;
      tally.precompiled += decided.precompiled;
      tally.parser += decided.parser;
    }
  },
);

test('every document the structure rules accepted was decided by a precompiled validator', () => {
  // Broken copies the schema refuses go to the parser's own rule, which words why.
  expect(tally.documents).toBe(corpus.length * 6);
  expect(tally).toMatchInlineSnapshot(`
    {
      "accepted": 61,
      "documents": 168,
      "parser": 187,
      "precompiled": 143,
    }
  `);
});

test('a build made from other versions of ajv is not used: the parser as it is', () => {
  const folder = mkdtempSync(join(tmpdir(), 'eventspec-precompiled-'));
  try {
    cpSync(precompiledFolder, folder, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Json;
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...manifest, ajv: '8.0.0' }));
    expect(precompiledStructureRules(parserEntry, new URL(`file://${folder}/`))).toBeUndefined();
    expect(precompiledStructureRules(parserEntry, new URL('file:///no/such/folder/'))).toBeUndefined();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a schema the build did not see (another parser) goes to the parser, with the same answer', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'eventspec-precompiled-'));
  try {
    cpSync(precompiledFolder, folder, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Json;
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...manifest, validators: {} }));
    const other = precompiledStructureRules(parserEntry, new URL(`file://${folder}/`));
    expect(other).toBeDefined();
    const file = here('../../../../examples/orders/contracts/payments.asyncapi.yaml');
    const text = readFileSync(file, 'utf8');
    const before = { ...structureChecks };
    const fast = await diagnostics(withPrecompiled(other), text, sourceOf(file));
    expect(structureChecks.precompiled - before.precompiled).toBe(0);
    expect(structureChecks.parser - before.parser).toBe(2);
    expect(fast).toEqual(await diagnostics(asItIs, text, sourceOf(file)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the loader uses the precompiled checks, unless EVENTSPEC_ASYNCAPI_PRECOMPILED=off', async () => {
  const file = here('../../../../examples/orders/contracts/payments.asyncapi.yaml');
  const text = readFileSync(file, 'utf8');
  const decided = async (setting: string | undefined) => {
    const initial = process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
    if (setting === undefined) delete process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
    else process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED = setting;
    try {
      forgetParsedDocuments();
      const before = { ...structureChecks };
      const parsed = await parseDocument(text, sourceOf(file), { cache: false });
      expect(parsed.errors).toEqual([]);
      return structureChecks.precompiled - before.precompiled + (structureChecks.parser - before.parser);
    } finally {
      if (initial === undefined) delete process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
      else process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED = initial;
      forgetParsedDocuments();
    }
  };
  expect(await decided(undefined)).toBe(2);
  expect(await decided('off')).toBe(0);
});
