import { EventspecError } from '@eventspec/core/internal';
import { channelMatches } from '../model/channel-address.js';
import type { Contract } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import type { PactMapping } from './pact-mapping.js';
import type { MessagePactFile, PactMessageInteraction } from './read-pact-file.js';

/** An interaction of a consumer's pact that no contract matches. */
export interface UnmatchedInteraction {
  consumer: string;
  file: string;
  description: string;
  /** Where in the pact file: `/interactions/0`. */
  pointer: string;
  /** Why each way of matching failed. */
  reason: string;
}

/** Where eventspec looks for the contract of a pact interaction that has no `contract` metadata entry. */
export interface PactMatching {
  /** The contracts the interactions may be about (a registry, or anything that lists contracts). */
  registry?: Pick<ContractRegistry, 'list'>;
  /** Message types an interaction may name when no registry is given. */
  types?: readonly string[];
  /** Explicit mapping, by description or provider state. */
  mapping?: PactMapping;
}

/** Metadata entries that name the destination (Pact JS examples and the brokers' own header names). */
export const destinationKeys = [
  'topic',
  'channel',
  'destination',
  'exchange',
  'queue',
  'address',
  'subject',
  'kafka_topic',
  'kafkaTopic',
  'routingKey',
  'routing_key',
] as const;

/** Metadata entries that name the message type. */
export const typeKeys = [
  'type',
  'messageType',
  'message_type',
  'message-type',
  'eventType',
  'event_type',
  'event-type',
  'ce-type',
  'ce_type',
  'x-message-type',
] as const;

/**
 * Fills in `contract` (an id `Type@version`, or a type) of each interaction written without eventspec's
 * `contract` metadata entry: by the explicit mapping (description, then provider state), a message type
 * header, the content's `type` field, then the destination (a topic or exchange that carries one type).
 * Returns the pacts with their interactions matched, and every interaction matched by nothing.
 */
export function matchPactInteractions(
  pacts: readonly MessagePactFile[],
  matching: PactMatching,
): { pacts: MessagePactFile[]; unmatched: UnmatchedInteraction[] } {
  const unmatched: UnmatchedInteraction[] = [];
  const contracts = matching.registry?.list() ?? [];
  const types = new Set([...contracts.map((c) => c.type), ...(matching.types ?? [])]);
  const ids = new Set(contracts.map((c) => c.id));
  const matched = pacts.map((pact) => ({
    ...pact,
    interactions: pact.interactions.map((interaction) => {
      if (interaction.contract !== undefined) {
        // A contract the pact names must exist: a consumer expecting a contract nobody has is unchecked.
        const named = interaction.contract;
        if (matching.registry === undefined || ids.has(named) || (!named.includes('@') && types.has(named)))
          return interaction;
        unmatched.push({
          consumer: pact.consumer,
          file: pact.file,
          description: interaction.description,
          pointer: interaction.pointer,
          reason: `its "contract" metadata names ${named}, which is no contract here`,
        });
        return interaction;
      }
      const found = matchOne(interaction, matching.mapping, types, contracts);
      if ('contract' in found) return { ...interaction, contract: found.contract, matchedBy: found.by };
      unmatched.push({
        consumer: pact.consumer,
        file: pact.file,
        description: interaction.description,
        pointer: interaction.pointer,
        reason: found.reason,
      });
      return interaction;
    }),
  }));
  return { pacts: matched, unmatched };
}

type Match = { contract: string; by: string } | { reason: string };

function matchOne(
  interaction: PactMessageInteraction,
  mapping: PactMapping | undefined,
  types: ReadonlySet<string>,
  contracts: readonly Contract[],
): Match {
  const byDescription = mapping?.descriptions?.[interaction.description];
  if (byDescription !== undefined) return { contract: byDescription, by: 'the mapping of its description' };
  for (const state of interaction.providerStates) {
    const byState = mapping?.providerStates?.[state.name];
    if (byState !== undefined)
      return { contract: byState, by: `the mapping of provider state "${state.name}"` };
  }
  const reasons: string[] = ['no "contract" metadata entry'];
  const known = (name: unknown) =>
    typeof name === 'string' && (types.has(name) || types.has(name.replace(/@\d+$/, '')));
  const typeKey = typeKeys.find((k) => typeof interaction.metadata[k] === 'string');
  if (typeKey !== undefined) {
    const value = interaction.metadata[typeKey] as string;
    if (known(value)) return { contract: value, by: `its "${typeKey}" metadata` };
    reasons.push(`its "${typeKey}" metadata "${value}" is no contract's type`);
  } else reasons.push('no message type metadata');
  const contentType = (interaction.content as { type?: unknown } | null)?.type;
  if (known(contentType)) return { contract: contentType as string, by: 'the "type" field of its content' };
  if (typeof contentType === 'string')
    reasons.push(`the "type" field of its content, "${contentType}", is no contract's type`);
  const destinationKey = destinationKeys.find((k) => typeof interaction.metadata[k] === 'string');
  if (destinationKey !== undefined) {
    const destination = interaction.metadata[destinationKey] as string;
    const carried = [
      ...new Set(
        contracts
          .filter((c) =>
            (c.channels ?? (c.channel ? [c.channel] : [])).some((ch) => channelMatches(ch, destination)),
          )
          .map((c) => c.type),
      ),
    ];
    if (carried.length === 1)
      return { contract: carried[0]!, by: `its "${destinationKey}" metadata "${destination}"` };
    reasons.push(
      carried.length === 0
        ? `${destinationKey} "${destination}" is no contract's channel`
        : `${destinationKey} "${destination}" carries ${carried.join(', ')}, so it does not say which`,
    );
  } else reasons.push('no topic, channel or destination metadata');
  return { reason: reasons.join('; ') };
}

/**
 * Thrown when interactions of consumers' pacts match no contract: what they read would be checked by
 * nothing. Names each consumer and interaction, and the three ways to map it.
 */
export class PactInteractionUnmatchedError extends EventspecError {
  override name = 'PactInteractionUnmatchedError';
  readonly unmatched: readonly UnmatchedInteraction[];

  constructor(unmatched: readonly UnmatchedInteraction[], optOut: string) {
    const count =
      unmatched.length === 1 ? '1 pact interaction matches' : `${unmatched.length} pact interactions match`;
    const first = unmatched[0]!;
    super(
      'EVENTSPEC_PACT_INTERACTION_UNMATCHED',
      `${count} no contract, so nothing would check what its consumer reads:\n${unmatched
        .map((u) => `  - consumer ${u.consumer}: "${u.description}" (${u.file} at ${u.pointer}): ${u.reason}`)
        .join(
          '\n',
        )}\nMap each one to its contract: a message type in its metadata (messageType: "OrderPlaced"), a "type" field in its content, a topic that carries one contract, or a mapping by description or provider state (--pact-mapping mapping.json, or the pactMapping option: { "descriptions": { ${JSON.stringify(first.description)}: "OrderPlaced@2" } }). ${optOut}`,
      {
        actual: unmatched.map((u) => `${u.consumer}: ${u.description}`),
        expected: 'every interaction matched to a contract',
      },
    );
    this.unmatched = unmatched;
  }
}
