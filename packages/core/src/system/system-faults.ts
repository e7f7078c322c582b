import fc from 'fast-check';
import { compactPlan, type DeliveryPlan, deliveryPlans, referencePlan } from '../delivery/delivery-plan.js';
import { reducePlan } from '../delivery/plan-reducer.js';
import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { freshSeed } from '../options/fresh-seed.js';
import { searchOptionProblems } from '../options/search-options.js';
import { renderMessageFlow } from './message-flow.js';
import type { SystemRun, SystemState } from './system-run.js';

/**
 * The delivery faults a system scenario is run under: the delivery harness's switches and plans, applied
 * to the broker between the services.
 */
export interface SystemFaults {
  /**
   * Publish a message again (same id): right after itself (`'immediate'`), or after other messages too.
   * @default true
   */
  duplicate?: boolean | 'immediate';
  /**
   * Let messages through later than their turn: `'across-keys'` keeps the order of one key on a topic
   * (Kafka partitions); `'any'` also reorders messages of one key.
   * @default 'across-keys'
   */
  reorder?: false | 'across-keys' | 'any';
  /** Fail a delivery before the service handles it; the broker delivers it again. @default true */
  failBefore?: boolean;
  /** Let the service handle a delivery, then crash before the ack; the broker delivers it again. @default true */
  crashAfter?: boolean;
  /** Plans explored. @default 100 */
  runs?: number;
  /** Replays a failure: the seed printed with it. */
  seed?: number;
  /** Replays a failure: the path printed with it (goes with `seed`). */
  path?: string;
  /**
   * Runs exactly this plan (as printed with a failure) instead of exploring. Its `message` indexes number
   * the messages published from `when` on, in order, the message under test being 0.
   */
  plan?: Partial<DeliveryPlan>;
}

const known = new Set(['duplicate', 'reorder', 'failBefore', 'crashAfter', 'runs', 'seed', 'path', 'plan']);

/** Runs the scenario with the plan and returns the run (closed) and its end state. */
export type PlanRunner = (plan: DeliveryPlan, anyOrder: boolean) => Promise<SystemRun>;

/** Draws a failing run's flow; returns the lines that name the picture (none when it was not written). */
export type FlowDiagram = (run: SystemRun) => readonly string[];

/**
 * Explores delivery plans over the `count` messages of the fault-free run and fails, with the simplest
 * plan found, when one ends in another state. Returns how many plans were checked.
 */
export async function checkUnderFaults(
  given: true | SystemFaults,
  count: number,
  expected: SystemState,
  runPlan: PlanRunner,
  diagram: FlowDiagram = () => [],
): Promise<number> {
  const options = settingsOf(given === true ? {} : given, count);
  const anyOrder = options.reorder === 'any';
  const differs = async (plan: DeliveryPlan) => {
    const run = await runPlan(plan, anyOrder);
    return equalsIn('strict', run.state(), expected) ? undefined : run;
  };
  if (options.plan) {
    const run = await differs(options.plan);
    if (run) throw faultFailure(options.plan, run, expected, 'replayed', diagram);
    return 1;
  }
  const plans = deliveryPlans(count, {
    duplicate: options.duplicate === true ? 'later' : options.duplicate,
    reorder: options.reorder,
    failBefore: options.failBefore,
    crashAfter: options.crashAfter,
    replayFromCommit: false,
    zombie: false,
    lateDuplicates: 0,
    concurrency: 1,
    realBroker: true,
  });
  const details = await fc.check(
    fc.asyncProperty(plans, async (plan) => (await differs(plan)) === undefined),
    {
      numRuns: options.runs,
      seed: options.seed,
      ...(options.path === undefined ? {} : { path: options.path }),
    },
  );
  if (!details.failed) return details.numRuns;
  const shrunk = details.counterexample?.[0] ?? referencePlan;
  const found = await differs(shrunk);
  if (!found) {
    throw new EventspecError(
      'EVENTSPEC_SYSTEM_NONDETERMINISTIC',
      `A delivery plan made the system end in another state, and the same plan run again did not: the system is not deterministic (a clock, a random id, or shared state between runs). Replay: faults: { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath ?? '')} }`,
    );
  }
  const reduced = await reducePlan(shrunk, found, differs, 300);
  const explored = `found after ${details.numRuns} plans, shrunk ${details.numShrinks} times${reduced.steps ? `, simplified ${reduced.steps} more` : ''}`;
  throw faultFailure(reduced.plan, reduced.found, expected, explored, diagram, {
    seed: details.seed,
    path: details.counterexamplePath ?? '',
  });
}

