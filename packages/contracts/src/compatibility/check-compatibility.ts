import { type CompatibilityMode, directionsOf } from '../model/compatibility-mode.js';
import type { JsonSchema } from '../model/contract.js';
import { renderPath } from '../validation/contract-violation.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import { Checker } from './_internals/checker.js';
import { flattenCombinators } from './_internals/flatten-combinators.js';
import { type Segment, segmentsOf } from './_internals/outcome.js';
import { StrippedKeys } from './_internals/stripped-keys.js';
import { assertCompatibilityInputs } from './check-inputs.js';
import type {
  CompatibilityBreak,
  CompatibilityDirection,
  CompatibilityResult,
  UnprovenPoint,
} from './compatibility-result.js';

/** Options of {@link checkCompatibility} and {@link checkHistory}. */
export interface CompatibilityOptions {
  /** Shared schemas (by `$id`) the schemas `$ref`; per side when they differ. @default empty */
  library?: SchemaLibrary;
  oldLibrary?: SchemaLibrary;
  newLibrary?: SchemaLibrary;
}

/** A schema with the label breaks name it by (`OrderPlaced@2`) and the library its `$ref`s resolve in. */
export interface VersionedSchema {
  schema: JsonSchema;
  label: string;
  library: SchemaLibrary;
}

/**
 * Checks a schema change against a Schema Registry mode. BACKWARD: every message valid under `oldSchema` is
 * valid under `newSchema`; FORWARD: the reverse; FULL: both; NONE: nothing. Each break comes with a
 * counterexample checked with ajv; where inclusion can be neither proven nor refuted the verdict is
 * `unproven`, never `compatible`.
 * @example
 * const result = checkCompatibility(v1, v2, 'BACKWARD');
 * if (!result.compatible) console.log(result.breaks[0].counterexample);
 */
export function checkCompatibility(
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  mode: CompatibilityMode,
  options: CompatibilityOptions = {},
): CompatibilityResult {
  assertCompatibilityInputs('checkCompatibility', mode, options, [
    ['oldSchema', oldSchema],
    ['newSchema', newSchema],
  ]);
  const empty = noLibrary;
  const older = { schema: oldSchema, label: 'old', library: options.oldLibrary ?? options.library ?? empty };
  const newer = { schema: newSchema, label: 'new', library: options.newLibrary ?? options.library ?? empty };
  return compareVersions([older], newer, mode);
}

/**
 * Checks the newest schema of a history (oldest first) against the earlier ones: the previous version only,
 * or every earlier version for the `_TRANSITIVE` modes. Breaks name the versions as `v1`, `v2`, … or as
 * `labels` gives them.
 */
export function checkHistory(
  history: readonly JsonSchema[],
  mode: CompatibilityMode,
  options: CompatibilityOptions & { labels?: readonly string[] } = {},
): CompatibilityResult {
  if (!Array.isArray(history))
    assertCompatibilityInputs('checkHistory', mode, options, [['history', history]], 'an array of schemas');
  assertCompatibilityInputs(
    'checkHistory',
    mode,
    options,
    history.map((schema, i): [string, unknown] => [`history[${i}]`, schema]),
  );
  const library = options.library ?? noLibrary;
  const versions = history.map((schema, i) => ({
    schema,
    label: options.labels?.[i] ?? `v${i + 1}`,
    library,
  }));
  const candidate = versions.at(-1);
  if (candidate === undefined || versions.length === 1)
    return { mode, verdict: 'compatible', compatible: true, breaks: [], unproven: [] };
  const earlier = directionsOf(mode).transitive ? versions.slice(0, -1) : versions.slice(-2, -1);
  return compareVersions(earlier, candidate, mode);
}

const noLibrary: SchemaLibrary = new Map();

/** Compares a candidate schema with earlier ones (newest first is not required) under a mode. */
export function compareVersions(
  earlier: readonly VersionedSchema[],
  candidate: VersionedSchema,
  mode: CompatibilityMode,
): CompatibilityResult {
  const { backward, forward } = directionsOf(mode);
  const breaks: CompatibilityBreak[] = [];
  const unproven: UnprovenPoint[] = [];
  if (mode !== 'NONE') {
    const keys = new StrippedKeys();
    const flat = (version: VersionedSchema) => ({ ...version, schema: flattenCombinators(version.schema) });
    candidate = flat(candidate);
    for (const previous of [...earlier].reverse().map(flat)) {
      if (backward) include(previous, candidate, 'backward', breaks, unproven, keys);
      if (forward) include(candidate, previous, 'forward', breaks, unproven, keys);
    }
  }
  const verdict = breaks.length > 0 ? 'incompatible' : unproven.length > 0 ? 'unproven' : 'compatible';
  return { mode, verdict, compatible: verdict === 'compatible', breaks, unproven };
}

function include(
  sub: VersionedSchema,
  sup: VersionedSchema,
  direction: CompatibilityDirection,
  breaks: CompatibilityBreak[],
  unproven: UnprovenPoint[],
  keys: StrippedKeys,
): void {
  const checker = new Checker({ sub: sub.library, super: sup.library }, keys);
  const subNodes = [{ schema: sub.schema, root: sub.schema }];
  const supNodes = [{ schema: sup.schema, root: sup.schema }];
  const outcome = checker.includes(subNodes, supNodes);
  const validSub = (value: unknown) => checker.valid(subNodes, 'sub', value) === true;
  const validSup = (value: unknown) => checker.valid(supNodes, 'super', value) === true;
  const seen = new Set<string>();
  for (const found of outcome.breaks) {
    const path = segmentsOf(found.path);
    const key = `${toPointer(path)} ${found.rule}`;
    if (seen.has(key)) continue;
    const counterexample = found.witnesses.find((w) => validSub(w) && !validSup(w));
    const place = {
      path: renderPath('', path).replace(/^\./, '') || '(the message)',
      pointer: toPointer(path),
    };
    if (counterexample === undefined) {
      unproven.push({
        direction,
        ...place,
        from: sub.label,
        to: sup.label,
        reason: `${found.detail}, but no counterexample could be confirmed (${found.rule})`,
      });
      continue;
    }
    seen.add(key);
    breaks.push({
      direction,
      ...place,
      rule: found.rule,
      message: found.detail,
      counterexample,
      acceptedBy: sub.label,
      rejectedBy: sup.label,
    });
  }
  for (const point of outcome.unproven) {
    const path = segmentsOf(point.path);
    unproven.push({
      direction,
      path: renderPath('', path).replace(/^\./, '') || '(the message)',
      pointer: toPointer(path),
      reason: point.reason,
      from: sub.label,
      to: sup.label,
    });
  }
}

function toPointer(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
