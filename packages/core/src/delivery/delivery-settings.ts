import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { deepEqual } from '../matching/compare.js';
import { unknownOptionKeys } from '../options/option-keys.js';
import type { BrokerSettings } from './broker-run.js';
import { type DeliveryPlan, type PlanShape, referencePlan } from './delivery-plan.js';
import { backoffOf, brokerKeys, deadLettersOf, faultKeys, optionKeys, planKeys } from './option-values.js';
import type { CheckDeliveryOptions } from './options.js';

/** `CheckDeliveryOptions` with defaults applied and every mistake reported at once. */
export interface DeliverySettings<World, M extends Message> {
  fixed: readonly M[] | undefined;
  messages: fc.Arbitrary<readonly M[]>;
  setup: () => World | Promise<World>;
  handle: CheckDeliveryOptions<World, M>['handle'];
  observe: (world: World) => unknown;
  equivalent: (actual: unknown, reference: unknown) => boolean;
  keyOf: (message: M) => string;
  shape: PlanShape;
  crashPoints: ((world: World) => Record<string, object>) | undefined;
  /** Set when every run goes through a real broker. */
  broker: BrokerSettings | undefined;
  runs: number;
  plan: DeliveryPlan | undefined;
  seed: number | undefined;
  path: string | undefined;
  maxAttempts: number;
  timeout: number;
  restart: ((world: World) => void | Promise<void>) | undefined;
  retryBackoff: ((failures: number) => number) | undefined;
  /** Whether a message may end in the dead-letter queue of the reference run (`expectDeadLetters`). */
  deadLetterExpected: (message: M) => boolean;
  determinismCheck: boolean;
  timelineDir: string | false;
  name: string | undefined;
}

