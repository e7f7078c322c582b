/** A value of an encoded graph: a node (object or array) by its index, a JSON primitive, or `undefined`. */
type EncodedValue = { n: number } | { v: string | number | boolean | null } | { u: 1 };

/** An object's entries in order, or an array's items. */
type EncodedNode = { o: [string, EncodedValue][] } | { a: EncodedValue[] };

/**
 * A JSON-safe copy of a value whose objects may be shared or circular: a dereferenced AsyncAPI document
 * keeps one object for a message several channels `$ref` (the loader compares them by identity) and a
 * recursive schema refers to itself. Node 0 is the root.
 */
export interface EncodedGraph {
  nodes: EncodedNode[];
  root: EncodedValue;
}

/** Thrown for a value JSON cannot carry exactly (a class instance, a function, NaN, -0, …): it is not cached. */
export class NotEncodable extends Error {}

/** Encodes a graph of plain objects, arrays and JSON primitives, keeping which objects are the same object. */
export function encodeGraph(value: unknown): EncodedGraph {
  const nodes: EncodedNode[] = [];
  const index = new Map<object, number>();
  const encode = (v: unknown): EncodedValue => {
    if (v === undefined) return { u: 1 };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return { v };
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) throw new NotEncodable(`the number ${v}`);
      return { v };
    }
    if (typeof v !== 'object') throw new NotEncodable(`a ${typeof v}`);
    const known = index.get(v);
    if (known !== undefined) return { n: known };
    const at = nodes.length;
    index.set(v, at);
    if (Array.isArray(v)) {
      const items: EncodedValue[] = [];
      nodes.push({ a: items });
      for (let i = 0; i < v.length; i++) items.push(encode(v[i]));
      return { n: at };
    }
    const prototype = Object.getPrototypeOf(v);
    if (prototype !== Object.prototype && prototype !== null) throw new NotEncodable('a class instance');
    if (Object.getOwnPropertySymbols(v).length > 0) throw new NotEncodable('a symbol key');
    const entries: [string, EncodedValue][] = [];
    nodes.push({ o: entries });
    for (const key of Object.keys(v)) entries.push([key, encode((v as Record<string, unknown>)[key])]);
    return { n: at };
  };
  const root = encode(value);
  return { nodes, root };
}

/** The value {@link encodeGraph} encoded, with its shared and circular objects restored. */
export function decodeGraph(graph: EncodedGraph): unknown {
  const made = graph.nodes.map((node) => ('a' in node ? [] : {}) as Record<string, unknown> | unknown[]);
  const decode = (value: EncodedValue): unknown => {
    if ('u' in value) return undefined;
    if ('v' in value) return value.v;
    const node = made[value.n];
    if (node === undefined) throw new NotEncodable(`no node ${value.n}`);
    return node;
  };
  graph.nodes.forEach((node, i) => {
    const target = made[i]!;
    if ('a' in node) for (const item of node.a) (target as unknown[]).push(decode(item));
    else
      for (const [key, value] of node.o)
        Object.defineProperty(target, key, {
          value: decode(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
  });
  return decode(graph.root);
}
