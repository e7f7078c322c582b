type Json = Record<string, unknown>;

/** Where a value is written in the text of an AsyncAPI document: its JSON pointer, and its line and column. */
export interface PlaceInDocument {
  pointer: string;
  line?: number;
  column?: number;
}

/** The part of a parsed document (`@asyncapi/parser`'s `extras.document`) that finds ranges of the text. */
export interface SourceDocument {
  data: unknown;
  getRangeForJsonPath(
    path: (string | number)[],
    closest?: boolean,
  ): { start: { line: number; character: number } } | undefined;
}

/**
 * Where the value at `path` of the dereferenced document is written: local `$ref`s are followed (a channel's
 * message that points at `#/components/messages/X` is written there), and a message field that comes from a
 * message trait is the trait's. Falls back to the closest place that exists.
 */
export function placeInDocument(source: SourceDocument | undefined, path: string[]): PlaceInDocument {
  if (source === undefined) return { pointer: toPointer(path) };
  const written = writtenPath(source.data, path) ?? path;
  const range = source.getRangeForJsonPath(written, true);
  return {
    pointer: toPointer(written),
    ...(range && { line: range.start.line + 1, column: range.start.character + 1 }),
  };
}

/** The path the value is written at, following `$ref`s and message traits; undefined when it is not written. */
function writtenPath(root: unknown, path: string[]): string[] | undefined {
  let at: string[] = [];
  let node = root;
  for (const [index, key] of path.entries()) {
    const followed = follow(root, node, at);
    node = followed.node;
    at = followed.at;
    if (!isObject(node)) return undefined;
    if (!(key in node) && index === path.length - 1) return inTraits(root, node, at, key);
    node = node[key];
    at = [...at, key];
  }
  return at;
}

/** The trait of a message that sets `key`, the last one winning as traits are applied in order. */
function inTraits(root: unknown, message: Json, at: string[], key: string): string[] | undefined {
  const traits = message.traits;
  if (!Array.isArray(traits)) return undefined;
  for (let i = traits.length - 1; i >= 0; i--) {
    const trait = follow(root, traits[i], [...at, 'traits', String(i)]);
    if (isObject(trait.node) && key in trait.node) return [...trait.at, key];
  }
  return undefined;
}

function follow(root: unknown, node: unknown, at: string[]): { node: unknown; at: string[] } {
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (seen.has(node.$ref)) break;
    seen.add(node.$ref);
    at = node.$ref.slice(2).split('/').map(pointerSegment);
    node = at.reduce<unknown>((n, k) => (isObject(n) ? n[k] : undefined), root);
  }
  return { node, at };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function pointerSegment(segment: string): string {
  return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
}

function toPointer(path: string[]): string {
  return path.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
