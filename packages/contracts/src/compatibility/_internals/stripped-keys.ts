import { isAnnotation, mapKeywords } from './schema-node.js';

/**
 * Equal keys for schemas that are equal once annotations are stripped (`jsonEqual(stripAnnotations(a),
 * stripAnnotations(b))`, object key order ignored). Each object gets its key once, from its children's keys,
 * so asking it of every level of a schema 3,000 levels deep costs one walk (comparing stripped copies level
 * by level cost a walk per level). Iterative: any depth. One instance per check: keys are interned in it.
 */
export class StrippedKeys {
  readonly #interned = new Map<string, string>();
  readonly #schemas = new WeakMap<object, string>();
  readonly #raw = new WeakMap<object, string>();

  /** The key of a schema (or of any value read as one). */
  of(schema: unknown): string {
    return this.#key(schema, this.#schemas, schemaChildren, (o) => this.#schemaText(o));
  }

  #rawOf(value: unknown): string {
    return this.#key(value, this.#raw, rawChildren, (o) => this.#rawText(o));
  }

  #key(
    value: unknown,
    cache: WeakMap<object, string>,
    children: (o: object) => unknown[],
    text: (o: object) => string,
  ): string {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
    const stack: [object, boolean][] = [[value, false]];
    const open = new Set<object>();
    while (stack.length > 0) {
      const [current, expanded] = stack.pop()!;
      if (cache.has(current)) continue;
      if (!expanded) {
        if (open.has(current)) throw new TypeError('a schema that contains itself has no JSON form');
        open.add(current);
        stack.push([current, true]);
        for (const next of children(current))
          if (typeof next === 'object' && next !== null && !cache.has(next)) stack.push([next, false]);
        continue;
      }
      open.delete(current);
      const own = text(current);
      let id = this.#interned.get(own);
      if (id === undefined) {
        id = `#${this.#interned.size}`;
        this.#interned.set(own, id);
      }
      cache.set(current, id);
    }
    return cache.get(value)!;
  }

  #schemaText(o: object): string {
    if (Array.isArray(o)) return `[${o.map((v) => this.of(v)).join(',')}]`;
    const parts: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (mapKeywords.has(k) && typeof v === 'object' && v !== null) {
        const names = Object.entries(v).map(([name, sub]) => `${JSON.stringify(name)}:${this.of(sub)}`);
        parts.push(`${JSON.stringify(k)}:{${names.sort().join(',')}}`);
      } else if (k === 'enum' || k === 'const') parts.push(`${JSON.stringify(k)}:${this.#rawOf(v)}`);
      else if (!isAnnotation(k)) parts.push(`${JSON.stringify(k)}:${this.of(v)}`);
    }
    return `{${parts.sort().join(',')}}`;
  }

  #rawText(o: object): string {
    if (Array.isArray(o)) return `[${o.map((v) => this.#rawOf(v)).join(',')}]`;
    const parts = Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}:${this.#rawOf(v)}`);
    return `{${parts.sort().join(',')}}`;
  }
}

/** The objects a schema's key is made of (map keywords' values; `enum` / `const` are keyed as raw JSON). */
function schemaChildren(o: object): unknown[] {
  if (Array.isArray(o)) return o;
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (mapKeywords.has(k) && typeof v === 'object' && v !== null) out.push(...Object.values(v));
    else if (k !== 'enum' && k !== 'const' && !isAnnotation(k)) out.push(v);
  }
  return out;
}

function rawChildren(o: object): unknown[] {
  return Object.values(o);
}