function faultFailure(
  plan: DeliveryPlan,
  run: SystemRun,
  expected: SystemState,
  explored: string,
  diagram: FlowDiagram,
  search?: { seed: number; path: string },
): EventspecError {
  const state = run.state();
  const messages = run.bus?.messages ?? [];
  const name = (index: number) => {
    const entry = messages[index];
    return `#${index + 1} ${entry ? `${entry.message.type} (from ${entry.from})` : '(not published)'}`;
  };
  const target = (index: number, call: number) => {
    const service = run.bus?.serviceOf(index, call);
    return service ? ` (to ${service})` : '';
  };
  const steps = [
    ...plan.delays.map(
      (d) =>
        `${name(d.message)}: held back until ${d.by} later ${d.by === 1 ? 'message was' : 'messages were'} published`,
    ),
    ...plan.duplicates.map(
      (d) =>
        `${name(d.message)}: published twice, the copy ${d.after === 0 ? 'right after it' : `${d.after} messages later`}`,
    ),
    ...plan.failures.map(
      (f) =>
        `${name(f.message)}: its delivery ${f.call + 1}${target(f.message, f.call)} ${f.mode === 'fail-before' ? 'fails before it is handled' : 'is handled, then the consumer crashes before the ack'}; delivered again`,
    ),
  ];
  const lines = [
    'Under delivery faults, the system ends in another state than without them.',
    '',
    `  the smallest plan found (${explored}):`,
    ...steps.map((step, i) => `    ${i + 1}. ${step}`),
    '',
    '  end state with the plan (received) against the fault-free run (expected):',
    ...differencesIn('strict', state, expected).map((d) => `    ${describeDifference(d)}`),
    '',
    'The message flow with the plan (⚡ what the broker did):',
    ...renderMessageFlow(run.flow, run.rejections, run.bus?.notes),
    ...diagram(run),
    '',
    `Replay: eventually(..., { ...options, faults: { plan: ${formatInline(compactPlan(plan), Number.POSITIVE_INFINITY)} } })`,
    ...(search
      ? [`Search: faults: { seed: ${search.seed}, path: ${JSON.stringify(search.path)} } finds it again`]
      : []),
  ];
  return new EventspecError('EVENTSPEC_SYSTEM_FAULTS', lines.join('\n'), { actual: state, expected });
}

interface Settings {
  duplicate: false | 'immediate' | true;
  reorder: false | 'across-keys' | 'any';
  failBefore: boolean;
  crashAfter: boolean;
  runs: number;
  seed: number;
  path: string | undefined;
  plan: DeliveryPlan | undefined;
}

function settingsOf(given: SystemFaults, count: number): Settings {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  for (const key of Object.keys(given))
    need(known.has(key), `\`faults.${key}\` is not an option (${[...known].join(', ')})`);
  const { duplicate = true, reorder = 'across-keys', failBefore = true, crashAfter = true } = given;
  need(
    [true, false, 'immediate'].includes(duplicate),
    "`faults.duplicate` must be true, false or 'immediate'",
  );
  need(
    [false, 'across-keys', 'any'].includes(reorder),
    "`faults.reorder` must be false, 'across-keys' or 'any'",
  );
  need(typeof failBefore === 'boolean', '`faults.failBefore` must be true or false');
  need(typeof crashAfter === 'boolean', '`faults.crashAfter` must be true or false');
  const runs = given.runs ?? 100;
  for (const problem of searchOptionProblems(given)) problems.push(problem.replace('`', '`faults.'));
  const plan = given.plan === undefined ? undefined : { ...referencePlan, ...given.plan };
  if (plan) {
    const indexes = [...plan.delays, ...plan.duplicates, ...plan.failures].map((fault) => fault.message);
    need(
      indexes.every((index) => Number.isInteger(index) && index >= 0 && index < count),
      `every \`faults.plan\` fault names a message from 0 to ${count - 1} (the messages published from \`when\` on)`,
    );
  }
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_SYSTEM_BAD_FAULTS',
      `eventually({ faults }) cannot run:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return {
    duplicate,
    reorder,
    failBefore,
    crashAfter,
    runs,
    seed: given.seed ?? freshSeed(),
    path: given.path,
    plan,
  };
}
