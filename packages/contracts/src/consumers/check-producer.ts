import { EventspecError, EventspecUsageError, freshSeed } from '@eventspec/core/internal';
import fc from 'fast-check';
import { type SentMessage, toContractMessage } from '../capture/sent-message.js';
import type { Contract, ContractMessage } from '../model/contract.js';
import { messageOrData } from '../model/message-shape.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';
import { type ContractViolation, formatViolation } from '../validation/contract-violation.js';

/** Options of {@link checkProducer}. */
export interface CheckProducerOptions<Input> {
  /** The contract every produced message must satisfy: a contract, or its id in `registry`. */
  contract: Contract | string;
  /** @default the registry set with `useContracts()` */
  registry?: ContractRegistry;
  /** The producer's inputs (commands, events it reacts to, requests) as a fast-check arbitrary. */
  inputs: fc.Arbitrary<Input>;
  /**
   * The producer: the message or messages it emits for one input — messages (core's `{ id, type, key, data, headers? }`,
   * or only some of its parts: `{ data, key?, headers? }`), a bare payload, or what `captureProduced` records
   * (`{ destination, model, message }`: the envelope and channel are checked too).
   */
  produce: (input: Input) => unknown;
  /** @default 100 */
  runs?: number;
  seed?: number;
  path?: string;
}

/** A producer that emitted a message its contract does not allow, for the smallest input found. */
export class ProducerCheckError extends EventspecError {
  override name = 'ProducerCheckError';
  constructor(
    message: string,
    readonly input: unknown,
    readonly produced: ContractMessage,
    readonly violations: readonly ContractViolation[],
  ) {
    super('EVENTSPEC_PRODUCER_CHECK_FAILED', message);
  }
}

/**
 * Runs a producer on generated inputs and checks every message it emits against its contract; fails with the
 * smallest input whose message breaks it, the violations, and a replay line.
 * @example await checkProducer({ contract: 'OrderPlaced@2', registry, inputs: placeOrderCommands, produce: (command) => decide(command) });
 */
export async function checkProducer<Input>(
  options: CheckProducerOptions<Input>,
): Promise<{ contract: string; runs: number; messages: number; seed: number }> {
  if (
    typeof options?.produce !== 'function' ||
    typeof options.inputs?.generate !== 'function' ||
    options.contract === undefined
  ) {
    throw new EventspecUsageError(
      'EVENTSPEC_PRODUCER_BAD_OPTIONS',
      'checkProducer(options) needs { contract, inputs: a fast-check arbitrary, produce: (input) => message(s) }.',
    );
  }
  const registry = options.registry ?? defaultContracts();
  const contract = typeof options.contract === 'string' ? registry.get(options.contract) : options.contract;
  const seed = options.seed ?? freshSeed();
  const runs = options.runs ?? 100;
  let messages = 0;
  const firstViolation = async (input: Input) => {
    const output = await options.produce(input);
    const outputs: unknown[] = Array.isArray(output) ? output : output === undefined ? [] : [output];
    for (const produced of outputs.map((each) => asContractMessage(each, contract))) {
      messages++;
      const { violations } = registry.validate(produced, contract.id);
      if (violations.length > 0) return { produced, violations };
    }
    return undefined;
  };
  const details = await fc.check(
    fc.asyncProperty(options.inputs, async (input) => (await firstViolation(input)) === undefined),
    { numRuns: runs, seed, ...(options.path === undefined ? {} : { path: options.path }) },
  );
  if (!details.failed) return { contract: contract.id, runs, messages, seed };
  const input = details.counterexample![0];
  // The smallest failing input, run once more for what it emitted (shrinking ran passing inputs after it);
  // a producer that threw instead fails with its own error.
  const bad = await firstViolation(input);
  if (!bad) throw details.errorInstance;
  throw new ProducerCheckError(
    [
      `checkProducer: the producer emits a message that ${contract.id} does not allow, for this input (shrunk ${details.numShrinks} times):`,
      `  ${JSON.stringify(input)}`,
      'It emitted:',
      `  ${JSON.stringify(bad.produced.data)}`,
      ...bad.violations.map((violation) => `  ✗ ${formatViolation(violation)}`),
      `Replay: checkProducer({ …, seed: ${seed}, path: ${JSON.stringify(details.counterexamplePath)} })`,
    ].join('\n'),
    input,
    bad.produced,
    bad.violations,
  );
}

function asContractMessage(output: unknown, contract: Contract): ContractMessage {
  const sent = output as Partial<SentMessage>;
  if (typeof sent === 'object' && sent !== null && typeof sent.destination === 'string' && sent.message) {
    return toContractMessage(sent as SentMessage, contract);
  }
  return messageOrData('checkProducer: produce(input)', output);
}
