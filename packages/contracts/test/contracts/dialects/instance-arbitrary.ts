// Values shaped by a schema of any dialect, valid or not (the tests filter with ajv): used to check
// "compatible" verdicts independently of the checker.
import fc from 'fast-check';

const scalars = fc.oneof(
  fc.constantFrom('', 'a', 'ABC', 'a@example.com', '2024-01-02', 'not an email', 'x-1', 'US', 'card', 'web'),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -5, max: 120 }),
  fc.double({ min: -5, max: 120, noNaN: true }),
  fc.constantFrom(0, 1, 5, 10, 100, 0.5, null, true, false),
);

function resolve(ref: string, root: unknown): unknown {
  let target = root;
  for (const part of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof target !== 'object' || target === null) return {};
    target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return target ?? {};
}

/** An arbitrary of values around a schema: its enums, tuples, properties, optional and extra keys. */
export function instancesOf(schema: unknown, root: unknown = schema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null || depth > 4) return scalars;
  const s = schema as Record<string, unknown>;
  const options: fc.Arbitrary<unknown>[] = [scalars];
  const sub = (x: unknown) => instancesOf(x, root, depth + 1);
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) options.push(sub(resolve(s.$ref, root)));
  if (Array.isArray(s.enum) && s.enum.length > 0) options.push(fc.constantFrom(...s.enum));
  if ('const' in s) options.push(fc.constant(s.const));
  for (const k of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(s[k])) options.push(...(s[k] as unknown[]).map(sub));
  const types = [s.type].flat();
  const typed: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'a@example.com', 'x-1')),
    integer: fc.integer({ min: -5, max: 120 }),
    number: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: -5, max: 120, noNaN: true })),
    null: fc.constant(null),
    boolean: fc.boolean(),
  };
  for (const t of types) if (typeof t === 'string' && typed[t]) options.push(typed[t], typed[t]);
  if (s.format === 'email') options.push(fc.constant('a@example.com'), fc.constant('a@example.com'));
  if (types.includes('string') && typeof s.pattern === 'string')
    options.push(fc.stringMatching(new RegExp(s.pattern)));
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  if (types.includes('array') || tuple || rest !== undefined || s.contains !== undefined) {
    const element = fc.oneof(sub(rest ?? {}), s.contains === undefined ? scalars : sub(s.contains));
    const head = tuple ? fc.tuple(...tuple.map(sub)) : fc.constant([] as unknown[]);
    options.push(
      fc
        .tuple(head, fc.array(element, { maxLength: 4 }), fc.nat(tuple?.length ?? 0))
        .map(([h, more, cut]) => [...h.slice(0, h.length - (cut % 2 === 0 ? 0 : cut)), ...more]),
    );
  }
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const names = Object.keys(properties);
  if (types.includes('object') || names.length > 0 || s.additionalProperties !== undefined) {
    const shaped: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(
      names.map((n) => [n, sub(properties[n])]),
    );
    const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, unknown>);
    for (const [p, x] of patterns) shaped[`x-${p.length}`] = sub(x);
    shaped.extra = sub(typeof s.additionalProperties === 'object' ? s.additionalProperties : {});
    shaped.card = scalars;
    shaped.email = scalars;
    const required = (Array.isArray(s.required) ? s.required : []).filter((n) => n in shaped);
    options.push(fc.record(shaped, { requiredKeys: [] }), fc.record(shaped, { requiredKeys: required }));
  }
  return fc.oneof(...options);
}
