import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ContractChange } from '../compatibility/check-registry.js';
import type { CompatibilityResult } from '../compatibility/compatibility-result.js';
import { fieldPaths, fieldsOf } from '../compatibility/project-schema.js';
import { ContractInputError } from '../model/contract-errors.js';
import { type ConsumerImpact, checkConsumers, typeOfContract } from '../pact/check-consumers.js';
import { matchPactInteractions, type UnmatchedInteraction } from '../pact/match-interactions.js';
import type { PactMapping } from '../pact/pact-mapping.js';
import { type MessagePactFile, readMessagePacts } from '../pact/read-pact-file.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import type { ConsumerImpacts } from './format-human.js';

/** The consumers each change affects, and the pact interactions that match no contract. */
export interface ConsumerCheck {
  impacts: ConsumerImpacts;
  unmatched: UnmatchedInteraction[];
}

/** Reads the pact files of a folder (`*.json`); an unreadable folder or file is broken input. */
async function readPactFolder(folder: string): Promise<MessagePactFile[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      { file: folder, pointer: '', message: `cannot read the pacts folder (${error.code ?? error.message})` },
    ]);
  });
  const paths = entries
    .filter((e) => e.name.endsWith('.json') && !e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((f) => relative(process.cwd(), join(folder, f)) || join(folder, f));
  return readMessagePacts(paths);
}

/**
 * For each changed contract with an earlier version: how the change affects each consumer whose pact reads
 * its type. A removed contract that a consumer's interaction still reads (its id, or its type with no
 * version left) breaks that consumer.
 */
export async function consumerImpacts(
  folder: string,
  changes: readonly ContractChange[],
  before: ContractRegistry,
  current: ContractRegistry,
  pactMapping: PactMapping | undefined,
  baseline: 'contracts' | 'schema-registry' = 'contracts',
): Promise<ConsumerCheck> {
  const everything = () => [...current.list(), ...before.list().filter((c) => !current.has(c.id))];
  const { pacts, unmatched } = matchPactInteractions(await readPactFolder(folder), {
    registry: { list: everything },
    ...(pactMapping && { mapping: pactMapping }),
  });
  const impacts = new Map<string, ConsumerImpact[]>();
  for (const change of changes) {
    if (change.kind === 'removed') {
      const removed = removalImpacts(pacts, change, current);
      if (removed.length > 0) impacts.set(change.id, removed);
      continue;
    }
    if (change.against.length === 0) continue;
    const contract = current.get(change.id);
    // Against a Schema Registry, `before` holds the latest registered schema under the local id.
    const fromRegistry = baseline === 'schema-registry';
    // An earlier version the working tree no longer has is compared as the baseline has it.
    const earlier =
      fromRegistry || change.kind === 'modified' || !current.has(change.against.at(-1)!) ? before : current;
    const previous = earlier.get(
      fromRegistry || change.kind === 'modified' ? change.id : change.against.at(-1)!,
    );
    const old = fromRegistry
      ? change.against.at(-1)!
      : change.kind === 'modified'
        ? `${previous.id} (baseline)`
        : previous.id;
    const found = checkConsumers(pacts, contract.type, previous.data, contract.data, {
      oldLibrary: earlier.library,
      newLibrary: current.library,
      labels: { old, new: contract.id },
      allowUnmatched: true,
    });
    if (found.length > 0) impacts.set(change.id, found);
  }
  return { impacts, unmatched };
}

function removalImpacts(
  pacts: readonly MessagePactFile[],
  change: ContractChange,
  current: ContractRegistry,
): ConsumerImpact[] {
  const type = typeOfContract(change.id);
  const typeGone = current.versionsOf(type).length === 0;
  const impacts: ConsumerImpact[] = [];
  for (const pact of pacts) {
    const reading = pact.interactions.filter(
      (i) => i.contract === change.id || (typeGone && i.contract === type),
    );
    if (reading.length === 0) continue;
    const example = reading[0]!.content;
    const result: CompatibilityResult = {
      mode: change.result.mode,
      verdict: 'incompatible',
      compatible: false,
      unproven: [],
      breaks: [
        {
          direction: 'forward',
          path: '(the message)',
          pointer: '',
          rule: 'contract-removed',
          message: `${change.id} is removed, but ${pact.consumer} still expects it ("${reading[0]!.description}"); keep the contract until the consumer moves on, or update its pact`,
          counterexample: example,
          acceptedBy: `${change.id} (baseline)`,
          rejectedBy: '(no contract)',
        },
      ],
    };
    impacts.push({
      consumer: pact.consumer,
      file: pact.file,
      interactions: reading.map((i) => i.description),
      reads: reading.flatMap((i) => fieldPaths(fieldsOf(i.content))),
      result,
    });
  }
  return impacts;
}
