import type { Message } from '../broker/message.js';
import { type Duration, toMilliseconds } from '../clock/duration.js';
import { type Instant, toEpochMs } from '../clock/instant.js';
import { defaultStartInstant } from '../clock/virtual-clock.js';
import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { typeName } from '../format/type-name.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { emitSpecRecord, recording, type ScenarioRecord } from '../records/spec-record.js';
import { describeMessage } from '../specs/describe-scenario.js';
import { inAnyOrder } from '../specs/in-any-order.js';
import { verifyEvents } from '../specs/verify-events.js';
import { renderMessageFlow } from './message-flow.js';
import { defaultSystemSvgDir, flowSvgName, writeMessageFlowSvg } from './message-flow-svg-file.js';
import { checkReplay } from './replay-check.js';
import { routingOf } from './service-routing.js';
import type { Service } from './services.js';
import {
  openSystemBroker,
  refuseOnBroker,
  type SystemBrokerOptions,
  type SystemBrokerSettings,
  systemBrokerSettings,
} from './system-broker.js';
import { checkUnderFaults, type SystemFaults } from './system-faults.js';
import {
  type FlowEntry,
  type Redelivery,
  type Rejection,
  type SystemFaultPlan,
  SystemRun,
  type SystemState,
} from './system-run.js';

/** What a system scenario expects once the choreography is quiet (or the deadline passed). Each part named is checked. */
export interface SystemExpectations {
  /** Every event published after `when`, by any service, as patterns in any order. */
  published?: readonly unknown[];
  /** Every command services sent after `when`, as patterns in any order. */
  sent?: readonly unknown[];
  /** Every command rejected after `when`, as patterns in any order. */
  rejected?: readonly unknown[];
  /** Per service, a pattern of its end state: deciders' states by stream, process states by instance, read models. */
  state?: Readonly<Record<string, unknown>>;
}

/** Options of `eventually`. */
export interface EventuallyOptions {
  /** How far the virtual clock may run after `when`: timers due by then fire. */
  within: Duration;
  /**
   * Also run the scenario under the delivery harness's plans applied to the broker — duplicates, messages
   * let through later than their turn (across keys), deliveries failing before or crashing after the
   * handling — and require the same end state in every service. A failure shrinks to the smallest plan.
   */
  faults?: boolean | SystemFaults;
  /**
   * Also replay the run's events: projections rebuilt from the full history must equal their incremental
   * read models, and process managers and handlers told they are replaying must not act again.
   */
  replay?: boolean;
  /**
   * Where the message flow of a failure is written as an SVG sequence diagram (a folder); `false` writes none.
   * @default '.eventspec/system'
   */
  svgDir?: string | false;
}

/** What a passing system scenario saw. */
export interface SystemReport {
  flow: readonly FlowEntry[];
  /** The messages as they went through the broker, with their causal headers: for `checkCausalityOfLog`. */
  log: readonly Message[];
  state: SystemState;
  rejections: readonly Rejection[];
  /** Messages a service got again because its handling threw: redelivered by the broker. */
  redeliveries: readonly Redelivery[];
  /** Fault plans checked, when faults were on. */
  plansChecked: number;
}

/** Options of `system`. */
export interface SystemOptions {
  /** The virtual time the scenario starts at. */
  start?: Instant;
  /**
   * Runs every message through a real broker opened per run (Kafka, RabbitMQ, NATS JetStream, Redis
   * Streams, ...) instead of the in-memory one; timers still fire on the virtual clock.
   * @default the in-memory broker
   */
  broker?: SystemBrokerOptions;
}

/**
 * Wires services — deciders with their commands, process managers, projections, handlers — to the in-memory
 * broker (or a real one) with a virtual clock, for scenarios that cross services.
 * @example
 * await system({ orders, payments, checkout }).given([orderPlaced]).when(paymentCaptured)
 *   .eventually({ sent: [{ type: 'ConfirmPayment' }] }, { within: '1m' });
 */
export function system(
  services: Readonly<Record<string, Service>>,
  options: SystemOptions = {},
): SystemScenario {
  routingOf(services);
  return new SystemScenario(
    services,
    toEpochMs(options.start ?? defaultStartInstant, 'system({ start })'),
    [],
    undefined,
    systemBrokerSettings(options.broker),
  );
}

/** The stages of {@link system}. */
export class SystemScenario {
  /** @internal */
  constructor(
    private readonly services: Readonly<Record<string, Service>>,
    private readonly startMs: number,
    private readonly history: readonly unknown[],
    private readonly trigger: { message: unknown } | undefined,
    private readonly broker?: SystemBrokerSettings,
  ) {}

  /** Sets the virtual time the scenario starts at. */
  at(instant: Instant): SystemScenario {
    return new SystemScenario(
      this.services,
      toEpochMs(instant, 'system(...).at()'),
      this.history,
      this.trigger,
      this.broker,
    );
  }

