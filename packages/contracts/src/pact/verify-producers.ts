import { EventspecError, emitSpecRecord, recording } from '@eventspec/core/internal';
import { MessageProviderPact } from '@pact-foundation/pact';
import { type SentMessage, toContractMessage } from '../capture/sent-message.js';
import type { ContractMessage } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { assertContractMessage } from '../model/message-shape.js';
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
import { type MessagePactFile, type PactMessageInteraction, readMessagePacts } from './read-pact-file.js';
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
  const pacts = await matchedPacts(options);
  const contractByDescription = checkPactInputs(pacts, options);
  const contractProblems: string[] = [];
  const record = (status: 'passed' | 'failed', failure?: string) =>
    recordVerification(pacts, contractByDescription, options, status, failure);
  try {
    await quietPactLogs(options.logLevel === undefined, () =>
      new MessageProviderPact({
        provider: options.provider,
        pactUrls: [...options.pactFiles],
        messageProviders: messageProvidersFor(pacts, contractByDescription, options, contractProblems),
        stateHandlers: stateHandlersFor(options),
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
  return { consumers: consumersOf(pacts), interactions: contractByDescription.size };
}

/**
 * The pact files, each interaction matched to its contract (eventspec's `contract` metadata, the mapping, a
 * type header, the content's `type`, the destination); one that matches none is refused, since Pact's
 * verifier checks every interaction of the files and each needs a producer.
 */
async function matchedPacts(options: VerifyProducersOptions): Promise<MessagePactFile[]> {
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
  return matching.pacts;
}

/**
 * The contract id of each interaction description, after checking every pact against the options: its
 * provider, each interaction's contract (named, in the registry, with a producer, one per description) and
 * each provider state's set-up. Every problem of every file is thrown together.
 */
function checkPactInputs(
  pacts: readonly MessagePactFile[],
  options: VerifyProducersOptions,
): Map<string, string> {
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
      const found = interactionProblem(pact, interaction, options, byDescription);
      if ('id' in found) byDescription.set(interaction.description, found.id);
      else
        problems.push({
          file: pact.file,
          pointer: `${interaction.pointer}${interaction.matchedBy ? '' : '/metadata/contract'}`,
          message: found.problem,
        });
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
  return byDescription;
}

/** The contract id whose producer answers an interaction, or what is wrong with it. */
function interactionProblem(
  pact: MessagePactFile,
  interaction: PactMessageInteraction,
  options: VerifyProducersOptions,
  byDescription: ReadonlyMap<string, string>,
): { id: string } | { problem: string } {
  const named = interaction.contract;
  if (named === undefined)
    return {
      problem: `"${interaction.description}" names no contract; write the pact with MessagePact, add a "contract" metadata entry, or map it with pactMapping`,
    };
  const id = producedContract(named, options);
  if (Array.isArray(id))
    return {
      problem: `"${interaction.description}" is about ${named} (by ${interaction.matchedBy}), and producers exist for ${id.length === 0 ? 'none of its versions' : id.join(' and ')}; map it to one version with pactMapping: { descriptions: { ${JSON.stringify(interaction.description)}: "${named}@<version>" } }`,
    };
  if (!options.registry.has(id))
    return {
      problem: `"${interaction.description}" expects contract ${id}, which the registry does not have`,
    };
  if (options.producers[id] === undefined)
    return {
      problem: `no producer for ${id} (expected by ${pact.consumer}: "${interaction.description}"); add producers["${id}"]`,
    };
  const other = byDescription.get(interaction.description);
  if (other !== undefined && other !== id)
    return {
      problem: `"${interaction.description}" is used for two contracts (${other} and ${id}); descriptions must be unique per provider`,
    };
  return { id };
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

/** For Pact's verifier, per description: run the producer, check its message against the contract, hand it over. */
function messageProvidersFor(
  pacts: readonly MessagePactFile[],
  contractByDescription: ReadonlyMap<string, string>,
  options: VerifyProducersOptions,
  contractProblems: string[],
) {
  // The metadata entries each interaction expects, so a plain pact's `kafka_topic` or `messageType` is answered.
  const expectedKeys = new Map(
    pacts.flatMap((p) => p.interactions.map((i) => [i.description, Object.keys(i.metadata)] as const)),
  );
  return Object.fromEntries(
    [...contractByDescription].map(([description, id]) => [
      description,
      async (descriptor: { providerStates?: { name: string; params?: Record<string, unknown> }[] }) => {
        const produced = await options.producers[id]!({ states: descriptor.providerStates ?? [] });
        let pactMessage: ReturnType<typeof toPactMessage>;
        try {
          pactMessage = toPactMessage(produced, id, options.registry, expectedKeys.get(description));
        } catch (error) {
          // Pact's verifier keeps only that the provider failed: the reason goes into the report.
          if (error instanceof EventspecError) contractProblems.push(`"${description}": ${error.message}`);
          throw error;
        }
        const { message, metadata } = pactMessage;
        const result = options.registry.validate(message, id);
        if (!result.ok) {
          contractProblems.push(
            `"${description}": the producer's message breaks ${id}:\n${result.violations.map((v) => `    - ${formatViolation(v)}`).join('\n')}`,
          );
        }
        return { __pactMessageMetadata: metadata, message: message.data };
      },
    ]),
  );
}

/** For Pact's verifier: the set-up of each provider state. */
function stateHandlersFor(options: VerifyProducersOptions) {
  return Object.fromEntries(
    Object.entries(options.states ?? {}).map(([name, setup]) => [
      name,
      async (_state: string, params?: unknown) => void (await setup(params)),
    ]),
  );
}

function consumersOf(pacts: readonly MessagePactFile[]): string[] {
  return [...new Set(pacts.map((p) => p.consumer))];
}

/** A spec record per verified contract, for the report (only while someone records). */
function recordVerification(
  pacts: readonly MessagePactFile[],
  contractByDescription: ReadonlyMap<string, string>,
  options: VerifyProducersOptions,
  status: 'passed' | 'failed',
  failure?: string,
): void {
  if (!recording()) return;
  const consumers = consumersOf(pacts).join(', ');
  for (const [description, id] of contractByDescription) {
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
}

function toPactMessage(
  produced: ProducedMessage,
  id: string,
  registry: ContractRegistry,
  expected: readonly string[] = [],
): { message: ContractMessage; metadata: Record<string, string> } {
  const contract = registry.get(id);
  const sent =
    typeof produced === 'object' && produced !== null && 'destination' in produced && 'message' in produced;
  if (!sent) assertContractMessage(`verifyProducers: producers[${JSON.stringify(id)}]`, produced);
  const message: ContractMessage = sent ? toContractMessage(produced as SentMessage, contract) : produced;
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
