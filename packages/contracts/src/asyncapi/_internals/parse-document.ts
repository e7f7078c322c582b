import { createHash } from 'node:crypto';
import { loadParser } from './load-parser.js';
import {
  cacheFolder,
  cacheKey,
  installedParserVersion,
  readCachedParse,
  writeCachedParse,
} from './parse-cache.js';
import type { SourceDocument } from './place-in-document.js';
import { precompiledRules } from './precompiled-structure.js';

type ParserClass = Awaited<ReturnType<typeof loadParser>>['Parser'];
type Parser = InstanceType<ParserClass>;
type ParserOptions = NonNullable<ConstructorParameters<ParserClass>[0]>;

/** An error `@asyncapi/parser` found in a document, where it is. */
export interface DocumentError {
  path: (string | number)[];
  line: number;
  column: number;
  message: string;
}

/** A document as the loader reads it: from `@asyncapi/parser`, or from its cached parse. */
export interface ParsedDocument {
  /** The parser's errors (severity error); none when it comes from the cache. */
  errors: DocumentError[];
  /** `document.version()`; undefined when the text is no document at all. */
  version: string | undefined;
  /** `document.json()`: dereferenced, traits applied; only read by the loader. */
  json: unknown;
  /** The text's places (lines and columns); only from a fresh parse, not from the cache. */
  source: SourceDocument | undefined;
  fromCache: boolean;
}

/** Options of {@link parseDocument}. */
export interface ParseDocumentOptions {
  /** The folder of cached parses, or `false` for a fresh parse. @default cacheFolder() */
  cache?: string | false;
}

let parser: Promise<Parser> | undefined;
const parsed = new Map<string, Promise<ParsedDocument>>();
const keep = 16;

/**
 * Parses and validates an AsyncAPI document with `@asyncapi/parser`, loaded on the first document it must
 * parse, one instance per process. Each distinct text is parsed once per process (a gate reads the baseline
 * and the working tree, which usually hold the same document), and a document the parser accepts is kept
 * on disk by the hash of its text, of the files it `$ref`s and of the parser's version (see
 * {@link cacheFolder}): a new process reading it again needs neither the parser nor its seconds of work.
 */
export function parseDocument(
  text: string,
  source: string,
  options: ParseDocumentOptions = {},
): Promise<ParsedDocument> {
  const folder = options.cache === undefined ? cacheFolder() : options.cache || undefined;
  const key = `${memoKey(text, source)}\u0000${folder ?? ''}`;
  let output = parsed.get(key);
  if (output === undefined) {
    output = parseOnce(text, source, folder);
    if (parsed.size >= keep) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, output);
    output.catch(() => parsed.delete(key));
  }
  return output;
}

async function parseOnce(text: string, source: string, folder: string | undefined): Promise<ParsedDocument> {
  const version = folder === undefined ? undefined : installedParserVersion();
  const key = folder && version ? await cacheKey(text, source, version) : undefined;
  if (folder && key) {
    const hit = await readCachedParse(folder, key);
    if (hit) return { errors: [], version: hit.version, json: hit.json, source: undefined, fromCache: true };
  }
  parser ??= loadParser().then(
    // Without the resolver's cache of files: a file a document `$ref`s is read as it is now, in a long-lived
    // process too (the on-disk cache is keyed by what the files hold).
    ({ Parser }) => {
      const rules = precompiledRules();
      const ruleset = rules && ({ rules } as NonNullable<ParserOptions['ruleset']>);
      return new Parser({ ...(ruleset && { ruleset }), __unstable: { resolver: { cache: false } } });
    },
    (error: unknown) => {
      parser = undefined;
      throw error;
    },
  );
  const output = await (await parser).parse(text, { source });
  const errors = output.diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => ({
      path: d.path,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      message: d.message,
    }));
  const read: ParsedDocument = {
    errors,
    version: output.document?.version(),
    json: output.document?.json(),
    source: output.extras?.document as SourceDocument | undefined,
    fromCache: false,
  };
  if (folder && key && errors.length === 0 && read.version !== undefined)
    await writeCachedParse(folder, key, { version: read.version, json: read.json });
  return read;
}

/**
 * The text's hash; with the source too when the document `$ref`s other files, which resolve relative to it.
 * The parse output is only read (the loader copies what it keeps).
 */
function memoKey(text: string, source: string): string {
  const hash = createHash('sha256').update(text).digest('hex');
  return refersOutside(text) ? `${hash}\u0000${source}` : hash;
}

function refersOutside(text: string): boolean {
  for (const match of text.matchAll(/["']?\$ref["']?\s*:\s*["']?([^"'\s,}]*)/g))
    if (!match[1]!.startsWith('#')) return true;
  return false;
}

/** Forgets the documents parsed in this process (tests use it to read as a new process would). */
export function forgetParsedDocuments(): void {
  parsed.clear();
  parser = undefined;
}
