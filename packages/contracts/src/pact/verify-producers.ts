import { emitSpecRecord, recording } from '@eventspec/core';
import { MessageProviderPact } from '@pact-foundation/pact';
import { type SentMessage, toContractMessage } from '../capture/sent-message.js';
import type { ContractMessage } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { formatViolation } from '../validation/contract-violation.js';
import { typeOfContract } from './check-consumers.js';
import {
  destinationKeys,
  matchPactInteractions,
  PactInteractionUnmatchedError,
  typeKeys,
} from './match-interactions.js';
import { type PactMapping, pactMappingProblems } from './pact-mapping.js';
import { quietPactLogs } from './quiet-pact-logs.js';
import { readMessagePacts } from './read-pact-file.js';
import { verificationError } from './verification-error.js';

/** What a producer function returns: a captured {@link SentMessage}, or the message parts. */
export type ProducedMessage = SentMessage | ContractMessage;

/** Runs the real producer code for one contract and returns what it sent. */
export type Producer = (context: {
  states: { name: string; params?: Record<string, unknown> }[];
}) => ProducedMessage | Promise<ProducedMessage>;

/** Options of {@link verifyProducers}. */
export interface VerifyProducersOptions {
  provider: string;
  /** Pact files to verify (written by consumers, or fetched from a Pact Broker). */
  pactFiles: readonly string[];
  registry: ContractRegistry;
  /** The producer of each contract the pacts expect, by contract id: `{ 'OrderPlaced@2': () => … }`. */
  producers: Readonly<Record<string, Producer>>;
  /** Provider state set-up, by state name. */
  states?: Readonly<Record<string, (params?: unknown) => unknown>>;
  /**
   * Pact's own log level. Without it Pact's logs are kept quiet (what failed is in the thrown error); set
   * it to see them. @default quiet
   */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** Contract of interactions written without a `contract` metadata entry, by description or provider state. */
  pactMapping?: PactMapping;
}

const knownOptions = [
  'provider',
  'pactFiles',
  'registry',
  'producers',
  'states',
  'logLevel',
  'pactMapping',
] as const;

/** What was verified. */
export interface VerificationSummary {
  consumers: string[];
  interactions: number;
}

/**
 * Verifies message pacts with Pact's own verifier against the real producers, mapped by contract id (every
 * interaction is checked up front to have a producer, so nothing fails later with "no handler found").
 * The metadata Pact compares comes from what the producer sent: `contract`, `topic` or `exchange` and
 * `routingKey`, `key`, `contentType` and each header. Every produced message is also checked against its
 * contract.
 * @example
 * await verifyProducers({ provider: 'orders', pactFiles, registry, producers: { 'OrderPlaced@2': produceOrderPlaced } });
 */
