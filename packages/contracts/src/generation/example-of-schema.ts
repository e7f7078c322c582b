import { EventspecUsageError } from '@eventspec/core/internal';
import { Checker } from '../compatibility/_internals/checker.js';
import { exampleOf } from '../compatibility/_internals/example-of.js';
import type { JsonSchema } from '../model/contract.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';

const noLibrary: SchemaLibrary = new Map();

/**
 * A small value valid under a schema (required properties only, shortest strings, values at the bounds),
 * checked with ajv; throws a usage error when none can be built (pass your own example then).
 * @example
 * const data = exampleOfSchema(registry.get('OrderPlaced@2').data, registry.library);
 */
export function exampleOfSchema(schema: JsonSchema, library: SchemaLibrary = noLibrary): unknown {
  const checker = new Checker({ sub: library, super: library });
  const value = exampleOf(checker, [{ schema, root: schema }]);
  if (value === undefined) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_NO_EXAMPLE',
      'No example value could be built from this schema (it may accept nothing, or use keywords the generator does not reason about). Pass an example explicitly.',
    );
  }
  return value;
}
