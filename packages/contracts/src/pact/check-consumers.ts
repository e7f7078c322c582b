import { compareVersions } from '../compatibility/check-compatibility.js';
import type { CompatibilityResult } from '../compatibility/compatibility-result.js';
import { type FieldTree, fieldPaths, fieldsOf, projectSchema } from '../compatibility/project-schema.js';
import type { JsonSchema } from '../model/contract.js';
import { parseContractId } from '../model/contract-id.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import type { MessagePactFile } from './read-pact-file.js';

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
 * @example
 * const impacts = checkConsumers(await readMessagePacts(files), 'OrderPlaced', v2.body, v3.body);
 */
export function checkConsumers(
  pacts: readonly MessagePactFile[],
  type: string,
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  options: {
    library?: SchemaLibrary;
    oldLibrary?: SchemaLibrary;
    newLibrary?: SchemaLibrary;
    labels?: { old: string; new: string };
  } = {},
): ConsumerImpact[] {
  const impacts: ConsumerImpact[] = [];
  const oldLibrary = options.oldLibrary ?? options.library ?? new Map<string, JsonSchema>();
  const newLibrary = options.newLibrary ?? options.library ?? oldLibrary;
  for (const pact of pacts) {
    const relevant = pact.interactions.filter(
      (i) => i.contract !== undefined && parseContractId(i.contract).type === type,
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
