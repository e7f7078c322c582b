// Inputs a hostile user brings: documents we wrote, mutated at random places by fast-check, and a judge of
// what came out — a result, or an EventspecError with a stable code; never a raw TypeError or RangeError.
import { EventspecError } from '@eventspec/core';
import fc from 'fast-check';

/** One mutation of a JSON document: where (a path of indexes into its keys) and what. */
export interface Mutation {
  path: number[];
  kind: 'replace' | 'delete' | 'wrap-in-array' | 'null' | 'stringify';
  value: unknown;
}

/** Junk that breaks assumptions: wrong types, empty and huge values, prototype keys. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, [], {}, '', -1, 0, 1e308, Number.MAX_SAFE_INTEGER, '__proto__', 'constructor'),
  fc.constantFrom({ $ref: '#/nowhere' }, { $ref: 'https://x.test/missing.json' }, { type: 'bogus' }),
  fc.constantFrom({ type: ['string', 'null'] }, { enum: [] }, { allOf: [] }, { not: {} }, { items: false }),
);

/** A random mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
  kind: fc.constantFrom('replace', 'delete', 'wrap-in-array', 'null', 'stringify'),
  value: junk,
});

/** `document` with the mutations applied (a deep copy). */
export function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  let result = structuredClone(document);
  for (const m of mutations) result = applyOne(result, m.path, m);
  return result;
}

function applyOne(node: unknown, path: readonly number[], m: Mutation): unknown {
  if (path.length === 0 || node === null || typeof node !== 'object') return change(node, m);
  const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  if (keys.length === 0) return change(node, m);
  const key = keys[path[0]! % keys.length]!;
  const container = node as Record<string | number, unknown>;
  if (path.length === 1 && m.kind === 'delete') {
    if (Array.isArray(node)) node.splice(key as number, 1);
    else delete container[key];
    return node;
  }
  container[key] = applyOne(container[key], path.slice(1), m);
  return node;
}

function change(node: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'replace':
    case 'delete':
      return structuredClone(m.value);
    case 'wrap-in-array':
      return [node];
    case 'null':
      return null;
    case 'stringify':
      return JSON.stringify(node ?? null);
  }
}

/** What an API call came to: a value, or a coded error; anything else is a defect to report. */
export type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

/** Runs `call`; a thrown EventspecError with a code is an outcome, any other throw fails the property. */
export async function outcomeOf(what: string, call: () => unknown, deadlineMs: number): Promise<Outcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${deadlineMs} ms`)), deadlineMs);
  });
  const outcome = await Promise.race([Promise.resolve().then(call), hang]).then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome | Error => {
      if (error instanceof EventspecError && /^EVENTSPEC_[A-Z0-9_]+$/.test(error.code))
        return { ok: false, code: error.code };
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return new Error(`${what} threw a raw ${name} instead of a coded EventspecError: ${message}`, {
        cause: error,
      });
    },
  );
  clearTimeout(timer);
  if (outcome instanceof Error) throw outcome;
  // A synchronous call cannot be interrupted: check it after the fact.
  const elapsed = Date.now() - started;
  if (elapsed > deadlineMs) throw new Error(`${what} took ${elapsed} ms (deadline ${deadlineMs} ms)`);
  return outcome;
}
