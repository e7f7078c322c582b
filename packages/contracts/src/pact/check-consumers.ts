import { compareVersions } from '../compatibility/check-compatibility.js';
import type { CompatibilityResult } from '../compatibility/compatibility-result.js';
import { type FieldTree, fieldPaths, fieldsOf, projectSchema } from '../compatibility/project-schema.js';
import type { JsonSchema } from '../model/contract.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import { matchPactInteractions, PactInteractionUnmatchedError } from './match-interactions.js';
import type { PactMapping } from './pact-mapping.js';
import type { MessagePactFile } from './read-pact-file.js';

/** Options of {@link checkConsumers}. */
export interface CheckConsumersOptions {
  /** The shared schemas both versions `$ref` (or `oldLibrary` / `newLibrary` when they differ). */
  library?: SchemaLibrary;
  oldLibrary?: SchemaLibrary;
  newLibrary?: SchemaLibrary;
  /** How the two versions are named in breaks. @default { old: 'old', new: 'new' } */
  labels?: { old: string; new: string };
  /**
   * The contracts interactions without a `contract` metadata entry are matched to (by topic, message type
   * header or content `type`). Without it, only `type` and the mapping are known.
   */
  registry?: ContractRegistry;
  /** Contract of interactions by description or provider state. */
  pactMapping?: PactMapping;
  /** Skip interactions that match no contract instead of throwing. @default false */
  allowUnmatched?: boolean;
}

const knownOptions = [
  'library',
  'oldLibrary',
  'newLibrary',
  'labels',
  'registry',
  'pactMapping',
  'allowUnmatched',
] as const;

/** The message type of a contract id `OrderPlaced@2` or a bare type. */
export function typeOfContract(contract: string): string {
  return contract.replace(/@\d+$/, '');
}

/** How a schema change affects one consumer, judged on the fields its pact shows it reads. */
export interface ConsumerImpact {
  consumer: string;
  /** The pact file it was read from. */
  file: string;
  /** The interactions about this message type. */
  interactions: string[];
  /** The fields the consumer reads: `orderId`, `total.amount`, `lines[].sku`. */
  reads: string[];
  /** FORWARD on the projection: can the consumer, still on its current code, read what the new producer sends? */
  result: CompatibilityResult;
}

/**
 * Consumer-aware compatibility: for each consumer whose pact expects messages of `type`, checks whether the
 * new schema breaks the fields that consumer reads (a change to a field nobody reads breaks nobody).
 * Interactions written by plain Pact JS are matched to their contract (see `matchPactInteractions`); one that
 * matches nothing throws a `PactInteractionUnmatchedError` unless `allowUnmatched` is set.
 * @example
 * const impacts = checkConsumers(await readMessagePacts(files), 'OrderPlaced', v2.data, v3.data);
 */
export function checkConsumers(
  pacts: readonly MessagePactFile[],
  type: string,
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  options: CheckConsumersOptions = {},
): ConsumerImpact[] {
  refuseUnknownOptions('checkConsumers', options, knownOptions);
  const matching = matchPactInteractions(pacts, {
    ...(options.registry && { registry: options.registry }),
    ...(options.pactMapping && { mapping: options.pactMapping }),
    types: [type],
  });
  if (matching.unmatched.length > 0 && options.allowUnmatched !== true)
    throw new PactInteractionUnmatchedError(
      matching.unmatched,
      'Or pass allowUnmatched: true to leave them unchecked.',
    );
  const impacts: ConsumerImpact[] = [];
  const oldLibrary = options.oldLibrary ?? options.library ?? new Map<string, JsonSchema>();
  const newLibrary = options.newLibrary ?? options.library ?? oldLibrary;
  for (const pact of matching.pacts) {
    const relevant = pact.interactions.filter(
      (i) => i.contract !== undefined && typeOfContract(i.contract) === type,
    );
    if (relevant.length === 0) continue;
    let fields: FieldTree = {};
    for (const interaction of relevant) fields = merge(fields, fieldsOf(interaction.content));
    const labels = options.labels ?? { old: 'old', new: 'new' };
    const result = compareVersions(
      [{ schema: projectSchema(oldSchema, fields, oldLibrary), label: labels.old, library: oldLibrary }],
      { schema: projectSchema(newSchema, fields, newLibrary), label: labels.new, library: newLibrary },
      'FORWARD',
    );
    impacts.push({
      consumer: pact.consumer,
      file: pact.file,
      interactions: relevant.map((i) => i.description),
      reads: fieldPaths(fields),
      result,
    });
  }
  return impacts;
}

function merge(a: FieldTree, b: FieldTree): FieldTree {
  if (a === true || b === true) return true;
  const out: Record<string, FieldTree> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k]!, v) : v;
  return out;
}
