// Every property runs with a fixed seed, so each CI run checks the same inputs (a random seed made CI a
// lottery); other seeds were swept before pinning (see the commit). Change a seed to explore further.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkCompatibility, type JsonSchema } from '../../src/index.js';
import { D4, D6, D7, D20, dialectUris, validIn } from './dialects/dialect-ajv.js';

const validate = validIn;

/**
 * A schema of the grammar below (written in 2020-12) said in another dialect: tuples as `items` arrays with
 * `additionalItems`, `$defs` as `definitions` before 2019-09, draft-04's boolean `exclusiveMaximum`.
 */
function inDialect(schema: unknown, uri: string, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inDialect(s, uri, false));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  const legacy = uri === D4 || uri === D6 || uri === D7;
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'enum' || k === 'const') out[k] = v;
    else if (k === '$ref' && legacy) out[k] = (v as string).replace('#/$defs/', '#/definitions/');
    else if (k === '$defs' && legacy) out.definitions = inDialect(v, uri, false);
    else if (k === 'properties' || k === 'patternProperties' || k === '$defs')
      out[k] = Object.fromEntries(Object.entries(v as object).map(([n, x]) => [n, inDialect(x, uri, false)]));
    else out[k] = inDialect(v, uri, false);
  }
  if (uri !== D20 && Array.isArray(out.prefixItems)) {
    const rest = out.items;
    out.items = out.prefixItems;
    delete out.prefixItems;
    if (rest === undefined) delete out.additionalItems;
    else out.additionalItems = rest;
  }
  if (legacy && (out.dependentRequired !== undefined || out.dependentSchemas !== undefined)) {
    out.dependencies = { ...(out.dependentSchemas as object), ...(out.dependentRequired as object) };
    delete out.dependentRequired;
    delete out.dependentSchemas;
  }
  // draft-04's meta-schema wants a non-empty `required`.
  if (uri === D4 && Array.isArray(out.required) && out.required.length === 0) delete out.required;
  if (uri === D4 && typeof out.exclusiveMaximum === 'number') {
    out.maximum = out.exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  if (top) out.$schema = uri;
  return out;
}

const names = ['a', 'b', 'c'] as const;
// Object properties also include `x`, `y` (nested objects) and `d` (additional or pattern properties).

