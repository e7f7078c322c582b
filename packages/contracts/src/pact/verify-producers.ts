import { EventspecError, emitSpecRecord, recording } from '@eventspec/core';
import { MessageProviderPact } from '@pact-foundation/pact';
import { type SentMessage, toContractMessage } from '../capture/sent-message.js';
import type { ContractMessage } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { formatViolation } from '../validation/contract-violation.js';
import { readMessagePacts } from './read-pact-file.js';

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
      const where = { file: pact.file, pointer: `${interaction.pointer}/metadata/contract` };
      const id = interaction.contract;
      if (id === undefined) {
        problems.push({
          ...where,
          message: `"${interaction.description}" names no contract; write the pact with MessagePact, or add a "contract" metadata entry`,
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
  if (problems.length > 0) throw new ContractInputError(problems);

  const contractProblems: string[] = [];
  const messageProviders = Object.fromEntries(
    [...byDescription].map(([description, id]) => [
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
    await new MessageProviderPact({
      provider: options.provider,
      pactUrls: [...options.pactFiles],
      messageProviders,
      stateHandlers,
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
  return { consumers: [...new Set(pacts.map((p) => p.consumer))], interactions: byDescription.size };
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
