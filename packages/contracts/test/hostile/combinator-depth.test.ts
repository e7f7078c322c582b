// Combinators nested thousands deep decide as they do one level deep: `{ anyOf: [x] }` wrapped 3,000 times,
// or `anyOf: [null, anyOf: [null, …]]`, is the same set of values as its flat form, so the verdict and the
// counterexample must be the same (they were "cannot prove" past about 200 levels). Each counterexample is
// confirmed by a fresh ajv on the flat form, which ajv can compile.
import { expect, test } from 'vitest';
import { checkCompatibility, type JsonSchema } from '../../src/index.js';
import { validIn } from '../contracts/dialects/dialect-ajv.js';

type Shape = {
  name: string;
  /** The schema nested `depth` times around `leaf`. */
  nested: (depth: number, leaf: JsonSchema) => JsonSchema;
  /** The same set of values, flat. */
  flat: (leaf: JsonSchema) => JsonSchema;
};

const wrap =
  (wrapper: (inner: JsonSchema) => JsonSchema) =>
  (depth: number, leaf: JsonSchema): JsonSchema => {
    let schema = leaf;
    for (let i = 0; i < depth; i++) schema = wrapper(schema);
    return schema;
  };

const shapes: Shape[] = [
  { name: 'allOf: [x]', nested: wrap((x) => ({ allOf: [x] })), flat: (leaf) => leaf },
  { name: 'anyOf: [x]', nested: wrap((x) => ({ anyOf: [x] })), flat: (leaf) => leaf },
  { name: 'oneOf: [x]', nested: wrap((x) => ({ oneOf: [x] })), flat: (leaf) => leaf },
  {
    name: 'anyOf: [null, x]',
    nested: wrap((x) => ({ anyOf: [{ type: 'null' }, x] })),
    flat: (leaf) => ({ anyOf: [{ type: 'null' }, leaf] }),
  },
  {
    name: 'allOf: [{ minLength: 0 }, x]',
    nested: wrap((x) => ({ allOf: [{ minLength: 0 }, x] })),
    flat: (leaf) => ({ allOf: [{ minLength: 0 }, leaf] }),
  },
];
const changes: { name: string; old: JsonSchema; new: JsonSchema }[] = [
  { name: 'string → integer', old: { type: 'string' }, new: { type: 'integer' } },
  { name: 'maxLength 10 → 5', old: { type: 'string', maxLength: 10 }, new: { type: 'string', maxLength: 5 } },
  { name: 'unchanged', old: { type: 'string' }, new: { type: 'string' } },
];
const depths = [1, 10, 199, 256, 257, 1_000, 3_000];

test.each(shapes)(
  '$name nested 1 to 3,000 deep: the verdict of the flat form, a counterexample it confirms',
  (shape) => {
    for (const change of changes) {
      const reference = checkCompatibility(shape.flat(change.old), shape.flat(change.new), 'BACKWARD');
      for (const depth of depths) {
        const result = checkCompatibility(
          shape.nested(depth, change.old),
          shape.nested(depth, change.new),
          'BACKWARD',
        );
        expect(result.verdict, `${change.name} at depth ${depth}`).toBe(reference.verdict);
        for (const broken of result.breaks) {
          expect(validIn(shape.flat(change.old), broken.counterexample)).toBe(true);
          expect(validIn(shape.flat(change.new), broken.counterexample)).toBe(false);
        }
      }
      expect(reference.verdict).toBe(change.name === 'unchanged' ? 'compatible' : 'incompatible');
    }
  },
);
