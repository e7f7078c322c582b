import type { Decider } from '../specs/decider.js';
import type { ProcessManager, ProcessOutput, Reaction } from '../specs/process-manager.js';
import type { Projection } from '../specs/projection-scenario.js';

/** A decider with its command handling: the commands it takes, the events it emits, the stream of each. */
export interface DeciderService<Command = never, Event = never, State = unknown> {
  kind: 'decider';
  decider: Decider<Command, Event, State>;
  /** The command types this service handles. */
  commands: readonly string[];
  /** The event types its decider emits. */
  events: readonly string[];
  /** The stream (aggregate id) a command or event belongs to. */
  streamOf(message: Command | Event): string;
  /** An event to publish when a command is rejected, if the rest of the system must hear of it. */
  onRejected?(command: Command, error: unknown): Event | undefined;
}

/** A process manager listening to event types, one instance per `instanceOf(event)`. */
export interface ProcessService<Input = never, State = unknown> {
  kind: 'process';
  manager: ProcessManager<Input, State>;
  listensTo: readonly string[];
  /** The event types it publishes (with `publish(...)`), if any. */
  publishes?: readonly string[];
  instanceOf(message: Input): string;
}

/** A projection listening to event types. */
export interface ProjectionService<Event = never, Model = unknown> {
  kind: 'projection';
  projection: Projection<Event, Model>;
  listensTo: readonly string[];
}

/** A message handler listening to event types; it may send commands and publish events. */
export interface HandlerService<Event = never> {
  kind: 'handler';
  listensTo: readonly string[];
  publishes?: readonly string[];
  handle(
    event: Event,
    context: { now(): Date; replaying?: boolean },
  ): Reaction<ProcessOutput> | PromiseLike<Reaction<ProcessOutput>>;
}

/** Any service of a system. */
export type Service =
  | DeciderService<never, never>
  | ProcessService<never>
  | ProjectionService<never>
  | HandlerService<never>;

/** Wraps a decider as a service of a {@link system}. */
export function deciderService<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  options: Omit<DeciderService<Command, Event, State>, 'kind' | 'decider'>,
): Service {
  return { kind: 'decider', decider, ...options } as unknown as Service;
}

/** Wraps a process manager as a service of a {@link system}. */
export function processService<Input, State>(
  manager: ProcessManager<Input, State>,
  options: Omit<ProcessService<Input, State>, 'kind' | 'manager'>,
): Service {
  return { kind: 'process', manager, ...options } as unknown as Service;
}

/** Wraps a projection as a service of a {@link system}. */
export function projectionService<Event, Model>(
  projection: Projection<Event, Model>,
  options: Omit<ProjectionService<Event, Model>, 'kind' | 'projection'>,
): Service {
  return { kind: 'projection', projection, ...options } as unknown as Service;
}

/** A message handler as a service of a {@link system}. */
export function handlerService<Event>(options: Omit<HandlerService<Event>, 'kind'>): Service {
  return { kind: 'handler', ...options } as unknown as Service;
}
