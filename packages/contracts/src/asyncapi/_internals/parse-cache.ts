import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { decodeGraph, type EncodedGraph, encodeGraph, NotEncodable } from './object-graph.js';

/** What the loader keeps of a document `@asyncapi/parser` read without an error. */
export interface CachedParse {
  /** The document's `asyncapi` version, as `document.version()` says it. */
  version: string;
  /** `document.json()`: the dereferenced document, traits applied, shared objects shared. */
  json: unknown;
}

/** Bump when what an entry holds changes: older entries are then never read. */
const entryFormat = 1;
/** Entries beyond this many, the least recently written, are deleted when one is written. */
const keepEntries = 256;
const maxReferencedFiles = 200;

/**
 * The folder of cached parses: `$EVENTSPEC_CACHE_DIR/asyncapi` when set (`off` turns the cache off), else
 * `node_modules/.cache/eventspec/asyncapi` in the nearest folder above the working directory that has a
 * `node_modules`; none without one.
 */
export function cacheFolder(
  cwd: string = process.cwd(),
  env: string | undefined = process.env.EVENTSPEC_CACHE_DIR,
): string | undefined {
  if (env !== undefined && env !== '')
    return ['off', '0', 'false'].includes(env) ? undefined : resolve(cwd, env, 'asyncapi');
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules')))
      return join(dir, 'node_modules', '.cache', 'eventspec', 'asyncapi');
    if (dirname(dir) === dir) return undefined;
  }
}

let parserVersion: string | undefined | null = null;

/** The installed `@asyncapi/parser`'s version, found without loading it; undefined when it is not installed. */
export function installedParserVersion(): string | undefined {
  if (parserVersion !== null) return parserVersion;
  parserVersion = undefined;
  try {
    const manifest = createRequire(import.meta.url).resolve('@asyncapi/parser/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    if (typeof version === 'string') parserVersion = version;
  } catch {
    // Not installed: the loader says how to install it.
  }
  return parserVersion;
}

const ownVersion = (() => {
  try {
    return String(
      (
        JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
          version?: string;
        }
      ).version,
    );
  } catch {
    return 'unknown';
  }
})();

const refPattern = /["']?\$ref["']?\s*:\s*["']?([^"'\s,}]*)/g;

/**
 * The files a text `$ref`s, and theirs, by path with their text; undefined when one cannot be told for sure:
 * a `$ref` the pattern does not read, a URL, a file that cannot be read (the parser then says what is wrong).
 */
async function referencedFiles(text: string, source: string): Promise<Map<string, string> | undefined> {
  const files = new Map<string, string>();
  const pending: [string, string][] = [[text, source]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [body, from] = next;
    const refs = [...body.matchAll(refPattern)].map((m) => m[1]!);
    if (refs.length !== body.split('$ref').length - 1) return undefined;
    for (const ref of refs) {
      if (ref.startsWith('#')) continue;
      const path = ref.split('#')[0]!;
      if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('%')) return undefined;
      if (/^[a-z][a-z0-9+.-]+:/i.test(from)) return undefined;
      const file = resolve(dirname(from), path);
      if (files.has(file)) continue;
      if (files.size >= maxReferencedFiles) return undefined;
      const content = await readFile(file, 'utf8').catch(() => undefined);
      if (content === undefined) return undefined;
      files.set(file, content);
      pending.push([content, file]);
    }
  }
  return files;
}

/**
 * The cache key of a text read from `source`: its hash, the parser's and eventspec's versions, and — when it
 * `$ref`s other files — its path and every file it reaches, so editing one of them is a new key.
 */
export async function cacheKey(text: string, source: string, parser: string): Promise<string | undefined> {
  const files = await referencedFiles(text, source);
  if (files === undefined) return undefined;
  const hash = createHash('sha256').update(`eventspec asyncapi ${entryFormat} ${ownVersion} ${parser}\0`);
  hash.update(text);
  if (files.size > 0) hash.update(`\0${source}`);
  for (const [file, content] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`\0${file}\0${createHash('sha256').update(content).digest('hex')}`);
  return hash.digest('hex');
}

/** The cached parse under `key`; undefined when there is none or it cannot be read as one. */
export async function readCachedParse(folder: string, key: string): Promise<CachedParse | undefined> {
  try {
    const entry = JSON.parse(await readFile(join(folder, `${key}.json`), 'utf8')) as {
      format?: unknown;
      version?: unknown;
      json?: EncodedGraph;
    };
    if (entry.format !== entryFormat || typeof entry.version !== 'string' || entry.json === undefined)
      return undefined;
    return { version: entry.version, json: decodeGraph(entry.json) };
  } catch {
    return undefined;
  }
}

/**
 * Keeps a parse under `key` (written whole, then renamed into place, so a reader never sees half an entry).
 * A cache that cannot be written only costs speed: failures are ignored.
 */
export async function writeCachedParse(folder: string, key: string, parse: CachedParse): Promise<void> {
  let text: string;
  try {
    text = JSON.stringify({ format: entryFormat, version: parse.version, json: encodeGraph(parse.json) });
  } catch (error) {
    if (error instanceof NotEncodable) return;
    throw error;
  }
  try {
    await mkdir(folder, { recursive: true });
    const file = join(folder, `${key}.json`);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
    await prune(folder);
  } catch {
    // No cache this time.
  }
}

async function prune(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.json'));
  if (names.length <= keepEntries) return;
  const dated = await Promise.all(
    names.map(async (name) => ({ name, time: (await stat(join(folder, name))).mtimeMs })),
  );
  dated.sort((a, b) => b.time - a.time);
  await Promise.all(dated.slice(keepEntries).map(({ name }) => rm(join(folder, name), { force: true })));
}