const scalarSchema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    type: fc.constantFrom(
      'string',
      'number',
      'integer',
      'boolean',
      'null',
      ['string', 'null'],
      ['integer', 'string'],
    ),
  }),
  fc.record(
    { type: fc.constant('string'), minLength: fc.nat(3), maxLength: fc.integer({ min: 2, max: 6 }) },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('string'), pattern: fc.constantFrom('^[a-z]+$', '^[A-Z]', '^\\d{2}$', 'x') }),
  fc.record({ type: fc.constant('string'), format: fc.constantFrom('date', 'email', 'uuid') }),
  fc.record(
    {
      type: fc.constantFrom('number', 'integer'),
      minimum: fc.integer({ min: -2, max: 2 }),
      exclusiveMaximum: fc.integer({ min: 0, max: 5 }),
      multipleOf: fc.constantFrom(1, 2, 0.5),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({
    enum: fc.uniqueArray(fc.constantFrom('x', 'y', 1, 2, null, true), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ const: fc.constantFrom('x', 1, null) }),
);

const valueSchema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: scalarSchema },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constant('array'),
        items: scalarSchema,
        minItems: fc.nat(2),
        maxItems: fc.integer({ min: 1, max: 3 }),
        uniqueItems: fc.boolean(),
        contains: scalarSchema,
        minContains: fc.nat(2),
        maxContains: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['type'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ anyOf: fc.array(scalarSchema, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ oneOf: fc.array(scalarSchema, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ allOf: fc.array(scalarSchema, { minLength: 1, maxLength: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constant('array'),
        prefixItems: fc.array(scalarSchema, { minLength: 1, maxLength: 2 }),
        items: fc.oneof(fc.boolean(), scalarSchema),
        unevaluatedItems: fc.oneof(fc.boolean(), scalarSchema),
      },
      { requiredKeys: ['type', 'prefixItems'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record(
        {
          properties: fc.dictionary(fc.constantFrom('x', 'y'), scalarSchema, { maxKeys: 2 }),
          required: fc.subarray(['x', 'y']),
          additionalProperties: fc.boolean(),
        },
        { requiredKeys: ['properties'] },
      )
      .map((o) => ({ type: 'object', ...o })),
  },
  { weight: 1, arbitrary: fc.constantFrom({ $ref: '#/$defs/Code' }, { $ref: '#/$defs/Amount' }) },
);

/** A `dependentSchemas` value: constraints on the other properties. */
function valueOnlyObject(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      properties: fc.dictionary(fc.constantFrom('b', 'c'), scalarSchema, { maxKeys: 1 }),
      required: fc.subarray(['b', 'c'], { minLength: 1 }),
    },
    { requiredKeys: [] },
  );
}

const objectSchema: fc.Arbitrary<JsonSchema> = fc
  .record(
    {
      properties: fc.dictionary(fc.constantFrom(...names), valueSchema, { maxKeys: 3 }),
      required: fc.subarray([...names]),
      additionalProperties: fc.oneof(fc.boolean(), scalarSchema),
      minProperties: fc.nat(2),
      patternProperties: fc.dictionary(fc.constantFrom('^x', '^d$'), scalarSchema, { maxKeys: 1 }),
      maxProperties: fc.integer({ min: 1, max: 4 }),
      dependentRequired: fc.dictionary(fc.constantFrom('a', 'b'), fc.subarray(['b', 'c'], { minLength: 1 }), {
        maxKeys: 1,
      }),
      dependentSchemas: fc.dictionary(fc.constantFrom('a', 'c'), valueOnlyObject(), { maxKeys: 1 }),
      unevaluatedProperties: fc.oneof(fc.boolean(), scalarSchema),
      $defs: fc.record({ Code: scalarSchema, Amount: scalarSchema }),
    },
    { requiredKeys: ['properties', '$defs'] },
  )
  .map((s) => ({ type: 'object', ...s }));

/** One keyword of a property schema set to another value, or removed (`undefined`). */
const keywordChange: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(
    fc.constantFrom('minLength', 'maxLength', 'minItems', 'maxItems'),
    fc.option(fc.nat(4), { nil: undefined }),
  ),
  fc.tuple(
    fc.constantFrom('minimum', 'exclusiveMaximum'),
    fc.option(fc.integer({ min: -1, max: 4 }), { nil: undefined }),
  ),
  fc.tuple(fc.constant('multipleOf'), fc.constantFrom(undefined, 1, 2, 0.5)),
  fc.tuple(fc.constant('pattern'), fc.constantFrom(undefined, '^[a-z]+$', '^[A-Z]', 'x')),
  fc.tuple(fc.constant('format'), fc.constantFrom(undefined, 'date', 'email')),
  fc.tuple(
    fc.constant('type'),
    fc.constantFrom(undefined, 'string', 'integer', 'number', ['string', 'null']),
  ),
  fc.tuple(fc.constant('enum'), fc.constantFrom(undefined, ['x'], ['x', 'y'], [1, 2, null])),
  fc.tuple(fc.constant('uniqueItems'), fc.boolean()),
  fc.tuple(fc.constantFrom('minContains', 'maxContains'), fc.option(fc.nat(3), { nil: undefined })),
  fc.tuple(fc.constant('contains'), fc.constantFrom(undefined, { type: 'string' }, { const: 1 })),
);

/** A schema and a small change of it (one property's schema, required or the content model), or two unrelated schemas. */
const schemaPair: fc.Arbitrary<[JsonSchema, JsonSchema]> = fc.oneof(
  fc.tuple(objectSchema, objectSchema),
  fc
    .tuple(objectSchema, fc.constantFrom(...names), valueSchema, fc.nat(4), keywordChange)
    .map(([older, name, replacement, change, [keyword, value]]) => {
      const o = older as {
        properties: Record<string, unknown>;
        required?: string[];
        additionalProperties?: unknown;
      };
      const newer = structuredClone(o);
      const target = newer.properties[name] as Record<string, unknown> | undefined;
      if (change === 4 && target) {
        if (value === undefined) delete target[keyword];
        else target[keyword] = value;
      } else if (change === 0)
        newer.required = o.required?.includes(name)
          ? o.required.filter((n) => n !== name)
          : [...(o.required ?? []), name];
      else if (change === 1) newer.additionalProperties = o.additionalProperties !== false;
      else if (change === 2 && keyword === 'type') {
        // A change of the object itself: its evaluation, dependencies or size.
        const top = newer as Record<string, unknown>;
        if (value === 'string') top.unevaluatedProperties = top.unevaluatedProperties === false;
        else if (value === 'integer') top.dependentRequired = { [name]: ['b'] };
        else if (value === 'number') top.maxProperties = 2;
        else delete top.dependentSchemas;
      } else newer.properties = { ...o.properties, [name]: replacement };
      return [older, newer] as [JsonSchema, JsonSchema];
    }),
);

const scalarValue = fc.oneof(
  fc.constantFrom(
    'x',
    'y',
    '',
    'ab',
    'ABC',
    '12',
    'a@example.com',
    '2024-01-02',
    '123e4567-e89b-12d3-a456-426614174000',
    1,
    2,
    0,
    -1,
    0.5,
    3,
    null,
    true,
    false,
  ),
  fc.string({ maxLength: 5 }),
  fc.integer({ min: -3, max: 6 }),
);
const value = fc.oneof(scalarValue, fc.array(scalarValue, { maxLength: 3 }));
const message = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ a: value, b: value, c: value, d: value, x1: value }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Values shaped by a schema of the grammar above (not necessarily valid: the property filters with ajv). */
function valuesFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  const options: fc.Arbitrary<unknown>[] = [scalarValue];
  if (Array.isArray(s.enum)) options.push(fc.constantFrom(...(s.enum as unknown[])));
  if ('const' in s) options.push(fc.constant(s.const));
  if (typeof s.pattern === 'string') options.push(fc.stringMatching(new RegExp(s.pattern)));
  for (const combinator of [s.anyOf, s.oneOf, s.allOf]) {
    if (Array.isArray(combinator)) options.push(...combinator.map((branch) => valuesFor(branch, depth + 1)));
  }
  if (Array.isArray(s.prefixItems) && depth < 2)
    options.push(fc.tuple(...s.prefixItems.map((p) => valuesFor(p, depth + 1))));
  const types = [s.type].flat();
  if (types.includes('string')) options.push(fc.string({ maxLength: 7 }));
  if (types.includes('number') || types.includes('integer'))
    options.push(fc.integer({ min: -3, max: 8 }), fc.double({ min: -3, max: 8, noNaN: true }));
  if (types.includes('array') && depth < 2)
    options.push(fc.array(valuesFor(s.items, depth + 1), { maxLength: 4 }));
  if (types.includes('object') && depth < 2) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const shaped = Object.fromEntries(
      [...names, 'd'].map((n) => [n, valuesFor(properties[n] ?? s.additionalProperties, depth + 1)]),
    );
    options.push(fc.record(shaped, { requiredKeys: [] }));
  }
  return fc.oneof(...options);
}

