import { toMilliseconds } from '../clock/duration.js';
import { toEpochMs } from '../clock/instant.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { initialStateOf } from './decider.js';
import { describeMessage } from './describe-scenario.js';
import { andThen, isThenable, type MaybePromise } from './maybe-async.js';
import type { ProcessManager, ProcessOutput, ScheduleOutput } from './process-manager.js';
import { within } from './step-timeout.js';

/** A scheduled message as the process manager's outputs show it: what, when, and its name. */
export interface Scheduled<Message = unknown> {
  message: Message;
  at: Date;
  id?: string;
}

/** What one step (a `when`, a clock advance) made the process manager do, by kind. */
export interface StepOutputs {
  send: unknown[];
  publish: unknown[];
  schedule: Scheduled[];
  cancel: string[];
  /** Scheduled messages that came due during the step and were delivered to `react`. */
  due: unknown[];
}

/** One output as `react` made it, in the order it made them: schedules at their absolute time. */
export type OrderedOutput =
  | { kind: 'send'; command: unknown }
  | { kind: 'publish'; event: unknown }
  | { kind: 'schedule'; message: unknown; at: Date; id?: string }
  | { kind: 'cancel'; id: string };

interface Timer extends Scheduled {
  sequence: number;
}

const kinds = new Set(['send', 'publish', 'schedule', 'cancel']);

/** A running process manager: its state, the virtual clock, and the messages scheduled but not yet due. */
export class ProcessRun<Input, State> {
  state: State;
  readonly clock: VirtualClock;
  private timers: Timer[] = [];
  private sequence = 0;
  /** Each input `react` handled, with the messages it sent, published and scheduled: for the causality check. */
  readonly links: { trigger: unknown; outputs: unknown[] }[] = [];
  /** Every output in the order `react` made them, across kinds: for `thenInOrder`. */
  readonly outputLog: OrderedOutput[] = [];

  constructor(
    private readonly manager: ProcessManager<Input, State>,
    startMs: number,
    private readonly timeoutMs: number,
  ) {
    this.state = initialStateOf(manager);
    this.clock = new VirtualClock(startMs);
  }

  /** Delivers `input` to `react`, then every scheduled message that is due by now. */
  deliver(input: Input, into: StepOutputs): MaybePromise<void> {
    return andThen(this.react(input, into), () => this.deliverDue(this.clock.nowMs(), into));
  }

  /** Moves the clock to `targetMs`, delivering each scheduled message at its own time on the way. */
  advanceTo(targetMs: number, into: StepOutputs): MaybePromise<void> {
    return andThen(this.deliverDue(targetMs, into), () => {
      if (targetMs > this.clock.nowMs()) this.clock.set(targetMs);
    });
  }

  /** Messages scheduled and not yet due or cancelled, earliest first. */
  pending(): readonly Scheduled[] {
    return this.timers.map(({ message, at, id }) =>
      id === undefined ? { message, at } : { message, at, id },
    );
  }

  private deliverDue(untilMs: number, into: StepOutputs): MaybePromise<void> {
    const next = this.timers[0];
    if (!next || next.at.getTime() > untilMs) return undefined;
    this.timers.shift();
    if (next.at.getTime() > this.clock.nowMs()) this.clock.set(next.at);
    into.due.push(next.message);
    return andThen(this.react(next.message as Input, into), () => this.deliverDue(untilMs, into));
  }

  private react(input: Input, into: StepOutputs): MaybePromise<void> {
    const reacted = this.manager.react(this.state, input, { now: () => this.clock.now() });
    const reaction = isThenable(reacted)
      ? within(reacted, this.timeoutMs, () => `react to ${describeMessage(input, 60)}`)
      : reacted;
    return andThen(reaction, (outputs) => {
      const list = outputs === undefined ? [] : Array.isArray(outputs) ? outputs : [outputs];
      const link = { trigger: input as unknown, outputs: [] as unknown[] };
      for (const output of list) {
        this.apply(output, into);
        const message =
          (output as ProcessOutput).kind === 'send'
            ? (output as { command: unknown }).command
            : (output as ProcessOutput).kind === 'publish'
              ? (output as { event: unknown }).event
              : (output as ProcessOutput).kind === 'schedule'
                ? (output as { message: unknown }).message
                : undefined;
        if (message !== undefined) link.outputs.push(message);
      }
      this.links.push(link);
      if (this.manager.evolve) this.state = this.manager.evolve(this.state, input);
    });
  }

  private apply(output: unknown, into: StepOutputs): void {
    const candidate = output as ProcessOutput;
    if (typeof output !== 'object' || output === null || !kinds.has(candidate.kind))
      throw unknownOutput(output);
    switch (candidate.kind) {
      case 'send':
        into.send.push(candidate.command);
        this.outputLog.push({ kind: 'send', command: candidate.command });
        return;
      case 'publish':
        into.publish.push(candidate.event);
        this.outputLog.push({ kind: 'publish', event: candidate.event });
        return;
      case 'cancel':
        into.cancel.push(candidate.id);
        this.outputLog.push({ kind: 'cancel', id: candidate.id });
        this.timers = this.timers.filter((timer) => timer.id !== candidate.id);
        return;
      case 'schedule': {
        const scheduled = this.toScheduled(candidate);
        into.schedule.push(scheduled);
        this.outputLog.push({ kind: 'schedule', ...scheduled });
        if (scheduled.id !== undefined)
          this.timers = this.timers.filter((timer) => timer.id !== scheduled.id);
        this.timers.push({ ...scheduled, sequence: this.sequence++ });
        this.timers.sort((a, b) => a.at.getTime() - b.at.getTime() || a.sequence - b.sequence);
      }
    }
  }

  private toScheduled(output: ScheduleOutput): Scheduled {
    const atMs =
      output.at !== undefined
        ? toEpochMs(output.at, 'schedule(message, { at })')
        : output.after !== undefined
          ? this.clock.nowMs() + toMilliseconds(output.after, 'schedule(message, { after })')
          : Number.NaN;
    if (Number.isNaN(atMs)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_SCHEDULE_WITHOUT_TIME',
        `react scheduled ${formatInline(output.message, 60)} with neither { after } nor { at }. ` +
          "Say when it comes due: schedule(message, { after: '15m' }) or schedule(message, { at: deadline }).",
      );
    }
    const scheduled: Scheduled = { message: output.message, at: new Date(atMs) };
    if (output.id !== undefined) scheduled.id = output.id;
    return scheduled;
  }
}

/** An empty set of step outputs. */
export function noOutputs(): StepOutputs {
  return { send: [], publish: [], schedule: [], cancel: [], due: [] };
}

function unknownOutput(output: unknown): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_UNKNOWN_OUTPUT',
    `react returned ${formatInline(output, 80)}, which is not a process-manager output. ` +
      "Return send(command), publish(event), schedule(message, { after: '15m' }) or cancel(id) " +
      '(or an array of them) — all exported by @eventspec/core.',
  );
}