export async function verifyProducers(options: VerifyProducersOptions): Promise<VerificationSummary> {
  refuseUnknownOptions('verifyProducers', options, knownOptions);
  if (options.pactMapping !== undefined) {
    const mappingProblems = pactMappingProblems(options.pactMapping, 'verifyProducers({ pactMapping })');
    if (mappingProblems.length > 0) throw new ContractInputError(mappingProblems);
  }
  const matching = matchPactInteractions(await readMessagePacts(options.pactFiles), {
    registry: options.registry,
    ...(options.pactMapping && { mapping: options.pactMapping }),
  });
  if (matching.unmatched.length > 0)
    throw new PactInteractionUnmatchedError(
      matching.unmatched,
      "Pact's verifier checks every interaction of the files, so each needs a producer.",
    );
  const pacts = matching.pacts;
  const problems: InputProblem[] = [];
  const byDescription = new Map<string, string>();
  for (const pact of pacts) {
    if (pact.provider !== options.provider) {
      problems.push({
        file: pact.file,
        pointer: '/provider/name',
        message: `this pact is for provider "${pact.provider}", not "${options.provider}"`,
      });
    }
    for (const interaction of pact.interactions) {
      const where = {
        file: pact.file,
        pointer: `${interaction.pointer}${interaction.matchedBy ? '' : '/metadata/contract'}`,
      };
      const id = producedContract(interaction.contract!, options);
      if (Array.isArray(id)) {
        problems.push({
          ...where,
          message: `"${interaction.description}" is about ${interaction.contract} (by ${interaction.matchedBy}), and producers exist for ${id.length === 0 ? 'none of its versions' : id.join(' and ')}; map it to one version with pactMapping: { descriptions: { ${JSON.stringify(interaction.description)}: "${interaction.contract}@<version>" } }`,
        });
      } else if (!options.registry.has(id)) {
        problems.push({
          ...where,
          message: `"${interaction.description}" expects contract ${id}, which the registry does not have`,
        });
      } else if (options.producers[id] === undefined) {
        problems.push({
          ...where,
          message: `no producer for ${id} (expected by ${pact.consumer}: "${interaction.description}"); add producers["${id}"]`,
        });
      } else if (
        byDescription.has(interaction.description) &&
        byDescription.get(interaction.description) !== id
      ) {
        problems.push({
          ...where,
          message: `"${interaction.description}" is used for two contracts (${byDescription.get(interaction.description)} and ${id}); descriptions must be unique per provider`,
        });
      } else byDescription.set(interaction.description, id);
      for (const state of interaction.providerStates) {
        if (options.states?.[state.name] === undefined) {
          problems.push({
            file: pact.file,
            pointer: `${interaction.pointer}/providerStates`,
            message: `no set-up for provider state "${state.name}" (needed by "${interaction.description}"); add states["${state.name}"]`,
          });
        }
      }
    }
  }
  if (problems.length > 0) {
    const error = new ContractInputError(problems);
    error.message = `verifyProducers cannot run the pacts${error.message.slice('The contracts cannot be loaded'.length).replace('Fix the files above; nothing was checked.', 'Fix the pacts or the options above; nothing was verified.')}`;
    throw error;
  }

  const contractProblems: string[] = [];
  // The metadata entries each interaction expects, so a plain pact's `kafka_topic` or `messageType` is answered.
  const expectedKeys = new Map(
    pacts.flatMap((p) => p.interactions.map((i) => [i.description, Object.keys(i.metadata)] as const)),
  );
  const messageProviders = Object.fromEntries(
    [...byDescription].map(([description, id]) => [
      description,
      async (descriptor: { providerStates?: { name: string; params?: Record<string, unknown> }[] }) => {
        const produced = await options.producers[id]!({ states: descriptor.providerStates ?? [] });
        const { message, metadata } = toPactMessage(
          produced,
          id,
          options.registry,
          expectedKeys.get(description),
        );
        const result = options.registry.validate(message, id);
        if (!result.ok) {
          contractProblems.push(
            `"${description}": the producer's message breaks ${id}:\n${result.violations.map((v) => `    - ${formatViolation(v)}`).join('\n')}`,
          );
        }
        return { __pactMessageMetadata: metadata, message: message.body };
      },
    ]),
  );
  const stateHandlers = Object.fromEntries(
    Object.entries(options.states ?? {}).map(([name, setup]) => [
      name,
      async (_state: string, params?: unknown) => void (await setup(params)),
    ]),
  );
  const record = (status: 'passed' | 'failed', failure?: string) => {
    if (!recording()) return;
    const consumers = [...new Set(pacts.map((p) => p.consumer))].join(', ');
    for (const [description, id] of byDescription) {
      const contract = options.registry.get(id);
      emitSpecRecord({
        kind: 'contract',
        subject: id,
        action: 'pact-provider',
        status,
        mode: contract.compatibility,
        source: contract.source,
        detail: `${options.provider} produces "${description}" as ${consumers} expect (Pact's verifier)`,
        ...(failure === undefined ? {} : { failure }),
      });
    }
  };
  try {
    await quietPactLogs(options.logLevel === undefined, () =>
      new MessageProviderPact({
        provider: options.provider,
        pactUrls: [...options.pactFiles],
        messageProviders,
        stateHandlers,
        logLevel: options.logLevel ?? 'error',
      }).verify(),
    );
  } catch (error) {
    const failure = verificationError(error, contractProblems);
    record('failed', failure.message);
    throw failure;
  }
  if (contractProblems.length > 0) {
    const failure = verificationError(undefined, contractProblems);
    record('failed', failure.message);
    throw failure;
  }
  record('passed');
  return { consumers: [...new Set(pacts.map((p) => p.consumer))], interactions: byDescription.size };
}

/**
 * The producer of an interaction's contract: the id itself, or — for an interaction matched by type — the one
 * version of that type with a producer; the versions with producers when that is not exactly one.
 */
function producedContract(contract: string, options: VerifyProducersOptions): string | string[] {
  if (/@\d+$/.test(contract)) return contract;
  const candidates = Object.keys(options.producers).filter((id) => typeOfContract(id) === contract);
  return candidates.length === 1 ? candidates[0]! : candidates;
}

function toPactMessage(
  produced: ProducedMessage,
  id: string,
  registry: ContractRegistry,
  expected: readonly string[] = [],
): { message: ContractMessage; metadata: Record<string, string> } {
  const contract = registry.get(id);
  const message: ContractMessage =
    'destination' in produced && 'message' in produced ? toContractMessage(produced, contract) : produced;
  const metadata: Record<string, string> = { contentType: 'application/json', contract: id };
  const channel =
    message.channel ??
    (contract.channel?.kind === 'topic' ? contract.channel.topic : contract.channel?.exchange);
  if (contract.channel?.kind === 'exchange') {
    if (channel !== undefined) metadata.exchange = channel;
    const routingKey = message.routingKey;
    if (routingKey !== undefined) metadata.routingKey = routingKey;
  } else if (channel !== undefined) metadata.topic = channel;
  if (message.key !== undefined) metadata.key = String(message.key);
  for (const [name, value] of Object.entries(message.headers ?? {})) metadata[name] = String(value);
  // A plain pact names the destination and the type in its own words: answer with what was sent.
  for (const key of expected) {
    if (key in metadata) continue;
    if ((destinationKeys as readonly string[]).includes(key) && channel !== undefined)
      metadata[key] = channel;
    else if ((typeKeys as readonly string[]).includes(key)) metadata[key] = contract.type;
  }
  return { message, metadata };
}
