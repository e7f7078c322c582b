import { EventspecError } from '@eventspec/core';
import { emitSpecRecord, recording } from '@eventspec/core/internal';
import { MessageProviderPact } from '@pact-foundation/pact';
import { type SentMessage, toContractMessage } from '../capture/sent-message.js';
import type { ContractMessage } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { formatViolation } from '../validation/contract-violation.js';
import { type MessagePactFile, type PactMessageInteraction, readMessagePacts } from './read-pact-file.js';

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
  /** Pact's own log level. @default 'error' */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

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
  const pacts = await readMessagePacts(options.pactFiles);
  const contractByDescription = checkPactInputs(pacts, options);
  const contractProblems: string[] = [];
  const record = (status: 'passed' | 'failed', failure?: string) =>
    recordVerification(pacts, contractByDescription, options, status, failure);
  try {
    await new MessageProviderPact({
      provider: options.provider,
      pactUrls: [...options.pactFiles],
      messageProviders: messageProvidersFor(contractByDescription, options, contractProblems),
      stateHandlers: stateHandlersFor(options),
      logLevel: options.logLevel ?? 'error',
    }).verify();
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
      const problem = interactionProblem(pact, interaction, options, byDescription);
      if (problem === undefined) byDescription.set(interaction.description, interaction.contract!);
      else
        problems.push({
          file: pact.file,
          pointer: `${interaction.pointer}/metadata/contract`,
          message: problem,
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
  if (problems.length > 0) throw new ContractInputError(problems);
  return byDescription;
}

/** What is wrong with the contract an interaction names, if anything. */
function interactionProblem(
  pact: MessagePactFile,
  interaction: PactMessageInteraction,
  options: VerifyProducersOptions,
  byDescription: ReadonlyMap<string, string>,
): string | undefined {
  const id = interaction.contract;
  if (id === undefined)
    return `"${interaction.description}" names no contract; write the pact with MessagePact, or add a "contract" metadata entry`;
  if (!options.registry.has(id))
    return `"${interaction.description}" expects contract ${id}, which the registry does not have`;
  if (options.producers[id] === undefined)
    return `no producer for ${id} (expected by ${pact.consumer}: "${interaction.description}"); add producers["${id}"]`;
  const other = byDescription.get(interaction.description);
  if (other !== undefined && other !== id)
    return `"${interaction.description}" is used for two contracts (${other} and ${id}); descriptions must be unique per provider`;
  return undefined;
}

/** For Pact's verifier, per description: run the producer, check its message against the contract, hand it over. */
function messageProvidersFor(
  contractByDescription: ReadonlyMap<string, string>,
  options: VerifyProducersOptions,
  contractProblems: string[],
) {
  return Object.fromEntries(
    [...contractByDescription].map(([description, id]) => [
      description,
      async (descriptor: { providerStates?: { name: string; params?: Record<string, unknown> }[] }) => {
        const produced = await options.producers[id]!({ states: descriptor.providerStates ?? [] });
        const { message, metadata } = toPactMessage(produced, id, options.registry);
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
  return { message, metadata };
}

function verificationError(error: unknown, contractProblems: string[]): EventspecError {
  const lines: string[] = [];
  if (error === undefined)
    lines.push('  Every pact interaction passed, but the producers break their own contracts.');
  else
    try {
      const report = JSON.parse((error as Error).message) as {
        errors?: {
          interaction: string;
          mismatch?: { mismatches?: { mismatch: string; path?: string; key?: string }[] } | string;
        }[];
      };
      for (const failure of report.errors ?? []) {
        lines.push(`  ${failure.interaction}`);
        const mismatches = typeof failure.mismatch === 'object' ? (failure.mismatch.mismatches ?? []) : [];
        // Pact reports mismatches in no fixed order: sort them so the output is stable.
        const rendered = mismatches.map(
          (m) => `    - ${m.path ?? (m.key ? `metadata ${m.key}` : '')}: ${m.mismatch}`,
        );
        lines.push(...rendered.sort());
        if (typeof failure.mismatch === 'string') lines.push(`    - ${failure.mismatch}`);
      }
    } catch {
      lines.push(`  ${(error as Error).message ?? String(error)}`);
    }
  if (contractProblems.length > 0)
    lines.push('  Contract violations:', ...contractProblems.map((p) => `  ${p}`));
  return new EventspecError(
    'EVENTSPEC_PACT_VERIFICATION_FAILED',
    `Pact verification of the producers failed:\n${lines.join('\n')}\nThe producer no longer sends what a consumer expects: fix the producer, or agree a new contract version with the consumer.`,
    { cause: error },
  );
}
