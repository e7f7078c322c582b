import { createHash } from 'node:crypto';
import type { ParseOutput } from '@asyncapi/parser';
import { loadParser } from './load-parser.js';

type Parser = InstanceType<Awaited<ReturnType<typeof loadParser>>['Parser']>;

let parser: Promise<Parser> | undefined;
const parsed = new Map<string, Promise<ParseOutput>>();
const keep = 16;

/**
 * Parses and validates an AsyncAPI document with `@asyncapi/parser`, loaded on the first document and one
 * instance per process. Each distinct text is parsed once per process: a gate reads the baseline and the
 * working tree, which usually hold the same document (the parser takes seconds on a busy machine).
 */
export function parseDocument(text: string, source: string): Promise<ParseOutput> {
  const key = cacheKey(text, source);
  let output = parsed.get(key);
  if (output === undefined) {
    output = parseOnce(text, source);
    if (parsed.size >= keep) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, output);
    output.catch(() => parsed.delete(key));
  }
  return output;
}

async function parseOnce(text: string, source: string): Promise<ParseOutput> {
  parser ??= loadParser().then(
    ({ Parser }) => new Parser(),
    (error: unknown) => {
      parser = undefined;
      throw error;
    },
  );
  return (await parser).parse(text, { source });
}

/**
 * The text's hash; with the source too when the document `$ref`s other files, which resolve relative to it.
 * The parse output is only read (the loader copies what it keeps).
 */
function cacheKey(text: string, source: string): string {
  const hash = createHash('sha256').update(text).digest('hex');
  return refersOutside(text) ? `${hash}\u0000${source}` : hash;
}

function refersOutside(text: string): boolean {
  for (const match of text.matchAll(/["']?\$ref["']?\s*:\s*["']?([^"'\s,}]*)/g))
    if (!match[1]!.startsWith('#')) return true;
  return false;
}
