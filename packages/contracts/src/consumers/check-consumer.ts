import type { DeliveryFaults } from '@eventspec/core';
import { EventspecError, EventspecUsageError, freshSeed } from '@eventspec/core/internal';
import fc from 'fast-check';
import { contractMessageOf, type GeneratedMessage } from '../arbitrary/message-arbitrary.js';
import type { Contract } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';
import { type FieldThatMatters, fieldsThatMatter } from './_internals/fields-that-matter.js';
import { type ConsumerFailure, describeFailure, runConsumer } from './_internals/run-consumer.js';
import { arbitraryOf } from './arbitrary-of.js';

/** Options of {@link checkConsumer}. */
export interface CheckConsumerOptions<World> {
  /** The contract the consumer was built for: a contract, or its id in `registry`. */
  contract: Contract | string;
  /** @default the registry set with `useContracts()` */
  registry?: ContractRegistry;
  /**
   * Generate messages under this (newer) version instead — what the producer now sends — and run the consumer
   * built for `contract` on them: "compatible by schema, broken by code" (a new enum value, a field now absent).
   */
  producedBy?: Contract | string;
  /** A fresh world for each message (stores, fakes). */
  setup: () => World | Promise<World>;
  /** The consumer: handles one message; throws or rejects when it cannot. */
  handle: (world: World, message: GeneratedMessage) => unknown;
  /** After the message is handled: return `false` or throw when the world is not as it must be. */
  invariant?: (world: World, message: GeneratedMessage) => unknown;
  /** With `faults`, what is compared with the reference run (see `checkDelivery`). @default () => null */
  observe?: (world: World) => unknown;
  /** Also deliver the generated messages under these faults (duplicates, reordering, crashes): see `checkDelivery`. */
  faults?: DeliveryFaults;
  /** @default 100 */
  runs?: number;
  seed?: number;
  /** With `seed`, replays one failing run (printed with every failure). */
  path?: string;
  /** Milliseconds one message may take. @default 1000 */
  timeout?: number;
}

/** What a passing consumer check ran. */
export interface ConsumerCheckReport {
  contract: string;
  /** The version the messages were generated under. */
  producedBy: string;
  runs: number;
  seed: number;
}

/** A consumer that fails on a message its contract allows; `message` is the smallest one found. */
export class ConsumerCheckError extends EventspecError {
  override name = 'ConsumerCheckError';
  constructor(
    message: string,
    readonly counterexample: GeneratedMessage,
    readonly fields: readonly FieldThatMatters[],
    readonly seed: number,
    readonly path: string,
  ) {
    super('EVENTSPEC_CONSUMER_CHECK_FAILED', message);
  }
}

const optionKeys = [
  'contract',
  'registry',
  'producedBy',
  'setup',
  'handle',
  'invariant',
  'observe',
  'faults',
  'runs',
  'seed',
  'path',
  'timeout',
];

/**
 * Runs a consumer on messages generated from its contract — every one valid under it, biased to the edges —
 * and fails with the smallest message that makes it throw, hang or break the invariant, the fields that
 * decide it, a replay line and a test to paste. With `producedBy`, the messages come from the producer's newer
 * version; with `faults`, they are also delivered under duplicates, reordering and crashes.
 * @example
 * await checkConsumer({ contract: 'OrderPlaced@2', producedBy: 'OrderPlaced@3', registry, setup, handle });
 */
