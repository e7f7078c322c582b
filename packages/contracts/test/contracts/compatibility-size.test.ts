// Schemas as big as generated ones get: a flat object of thousands of properties, nesting thousands of
// levels deep, an enum of 200,000 codes. No stack overflow, and a decidable verdict stays decided.
import { expect, test } from 'vitest';
import { checkCompatibility, type JsonSchema } from '../../src/index.js';
import { validIn } from './dialects/dialect-ajv.js';

const flat = (size: number, changed?: number): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(
    Array.from({ length: size }, (_, i) => [`field${i}`, { type: i === changed ? 'integer' : 'string' }]),
  ),
  required: ['field0'],
});
const nested = (depth: number, leaf: string, required = true): JsonSchema => {
  let schema: JsonSchema = { type: leaf };
  for (let i = 0; i < depth; i++)
    schema = { type: 'object', properties: { child: schema }, ...(required ? { required: ['child'] } : {}) };
  return schema;
};

test.each([1_500, 5_000, 10_000])(
  'a string → integer break among %i properties is decided, with a counterexample',
  (size) => {
    const old = flat(size);
    const next = flat(size, size - 3);
    const result = checkCompatibility(old, next, 'FULL');
    expect(result.verdict).toBe('incompatible');
    expect(result.breaks.map((b) => `${b.direction} ${b.path} ${b.rule}`)).toEqual([
      `backward field${size - 3} type-narrowed`,
      `forward field${size - 3} type-narrowed`,
    ]);
    for (const b of result.breaks) {
      const [accepting, rejecting] = b.acceptedBy === 'old' ? [old, next] : [next, old];
      expect(validIn(accepting, b.counterexample)).toBe(true);
      expect(validIn(rejecting, b.counterexample)).toBe(false);
    }
    expect(checkCompatibility(old, flat(size), 'FULL_TRANSITIVE').verdict).toBe('compatible');
  },
  60_000,
);

test('an optional property added to a closed 10,000-property object is BACKWARD compatible, FORWARD not', () => {
  const old = { ...(flat(10_000) as object), additionalProperties: false };
  const next = structuredClone(old) as unknown as { properties: Record<string, unknown> };
  next.properties.added = { type: 'boolean' };
  expect(checkCompatibility(old, next as JsonSchema, 'BACKWARD').verdict).toBe('compatible');
  const forward = checkCompatibility(old, next as JsonSchema, 'FORWARD');
  expect(forward.breaks.map((b) => `${b.path} ${b.rule} ${JSON.stringify(b.counterexample)}`)).toEqual([
    'added closed-content-model {"field0":"","added":true}',
  ]);
}, 60_000);

test.each([1_000, 2_000])(
  'schemas nested %i levels deep do not overflow the stack',
  (depth) => {
    expect(checkCompatibility(nested(depth, 'string'), nested(depth, 'string'), 'FULL').verdict).toBe(
      'compatible',
    );
    const leaf = checkCompatibility(nested(depth, 'string'), nested(depth, 'integer'), 'BACKWARD');
    expect(leaf.verdict).toBe('incompatible');
    expect(leaf.breaks.map((b) => `${b.path.split('.').length} ${b.rule}`)).toEqual([
      `${depth} type-narrowed`,
    ]);
    const root = checkCompatibility(
      nested(depth, 'string', false),
      { type: 'object', required: ['other'] },
      'BACKWARD',
    );
    expect(root.breaks.map((b) => `${b.rule} ${JSON.stringify(b.counterexample)}`)).toEqual([
      'required-added {}',
    ]);
    // A counterexample of the old schema must hold the whole required chain: examples are built 8 levels deep.
    const chain = checkCompatibility(
      nested(depth, 'string'),
      { type: 'object', required: ['other'] },
      'BACKWARD',
    );
    expect(chain.verdict).toBe('unproven');
  },
  60_000,
);

test('a change 99 levels deep is decided', () => {
  const result = checkCompatibility(nested(99, 'string'), nested(99, 'integer'), 'BACKWARD');
  expect(result.verdict).toBe('incompatible');
  expect(result.breaks[0]?.path).toBe(Array.from({ length: 99 }, () => 'child').join('.'));
}, 60_000);

test('removing one value from a 200,000-value enum is one break naming the value', () => {
  const values = Array.from({ length: 200_000 }, (_, i) => `code-${i}`);
  const result = checkCompatibility(
    { enum: values },
    { enum: values.filter((v) => v !== 'code-123456') },
    'FULL',
  );
  expect(result.breaks.map((b) => `${b.direction} ${b.rule}: ${b.message}`)).toEqual([
    'backward value-removed: the value "code-123456" is rejected',
  ]);
  const renamed = checkCompatibility(
    { enum: values },
    { enum: values.map((v) => v.toUpperCase()) },
    'BACKWARD',
  );
  expect(renamed.breaks.map((b) => b.message)).toEqual([
    'the values "code-0", "code-1", "code-2", "code-3", "code-4" and 199995 more are rejected',
  ]);
}, 60_000);
