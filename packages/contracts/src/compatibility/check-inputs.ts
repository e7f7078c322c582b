import { EventspecUsageError } from '@eventspec/core/internal';
import { compatibilityModes, isCompatibilityMode } from '../model/compatibility-mode.js';
import { assertSchema } from '../validation/schema-problems.js';

/**
 * Refuses what no verdict can be given about: an unknown or missing mode, unknown option keys, libraries
 * that are not maps, and schemas that are not valid in their dialect (each with a coded error).
 */
export function assertCompatibilityInputs(
  api: string,
  mode: unknown,
  options: unknown,
  schemas: readonly [string, unknown][],
  expectedShape?: string,
): void {
  const optionKeys = api === 'checkHistory' ? ['library', 'labels'] : ['library', 'oldLibrary', 'newLibrary'];
  if (!isCompatibilityMode(mode)) {
    throw new EventspecUsageError(
      'EVENTSPEC_COMPATIBILITY_MODE_UNKNOWN',
      `${api}: ${mode === undefined ? 'no compatibility mode was given' : `${JSON.stringify(mode)} is not a compatibility mode`}. Pass one of ${compatibilityModes.join(', ')}.`,
      { actual: mode, expected: compatibilityModes },
    );
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EventspecUsageError(
      'EVENTSPEC_COMPATIBILITY_OPTIONS_INVALID',
      `${api}: options must be an object (${optionKeys.join(', ')}), not ${JSON.stringify(options)}.`,
      { actual: options, expected: optionKeys },
    );
  }
  const unknown = Object.keys(options).filter((k) => !optionKeys.includes(k));
  const notMaps = optionKeys
    .filter((k) => k !== 'labels')
    .filter(
      (k) =>
        (options as Record<string, unknown>)[k] !== undefined &&
        !((options as Record<string, unknown>)[k] instanceof Map),
    );
  if (unknown.length > 0 || notMaps.length > 0) {
    const problems = [
      ...unknown.map((k) => `unknown option "${k}"`),
      ...notMaps.map((k) => `"${k}" must be a Map of $id → schema`),
    ];
    throw new EventspecUsageError(
      'EVENTSPEC_COMPATIBILITY_OPTIONS_INVALID',
      `${api}: ${problems.join('; ')}. Known options: ${optionKeys.join(', ')}.`,
      { actual: Object.keys(options), expected: optionKeys },
    );
  }
  if (expectedShape !== undefined) {
    const [name, value] = schemas[0]!;
    throw new EventspecUsageError(
      'EVENTSPEC_SCHEMA_INVALID',
      `${api}: ${name} must be ${expectedShape}, not ${value === undefined ? 'undefined' : JSON.stringify(value)}.`,
      { actual: value, expected: expectedShape },
    );
  }
  for (const [name, schema] of schemas) assertSchema(schema, name, api);
}