export async function checkConsumer<World>(
  options: CheckConsumerOptions<World>,
): Promise<ConsumerCheckReport> {
  checkOptions(options);
  const registry = options.registry ?? defaultContracts();
  const consumerContract =
    typeof options.contract === 'string' ? registry.get(options.contract) : options.contract;
  const producer =
    options.producedBy === undefined
      ? consumerContract
      : typeof options.producedBy === 'string'
        ? registry.get(options.producedBy)
        : options.producedBy;
  const arbitrary = arbitraryOf(producer, { registry });
  const runs = options.runs ?? 100;
  const seed = options.seed ?? freshSeed();
  const timeout = options.timeout ?? 1000;
  const report = { contract: consumerContract.id, producedBy: producer.id, runs, seed };
  if (options.faults) {
    // Loaded here, not on top: the gate (eventspec contracts check) imports this file and never needs it.
    const { checkDelivery } = await import('@eventspec/core');
    await checkDelivery({
      name: `consumer of ${consumerContract.id}`,
      messages: fc.array(arbitrary, { minLength: 1, maxLength: 3 }),
      setup: options.setup,
      handle: async (world, message) => {
        await options.handle(world, message);
        if (options.invariant && (await options.invariant(world, message)) === false) {
          throw new Error(`the invariant does not hold after ${message.id}`);
        }
      },
      observe: options.observe ?? (() => null),
      faults: options.faults,
      runs,
      seed,
      timeout,
      ...(options.path === undefined ? {} : { path: options.path }),
    });
    return report;
  }
  const code = {
    setup: options.setup,
    handle: options.handle,
    timeout,
    ...(options.invariant ? { invariant: options.invariant } : {}),
  };
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (message) => {
      const failure = await runConsumer(code, message);
      if (failure) throw new ConsumerFailed(failure);
    }),
    { numRuns: runs, seed, ...(options.path === undefined ? {} : { path: options.path }) },
  );
  if (!details.failed) return report;
  const message = details.counterexample![0];
  const failure =
    details.errorInstance instanceof ConsumerFailed
      ? details.errorInstance.failure
      : ({ kind: 'threw', error: details.errorInstance } as const);
  const fields = await fieldsThatMatter(
    message,
    producer,
    registry.library,
    async (variant) => (await runConsumer(code, variant)) !== undefined,
    (variant) => registry.validate(contractMessageOf(variant), producer.id).ok,
  );
  throw new ConsumerCheckError(
    failureText(consumerContract, producer, failure, message, fields, details, seed),
    message,
    fields,
    seed,
    details.counterexamplePath ?? '',
  );
}

class ConsumerFailed extends Error {
  constructor(readonly failure: ConsumerFailure) {
    super(describeFailure(failure));
  }
}

function failureText(
  consumer: Contract,
  producer: Contract,
  failure: ConsumerFailure,
  message: GeneratedMessage,
  fields: readonly FieldThatMatters[],
  details: fc.RunDetails<[GeneratedMessage]>,
  seed: number,
): string {
  const origin =
    producer.id === consumer.id
      ? `its contract ${consumer.id} allows`
      : `${producer.id} allows (generated under the producer's version; the consumer was built for ${consumer.id})`;
  const lines = [
    `checkConsumer: the consumer fails on a message ${origin}: ${describeFailure(failure)}.`,
    `Smallest message (run ${details.numRuns} of ${details.numRuns + details.numSkips}, shrunk ${details.numShrinks} times):`,
    `  ${JSON.stringify(message)}`,
  ];
  if (fields.length > 0) {
    lines.push(
      'The fields that decide it (another value the contract allows there makes the consumer pass):',
    );
    for (const field of fields)
      lines.push(`  ${field.path} ${shown(field.value)}  (${producer.id} data ${field.pointer})`);
  }
  lines.push(
    `Replay: checkConsumer({ …, seed: ${seed}, path: ${JSON.stringify(details.counterexamplePath)} })`,
    'Paste as a test:',
    `  test('the consumer handles ${producer.id}${fields.length > 0 ? ` with ${fields.map((f) => `${f.path.replace(/^data\./, '')} ${shown(f.value).replace(/^= /, '')}`).join(', ')}` : ''}', async () => {`,
    `    const world = await setup();`,
    `    await handle(world, ${JSON.stringify(message)});`,
    '  });',
  );
  return lines.join('\n');
}

function shown(value: unknown): string {
  return value === undefined ? 'absent' : `= ${JSON.stringify(value)}`;
}

function checkOptions<World>(options: CheckConsumerOptions<World>): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONSUMER_BAD_OPTIONS',
      'checkConsumer(options) takes an object: { contract, setup, handle, … }.',
    );
  }
  for (const key of Object.keys(options))
    if (!optionKeys.includes(key))
      problems.push(`unknown option "${key}"; the options are ${optionKeys.join(', ')}`);
  if (options.contract === undefined)
    problems.push('contract is missing: the contract (or its id) the consumer was built for');
  for (const name of ['setup', 'handle'] as const)
    if (typeof options[name] !== 'function') problems.push(`${name} must be a function`);
  if (options.runs !== undefined && (!Number.isInteger(options.runs) || options.runs < 1))
    problems.push(`runs must be a whole number from 1, not ${String(options.runs)}`);
  if (options.path !== undefined && options.seed === undefined)
    problems.push('path replays a run of a seed: give the seed printed with it');
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONSUMER_BAD_OPTIONS',
      `checkConsumer(options) cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
