import { subschemasOf } from './subschema-keywords.js';

/**
 * `$ref`s that come back to where they started without going into the message: `{ "$ref": "#" }`, two
 * `$defs` that refer to each other, an `allOf` holding a `$ref` to its own schema. Every value would make a
 * validator loop for ever (JSON Schema 2020-12 §9.4.1 calls such a schema invalid), so they are problems of
 * the schema. A `$ref` reached through `properties`, `items` and the like goes one level into the message:
 * that is a recursive schema (a tree, a list), and fine.
 */
export function referenceLoops(schema: object): { pointer: string; message: string }[] {
  const nodes = subschemasOf(schema);
  const pointerOf = new Map<object, string>(nodes.map((n) => [n.schema, n.pointer]));
  const inPlace = (node: object): object[] => {
    const next: object[] = [];
    const s = node as Record<string, unknown>;
    const ref = s.$ref;
    if (typeof ref === 'string' && (ref === '' || ref.startsWith('#'))) {
      const target = resolvePointer(schema, ref);
      if (typeof target === 'object' && target !== null) next.push(target);
    }
    for (const key of inPlaceLists)
      if (Array.isArray(s[key])) for (const sub of s[key] as unknown[]) if (isSchema(sub)) next.push(sub);
    for (const key of inPlaceOne) if (isSchema(s[key])) next.push(s[key] as object);
    if (isSchemaMap(s.dependentSchemas)) next.push(...(Object.values(s.dependentSchemas) as object[]));
    return next;
  };
  // Depth-first over the in-place edges, without recursion: a node met again while on the path is a loop.
  const state = new Map<object, 'open' | 'done'>();
  const loops: { pointer: string; message: string }[] = [];
  for (const { schema: start } of nodes) {
    if (state.has(start)) continue;
    const path: { node: object; next: object[] }[] = [{ node: start, next: inPlace(start) }];
    state.set(start, 'open');
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const child = top.next.pop();
      if (child === undefined) {
        state.set(top.node, 'done');
        path.pop();
        continue;
      }
      const seen = state.get(child);
      if (seen === 'open') {
        const from = path.findIndex((p) => p.node === child);
        const places = path.slice(from).map((p) => pointerOf.get(p.node) ?? '(a $ref target)');
        const shown = [...places, places[0]!].map((p) => (p === '' ? '#' : `#${p}`)).join(' → ');
        loops.push({
          pointer: pointerOf.get(top.node) ?? '',
          message: `the schema refers back to itself without going into the message (${shown}): any value would make a validator loop for ever; put the $ref under properties, items or another keyword that goes one level down`,
        });
      } else if (seen === undefined) {
        state.set(child, 'open');
        path.push({ node: child, next: inPlace(child) });
      }
    }
  }
  return loops;
}

const inPlaceLists = ['allOf', 'anyOf', 'oneOf'];
const inPlaceOne = ['not', 'if', 'then', 'else'];

function isSchema(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchemaMap(value: unknown): value is Record<string, object> {
  return isSchema(value) && Object.values(value).every(isSchema);
}

/** The value at a `$ref`'s JSON pointer fragment (`#`, `#/$defs/a`, `` for the whole document). */
function resolvePointer(root: object, ref: string): unknown {
  const fragment = ref.startsWith('#') ? ref.slice(1) : ref;
  if (fragment !== '' && !fragment.startsWith('/')) return undefined; // an anchor: not followed
  let target: unknown = root;
  for (const raw of fragment.split('/').slice(1)) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (typeof target !== 'object' || target === null) return undefined;
    target = (target as Record<string, unknown>)[token];
  }
  return target;
}
