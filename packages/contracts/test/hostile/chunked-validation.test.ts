// The checker validates schemas too deep for ajv in chunks (cut where a sub-schema applies to a part of the
// value, or to all of it through allOf; a deep `not` decided apart and negated). On random schemas 70–130 JSON levels deep, which ajv can still compile whole, the chunked answer
// is ajv's own, for valid and broken values alike.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { validateInChunks } from '../../src/compatibility/_internals/chunked-validation.js';
import type { JsonSchema } from '../../src/index.js';
import { validIn } from '../contracts/dialects/dialect-ajv.js';

type Step = 'property' | 'additional' | 'items' | 'prefix' | 'allOf' | 'notNot';

/** A schema nesting the steps, with a leaf, and a value following them (or breaking one level on purpose). */
function build(steps: readonly Step[], leaf: number, breakAt: number) {
  const leaves: [JsonSchema, unknown, unknown][] = [
    [{ type: 'string', minLength: 2 }, 'ab', 'a'],
    [{ type: 'integer', maximum: 5 }, 3, 7],
    [{ enum: ['x', 'y'] }, 'y', 'z'],
  ];
  let [schema, value, wrong] = leaves[leaf % leaves.length]!;
  let broken = breakAt === steps.length ? wrong : value;
  for (let i = steps.length - 1; i >= 0; i--) {
    const v = i === breakAt ? 'not an object or array' : undefined;
    switch (steps[i]) {
      case 'property':
        schema = { type: 'object', properties: { a: schema, b: { type: 'boolean' } }, required: ['a'] };
        [value, broken] = [{ a: value, b: true }, v ?? { a: broken }];
        break;
      case 'additional':
        schema = { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: schema };
        [value, broken] = [{ id: 'i', extra: value }, v ?? { id: 'i', extra: broken }];
        break;
      case 'items':
        schema = { type: 'array', items: schema, minItems: 1 };
        [value, broken] = [[value], v ?? [broken]];
        break;
      case 'prefix':
        schema = { type: 'array', prefixItems: [{ type: 'null' }, schema], items: false };
        [value, broken] = [[null, value], v ?? [null, broken]];
        break;
      case 'allOf':
        schema = { allOf: [schema, { not: { type: 'null' } }] };
        break;
      case 'notNot':
        schema = { not: { not: schema, type: 'boolean' } };
        break;
    }
  }
  return { schema, value, broken };
}

const steps = fc.array(
  fc.constantFrom<Step>('property', 'additional', 'items', 'prefix', 'allOf', 'notNot'),
  {
    minLength: 40,
    maxLength: 60,
  },
);

test('chunked validation of deep schemas agrees with ajv on the whole schema', () => {
  fc.assert(
    fc.property(steps, fc.nat(), fc.nat(), (path, leaf, at) => {
      const { schema, value, broken } = build(path, leaf, at % (path.length + 1));
      for (const instance of [value, broken]) {
        const chunked = validateInChunks(schema, instance, '2020-12', (s, v) => validIn(s as JsonSchema, v));
        expect(chunked).toBe(validIn(schema, instance));
      }
      expect(validIn(schema, value)).toBe(true);
    }),
    { numRuns: 40, seed: 1616 },
  );
}, 120_000);