  /** What happened before: commands and events, each run through the system to quiet. */
  given(messages: readonly unknown[]): SystemScenario {
    if (!Array.isArray(messages)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_GIVEN_NOT_ARRAY',
        'given() takes an array of commands and events: given([event]).',
      );
    }
    return new SystemScenario(
      this.services,
      this.startMs,
      [...this.history, ...messages],
      this.trigger,
      this.broker,
    );
  }

  /** The command or event under test. */
  when(message: unknown): SystemScenario {
    return new SystemScenario(this.services, this.startMs, this.history, { message }, this.broker);
  }

  /** Runs the choreography to quiet (timers firing up to `within`), then checks the expectations. */
  async eventually(expectations: SystemExpectations, options: EventuallyOptions): Promise<SystemReport> {
    if (!recording()) return this.checkEventually(expectations, options);
    const record = (status: 'passed' | 'failed', failure?: string, plans?: number): ScenarioRecord => ({
      kind: 'system',
      given: this.history.map((message) => describeMessage(message, 200)),
      ...(this.trigger ? { when: describeMessage(this.trigger.message, 200) } : {}),
      then: describeExpectations(expectations, options, plans),
      status,
      ...(failure === undefined ? {} : { failure }),
    });
    try {
      const report = await this.checkEventually(expectations, options);
      emitSpecRecord(record('passed', undefined, report.plansChecked));
      return report;
    } catch (error) {
      emitSpecRecord(record('failed', error instanceof Error ? error.message : String(error)));
      throw error;
    }
  }

  private async checkEventually(
    expectations: SystemExpectations,
    options: EventuallyOptions,
  ): Promise<SystemReport> {
    if (!this.trigger) {
      throw new EventspecUsageError(
        'EVENTSPEC_SYSTEM_NO_WHEN',
        'eventually() needs the message under test: system(...).given([...]).when(message).eventually({...}, { within }).',
      );
    }
    const withinMs = toMilliseconds(options.within, 'eventually({ within })');
    if (this.broker) refuseOnBroker(options.faults);
    const reference = this.broker
      ? await this.runOnBroker(withinMs, expectations, this.broker)
      : await this.run(withinMs);
    const { problems, unmet } = checkExpectations(reference, expectations);
    if (unmet > 0) {
      if (this.broker) await reference.close();
      throw new EventspecError(
        'EVENTSPEC_SYSTEM_EXPECTATIONS',
        [
          `eventually() failed: ${unmet} ${unmet === 1 ? 'expectation' : 'expectations'} not met.`,
          '',
          ...problems,
          '',
          'The message flow:',
          ...renderMessageFlow(reference.flow, reference.rejections),
          ...this.diagram(
            options,
            reference,
            `eventually() failed: ${unmet} ${unmet === 1 ? 'expectation' : 'expectations'} not met`,
          ),
        ].join('\n'),
      );
    }
    const report = {
      flow: reference.flow,
      log: reference.log,
      state: reference.state(),
      rejections: reference.rejections,
      redeliveries: reference.redeliveries,
      plansChecked: 0,
    };
    const count = reference.whenMessages;
    await reference.close();
    if (options.replay) {
      const replayProblems = await checkReplay(this.services, reference.flow, report.state);
      if (replayProblems.length > 0) {
        throw new EventspecError(
          'EVENTSPEC_SYSTEM_REPLAY',
          ['Replaying the run is not safe:', '', ...replayProblems].join('\n'),
        );
      }
    }
    if (!options.faults) return report;
    report.plansChecked = await checkUnderFaults(
      options.faults,
      count,
      report.state,
      async (plan, anyOrder) => {
        const run = await this.run(withinMs, { plan, anyOrder });
        await run.close();
        return run;
      },
      (run) => this.diagram(options, run, 'under delivery faults', '-faults'),
    );
    return report;
  }

  /** Writes the run's flow as a sequence diagram, unless turned off: the failure's line naming it, if written. */
  private diagram(options: EventuallyOptions, run: SystemRun, what: string, suffix = ''): string[] {
    const folder = options.svgDir ?? defaultSystemSvgDir;
    if (folder === false) return [];
    const trigger = this.trigger?.message;
    const file = writeMessageFlowSvg(
      folder,
      flowSvgName(this.history, trigger, suffix),
      run.flow,
      run.rejections,
      run.bus?.notes ?? [],
      `${what} — when ${describeMessage(trigger, 80)}`,
    );
    return file === undefined ? [] : [`The flow as a sequence diagram: ${file}`];
  }

  /** A run through a real broker: closed if it fails; a broker that never gets quiet names what is missing. */
  private async runOnBroker(
    withinMs: number,
    expectations: SystemExpectations,
    settings: SystemBrokerSettings,
  ): Promise<SystemRun> {
    const broker = await openSystemBroker(settings);
    const run = new SystemRun(this.services, this.startMs, undefined, {
      broker,
      settleTimeout: settings.settleTimeout,
    });
    try {
      return await this.drive(run, withinMs);
    } catch (error) {
      await closeWithin(run, settings.settleTimeout);
      if ((error as { code?: unknown })?.code !== 'EVENTSPEC_BROKER_SETTLE_TIMEOUT') throw error;
      throw notQuiet(run, expectations, settings.settleTimeout, error);
    }
  }

  private async run(withinMs: number, faults?: SystemFaultPlan): Promise<SystemRun> {
    return this.drive(new SystemRun(this.services, this.startMs, faults), withinMs);
  }

  private async drive(run: SystemRun, withinMs: number): Promise<SystemRun> {
    await run.start();
    for (const message of this.history) {
      await run.inject(message);
      await run.runUntil(run.clock.nowMs());
    }
    run.startWhen();
    const whenMs = run.clock.nowMs();
    await run.inject(this.trigger!.message);
    await run.runUntil(whenMs + withinMs);
    return run;
  }
}

