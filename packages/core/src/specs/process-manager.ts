import type { Duration } from '../clock/duration.js';
import type { Instant } from '../clock/instant.js';

/** What `react` may read besides its state and the event: the (virtual) time. */
export interface ReactContext {
  now(): Date;
  /** True while events are replayed to rebuild state: a process manager must not act on them again. */
  replaying?: boolean;
}

/** A command for another service to handle. */
export interface SendOutput<Command = unknown> {
  readonly kind: 'send';
  readonly command: Command;
}
/** An event for the process manager to publish. */
export interface PublishOutput<Event = unknown> {
  readonly kind: 'publish';
  readonly event: Event;
}
/** A message the process manager sends to itself later: delivered to `react` when it comes due. */
export interface ScheduleOutput<Message = unknown> {
  readonly kind: 'schedule';
  readonly message: Message;
  readonly after?: Duration;
  readonly at?: Instant;
  /** Names the schedule, so that `cancel(id)` can withdraw it. */
  readonly id?: string;
}
/** Withdraws a scheduled message that has not come due. */
export interface CancelOutput {
  readonly kind: 'cancel';
  readonly id: string;
}

/** Everything `react` may return. */
export type ProcessOutput<Command = unknown, Event = unknown, Message = unknown> =
  | SendOutput<Command>
  | PublishOutput<Event>
  | ScheduleOutput<Message>
  | CancelOutput;

/** What `react` returns: one output, several, or none. */
export type Reaction<Output> = Output | readonly Output[] | undefined;

/**
 * A process manager (saga): it reacts to events (and to the messages it scheduled for itself) with
 * outputs — commands to send, events to publish, messages to schedule, schedules to cancel.
 * `react` sees the state before the event; `evolve` then folds the event into the state.
 */
export interface ProcessManager<Input, State, Output extends ProcessOutput = ProcessOutput> {
  initialState: State | (() => State);
  evolve?(state: State, input: Input): State;
  react(state: State, input: Input, context: ReactContext): Reaction<Output> | PromiseLike<Reaction<Output>>;
}

/** Sends a command. */
export function send<Command>(command: Command): SendOutput<Command> {
  return { kind: 'send', command };
}

/** Publishes an event. */
export function publish<Event>(event: Event): PublishOutput<Event> {
  return { kind: 'publish', event };
}

/**
 * Schedules `message` for this process manager, `{ after: '15m' }` from now or `{ at: instant }`,
 * optionally named by `id` for `cancel(id)`.
 */
export function schedule<Message>(
  message: Message,
  when: { after: Duration; id?: string } | { at: Instant; id?: string },
): ScheduleOutput<Message> {
  return { kind: 'schedule', message, ...when };
}

/** Cancels the scheduled message named `id`, if it has not come due. */
export function cancel(id: string): CancelOutput {
  return { kind: 'cancel', id };
}