export function settingsOf<World, M extends Message, O>(
  options: CheckDeliveryOptions<World, M, O>,
): DeliverySettings<World, M> {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const given = options ?? ({} as CheckDeliveryOptions<World, M, O>);
  problems.push(...unknownOptionKeys(given, optionKeys, 'checkDelivery'));
  problems.push(...unknownOptionKeys(given.faults, faultKeys, 'checkDelivery `faults`'));
  problems.push(...unknownOptionKeys(given.broker, brokerKeys, 'checkDelivery `broker`'));
  problems.push(...unknownOptionKeys(given.plan, planKeys, 'checkDelivery `plan`'));
  const fixed = Array.isArray(given.messages) ? (given.messages as readonly M[]) : undefined;
  need(
    fixed !== undefined || isArbitrary(given.messages),
    '`messages` must be an array of messages or a fast-check arbitrary of arrays of messages',
  );
  if (fixed) checkMessages(fixed, problems);
  for (const name of ['setup', 'handle', 'observe'] as const) {
    need(typeof given[name] === 'function', `\`${name}\` must be a function`);
  }
  const faults = given.faults ?? {};
  const concurrency = faults.concurrency ?? 2;
  need(Number.isInteger(concurrency) && concurrency >= 1, '`faults.concurrency` must be a whole number ≥ 1');
  need(
    [undefined, false, 'across-keys', 'any'].includes(faults.reorder as string),
    "`faults.reorder` must be false, 'across-keys' or 'any'",
  );
  const hasPoints = typeof given.crashPoints === 'function';
  need(
    hasPoints || !(faults.failBefore || faults.crashAfter || faults.zombie),
    "`faults.failBefore`, `faults.crashAfter` and `faults.zombie` need `crashPoints`: the world's dependencies whose calls may fail, crash or be awaited",
  );
  const broker = given.broker === undefined ? undefined : brokerOf(given.broker, problems);
  const runs = given.runs ?? (broker ? 10 : 100);
  need(Number.isInteger(runs) && runs >= 1, '`runs` must be a whole number ≥ 1');
  const maxAttempts = given.maxAttempts ?? 5;
  need(
    Number.isInteger(maxAttempts) && maxAttempts >= 1,
    '`maxAttempts` must be a whole number ≥ 1 (Infinity would retry a failing message forever)',
  );
  const timeout = given.timeout ?? 1000;
  need(
    typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout),
    '`timeout` must be a finite number of milliseconds > 0',
  );
  const lateBy = faults.lateBy ?? 7 * 86_400_000;
  need(
    Number.isInteger(lateBy) && lateBy >= 0,
    '`faults.lateBy` must be a whole number of milliseconds ≥ 0 (0: duplicates never come late)',
  );
  need(
    given.restart === undefined || typeof given.restart === 'function',
    '`restart` must be a function rebuilding process memory, e.g. (world) => { world.cache = new Map(); }',
  );
  const retryBackoff = backoffOf(given.retryBackoff, problems);
  const deadLetterExpected = deadLettersOf(given.expectDeadLetters, fixed, problems);
  need(
    given.path === undefined || given.seed !== undefined,
    '`path` replays a failure only together with its `seed`',
  );
  const plan = given.plan === undefined ? undefined : planOf(given.plan, fixed, problems);
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_BAD_OPTIONS',
      `checkDelivery cannot run:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  const duplicate = faults.duplicate ?? true;
  return {
    fixed,
    messages: fixed ? fc.constant(fixed) : (given.messages as fc.Arbitrary<readonly M[]>),
    setup: given.setup,
    handle: given.handle,
    observe: given.observe,
    equivalent: (given.equivalent as ((a: unknown, b: unknown) => boolean) | undefined) ?? deepEqual,
    keyOf: given.key ?? ((message: M) => message.key),
    shape: {
      duplicate: duplicate === true ? 'later' : duplicate,
      reorder: faults.reorder ?? 'across-keys',
      failBefore: hasPoints && faults.failBefore !== false,
      crashAfter: hasPoints && faults.crashAfter !== false,
      // A replay delivers messages again: off with `duplicate: false` (or `'immediate'`) unless asked for.
      // On a real broker, replays crash its consumers: only when asked for.
      replayFromCommit: faults.replayFromCommit ?? (duplicate === true && broker === undefined),
      zombie: hasPoints && faults.zombie === true,
      lateDuplicates: broker ? 0 : lateBy,
      concurrency,
      ...(broker ? { realBroker: true } : {}),
    },
    crashPoints: given.crashPoints,
    broker,
    runs,
    plan,
    seed: given.seed,
    path: given.path,
    maxAttempts,
    timeout,
    restart: given.restart,
    retryBackoff,
    deadLetterExpected,
    determinismCheck: given.determinismCheck ?? broker === undefined,
    timelineDir: given.timelineDir ?? '.eventspec/delivery',
    name: given.name,
  };
}

function brokerOf(given: CheckDeliveryOptions<unknown>['broker'], problems: string[]): BrokerSettings {
  const options = given ?? ({} as NonNullable<typeof given>);
  if (typeof options.open !== 'function')
    problems.push(
      '`broker.open` must be a function opening a broker in a fresh namespace, e.g. () => kafka.newBroker()',
    );
  const shrinkRuns = options.shrinkRuns ?? 8;
  if (!Number.isInteger(shrinkRuns) || shrinkRuns < 0)
    problems.push('`broker.shrinkRuns` must be a whole number ≥ 0');
  const consumers = options.consumers ?? 1;
  if (!Number.isInteger(consumers) || consumers < 1)
    problems.push('`broker.consumers` must be a whole number ≥ 1');
  const settleTimeout = options.settleTimeout ?? 30_000;
  if (typeof settleTimeout !== 'number' || settleTimeout <= 0)
    problems.push('`broker.settleTimeout` must be a number of milliseconds > 0');
  return {
    open: options.open,
    source: options.source,
    publishTo: options.publishTo,
    consumers,
    shrinkRuns,
    settleTimeout,
  };
}

function isArbitrary(value: unknown): boolean {
  const candidate = value as { generate?: unknown; shrink?: unknown } | null;
  return typeof candidate?.generate === 'function' && typeof candidate.shrink === 'function';
}

/** Reports messages without an id, and ids shared by two messages (a dedupe-by-id handler would merge them). */
export function checkMessages(messages: readonly Message[], problems: string[]): void {
  const seen = new Map<string, number>();
  messages.forEach((message, index) => {
    if (message === null || typeof message !== 'object' || typeof message.id !== 'string') {
      problems.push(`message #${index + 1} has no string \`id\` (messages are { id, type, key, data })`);
      return;
    }
    const first = seen.get(message.id);
    if (first !== undefined) {
      problems.push(
        `messages #${first + 1} and #${index + 1} share the id ${JSON.stringify(message.id)}; give each message its own id`,
      );
    } else seen.set(message.id, index);
  });
}

/** A `plan` option with its omitted parts filled in, or a problem when it cannot be replayed. */
function planOf(
  given: Partial<DeliveryPlan>,
  fixed: readonly Message[] | undefined,
  problems: string[],
): DeliveryPlan {
  const plan: DeliveryPlan = { ...referencePlan, ...given };
  if (!fixed) problems.push('`plan` replays a plan over `messages` given as an array, not an arbitrary');
  const count = fixed?.length ?? Number.POSITIVE_INFINITY;
  const lists = ['delays', 'duplicates', 'failures', 'replays', 'zombies', 'interleaving'] as const;
  const notArrays = lists.filter((list) => !Array.isArray(plan[list]));
  for (const list of notArrays) problems.push(`\`plan.${list}\` must be an array`);
  if (notArrays.length > 0) return plan;
  const faults = [...plan.delays, ...plan.duplicates, ...plan.failures, ...plan.replays, ...plan.zombies];
  if (
    faults.some((fault) => !Number.isInteger(fault?.message) || fault.message < 0 || fault.message >= count)
  ) {
    problems.push(`every \`plan\` fault names a message index from 0 to ${count - 1}`);
  }
  if (plan.replays.some((replay) => !Number.isInteger(replay?.commitEvery) || replay.commitEvery < 1))
    problems.push('every `plan.replays` entry needs `commitEvery`, a whole number ≥ 1');
  if (!Number.isInteger(plan.concurrency) || plan.concurrency < 1)
    problems.push('`plan.concurrency` must be a whole number ≥ 1');
  return plan;
}
