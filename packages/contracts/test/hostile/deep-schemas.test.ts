// Depth alone never changes a verdict: the same change nested 1 to 3,000 levels deep is decided the same
// way, and each counterexample is confirmed by a validator that reads the schema level by level (a fresh
// ajv for each level's own keywords and for the leaf), independent of the checker's own validation.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { type CompatibilityMode, checkCompatibility, type JsonSchema } from '../../src/index.js';
import { validIn } from '../contracts/dialects/dialect-ajv.js';

const nest = (depth: number, leaf: JsonSchema): JsonSchema => {
  let schema = leaf;
  for (let i = 0; i < depth; i++)
    schema = { type: 'object', properties: { child: schema }, required: ['child'] };
  return schema;
};

/** Whether a value is valid under a `nest`ed schema: each level's keywords with `child` read as `true`, then the leaf. */
function validAlongPath(schema: JsonSchema, value: unknown): boolean {
  let [level, part] = [schema, value];
  while (typeof level === 'object' && (level.properties as { child?: JsonSchema } | undefined)?.child) {
    if (!validIn(levelSchema, part)) return false;
    level = (level.properties as { child: JsonSchema }).child;
    part = (part as { child: unknown }).child;
  }
  return validIn(level, part);
}
const levelSchema: JsonSchema = { type: 'object', properties: { child: true }, required: ['child'] };

/** How many `child` levels a value has above its leaf. */
function depthOf(value: unknown): number {
  let depth = 0;
  for (
    let v = value;
    typeof v === 'object' && v !== null && 'child' in v;
    v = (v as { child: unknown }).child
  )
    depth++;
  return depth;
}

/** The verdict of a change at a depth, each break as direction, rule, counterexample depth and leaf. */
function verdictAt(depth: number, from: JsonSchema, to: JsonSchema, mode: CompatibilityMode) {
  const [old, next] = [nest(depth, from), nest(depth, to)];
  const result = checkCompatibility(old, next, mode);
  const breaks = result.breaks.map((b) => {
    const [accepting, rejecting] = b.acceptedBy === 'old' ? [old, next] : [next, old];
    expect(validAlongPath(accepting, b.counterexample), `depth ${depth}: accepted by ${b.acceptedBy}`).toBe(
      true,
    );
    expect(validAlongPath(rejecting, b.counterexample), `depth ${depth}: rejected by ${b.rejectedBy}`).toBe(
      false,
    );
    if (depth <= 150) {
      expect(validIn(accepting, b.counterexample)).toBe(true);
      expect(validIn(rejecting, b.counterexample)).toBe(false);
    }
    let leaf: unknown = b.counterexample;
    for (let i = 0; i < depth; i++) leaf = (leaf as { child: unknown }).child;
    expect(b.path).toBe(Array.from({ length: depth }, () => 'child').join('.'));
    return `${b.direction} ${b.rule} at ${depthOf(b.counterexample)} levels: ${JSON.stringify(leaf)}`;
  });
  return { verdict: result.verdict, breaks, unproven: result.unproven.map((u) => u.reason) };
}

test('a string → integer change 2,000 levels deep gets the verdict it gets 10 levels deep', () => {
  const shallow = verdictAt(10, { type: 'string' }, { type: 'integer' }, 'BACKWARD');
  const deep = verdictAt(2_000, { type: 'string' }, { type: 'integer' }, 'BACKWARD');
  expect(deep).toEqual({
    ...shallow,
    breaks: [shallow.breaks[0]!.replace('at 10 levels', 'at 2000 levels')],
  });
  expect(deep).toMatchInlineSnapshot(`
    {
      "breaks": [
        "backward type-narrowed at 2000 levels: """,
      ],
      "unproven": [],
      "verdict": "incompatible",
    }
  `);
}, 60_000);

const changes: Record<string, [JsonSchema, JsonSchema]> = {
  'string → integer': [{ type: 'string' }, { type: 'integer' }],
  'enum value removed': [{ enum: ['a', 'b'] }, { enum: ['a'] }],
  'maximum lowered': [
    { type: 'integer', maximum: 10 },
    { type: 'integer', maximum: 5 },
  ],
  unchanged: [
    { type: 'string', minLength: 1 },
    { type: 'string', minLength: 1 },
  ],
};

test('for every depth from 1 to 3,000 the same change gets the same verdict, with confirmed counterexamples', () => {
  const reference = Object.fromEntries(
    Object.entries(changes).map(([name, [from, to]]) => [name, verdictAt(1, from, to, 'FULL')]),
  );
  const depths = fc.sample(fc.integer({ min: 1, max: 3_000 }), { numRuns: 8, seed: 16 });
  // The edges of the checker's stack segments (48 levels) and of ajv's compilable height (64 JSON levels).
  const swept = [...new Set([2, 31, 32, 33, 47, 48, 49, 96, 97, 100, 101, 3_000, ...depths])];
  for (const depth of swept) {
    const name = Object.keys(changes)[depth % Object.keys(changes).length]!;
    const [from, to] = changes[name]!;
    const found = verdictAt(depth, from, to, 'FULL');
    const expected = reference[name]!;
    expect(
      { ...found, breaks: found.breaks.map((b) => b.replace(` at ${depth} levels`, ' at 1 levels')) },
      `${name} at depth ${depth}`,
    ).toEqual(expected);
  }
}, 240_000);

test('through items and through not, a change 300 and 1,500 levels deep gets its verdict at 10 levels', () => {
  const wrappers: Record<string, (schema: JsonSchema) => JsonSchema> = {
    items: (schema) => ({ type: 'array', items: schema }),
    'not not': (schema) => ({ not: { not: schema } }),
  };
  const verdicts = Object.entries(wrappers).map(([name, wrap]) => {
    const deep = (depth: number, leaf: JsonSchema) => {
      let schema = leaf;
      for (let i = 0; i < depth; i++) schema = wrap(schema);
      return schema;
    };
    return [10, 300, 1_500].map((depth) => {
      const result = checkCompatibility(
        deep(depth, { type: 'string' }),
        deep(depth, { type: 'integer' }),
        'BACKWARD',
      );
      return `${name} ${depth}: ${result.verdict} ${result.breaks.map((b) => b.rule).join(', ')}`;
    });
  });
  expect(verdicts).toMatchInlineSnapshot(`
    [
      [
        "items 10: incompatible type-narrowed",
        "items 300: incompatible type-narrowed",
        "items 1500: incompatible type-narrowed",
      ],
      [
        "not not 10: incompatible not-changed",
        "not not 300: incompatible not-changed",
        "not not 1500: incompatible not-changed",
      ],
    ]
  `);
}, 120_000);