const pairWithMessages = schemaPair.chain(([older, newer]) =>
  fc.tuple(
    fc.constant(older),
    fc.constant(newer),
    fc.array(fc.oneof(valuesFor(older), valuesFor(newer), message), { minLength: 30, maxLength: 60 }),
  ),
);

describe.each(dialectUris)('in %s', (uri) => {
  test('a schema pair is never called compatible when a message is accepted by one and rejected by the other', () => {
    fc.assert(
      fc.property(pairWithMessages, ([olderIn2020, newerIn2020, messages]) => {
        const older = inDialect(olderIn2020, uri) as JsonSchema;
        const newer = inDialect(newerIn2020, uri) as JsonSchema;
        const backward = checkCompatibility(older, newer, 'BACKWARD');
        const forward = checkCompatibility(older, newer, 'FORWARD');
        for (const m of messages) {
          const inOld = validate(older, m);
          const inNew = validate(newer, m);
          if (inOld && !inNew)
            expect(backward.verdict, `BACKWARD, message ${JSON.stringify(m)}`).not.toBe('compatible');
          if (inNew && !inOld)
            expect(forward.verdict, `FORWARD, message ${JSON.stringify(m)}`).not.toBe('compatible');
        }
        for (const b of [...backward.breaks, ...forward.breaks]) {
          const [accepting, rejecting] = b.acceptedBy === 'old' ? [older, newer] : [newer, older];
          expect(validate(accepting, b.counterexample)).toBe(true);
          expect(validate(rejecting, b.counterexample)).toBe(false);
        }
      }),
      { seed: 1, numRuns: uri === D20 ? 600 : 250 },
    );
  }, 120_000);

  test('a schema is always compatible with itself, in every direction', () => {
    fc.assert(
      fc.property(objectSchema, (schemaIn2020) => {
        const schema = inDialect(schemaIn2020, uri) as JsonSchema;
        expect(checkCompatibility(schema, structuredClone(schema), 'FULL').verdict).toBe('compatible');
      }),
      { seed: 2, numRuns: uri === D20 ? 200 : 60 },
    );
  }, 60_000);
});