/** Closes a failed run's broker, waiting at most `timeout` (a hung handler may keep its close waiting). */
async function closeWithin(run: SystemRun, timeout: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeout);
  });
  await Promise.race([run.close().catch(() => undefined), waited]);
  clearTimeout(timer);
}

/** `EVENTSPEC_SYSTEM_BROKER_NOT_QUIET`: what the broker still held, and which expectations were unmet then. */
function notQuiet(
  run: SystemRun,
  expectations: SystemExpectations,
  timeout: number,
  cause: unknown,
): EventspecError {
  const { problems, unmet } = checkExpectations(run, expectations);
  const waiting = cause instanceof Error ? cause.message : String(cause);
  return new EventspecError(
    'EVENTSPEC_SYSTEM_BROKER_NOT_QUIET',
    [
      `eventually() on a real broker: the broker was not quiet within ${timeout} ms (${run.phase === 'when' ? 'after when' : 'while running given'}).`,
      `The broker said: ${waiting}`,
      '',
      unmet === 0
        ? 'Every expectation was met by then, but messages were still unacknowledged.'
        : `Still missing then (${unmet} ${unmet === 1 ? 'expectation' : 'expectations'}):`,
      ...problems,
      '',
      'The message flow so far:',
      ...renderMessageFlow(run.flow, run.rejections),
      '',
      'A handler that keeps throwing is redelivered until its attempts run out; a stopped broker never ' +
        'settles. Check the broker, or raise `broker.settleTimeout` if it is only slow.',
    ].join('\n'),
    { cause },
  );
}

function checkExpectations(
  run: SystemRun,
  expectations: SystemExpectations,
): { problems: string[]; unmet: number } {
  const problems: string[] = [];
  let unmet = 0;
  const after = run.flow.filter((entry) => entry.phase === 'when');
  const listOf = (kind: FlowEntry['kind'], fromServices: boolean) =>
    after
      .filter((entry) => entry.kind === kind && (!fromServices || entry.from !== 'test'))
      .map((entry) => entry.message);
  const compare = (name: string, actual: readonly unknown[], expected: readonly unknown[] | undefined) => {
    if (expected === undefined) return;
    const verdict = verifyEvents(actual, [inAnyOrder(expected)], 'pattern');
    if (verdict.pass) return;
    unmet++;
    problems.push(`  ${name}: ${verdict.summary}`, ...verdict.lines.map((line) => `  ${line}`));
  };
  compare('published', listOf('event', false), expectations.published);
  compare('sent', listOf('command', true), expectations.sent);
  compare(
    'rejected',
    run.rejections.filter((r) => r.phase === 'when').map((r) => r.command),
    expectations.rejected,
  );
  const state = run.state();
  for (const [service, expected] of Object.entries(expectations.state ?? {})) {
    if (!(service in state)) {
      unmet++;
      problems.push(
        `  state: there is no service "${service}" with a state (services: ${Object.keys(state).join(', ')})`,
      );
      continue;
    }
    if (!equalsIn('pattern', state[service], expected)) {
      unmet++;
      problems.push(
        `  state of ${service}:`,
        ...differencesIn('pattern', state[service], expected).map(
          (d) => `    ${describeDifference(d, service)}`,
        ),
      );
    }
  }
  return { problems, unmet };
}

function describeExpectations(
  expectations: SystemExpectations,
  options: EventuallyOptions,
  plans?: number,
): string {
  const parts: string[] = [];
  if (expectations.published)
    parts.push(`published: ${expectations.published.map(typeName).join(', ') || 'none'}`);
  if (expectations.sent) parts.push(`sent: ${expectations.sent.map(typeName).join(', ') || 'none'}`);
  if (expectations.rejected)
    parts.push(`rejected: ${expectations.rejected.map(typeName).join(', ') || 'none'}`);
  if (expectations.state) parts.push(`state of ${Object.keys(expectations.state).join(', ')}`);
  const within = `within ${String(options.within)}`;
  const faults = options.faults ? `; same end state under ${plans ?? 'the'} fault plans` : '';
  const replay = options.replay ? '; safe to replay' : '';
  return `eventually ${parts.join('; ') || 'quiet'} (${within}${faults}${replay})`;
}
