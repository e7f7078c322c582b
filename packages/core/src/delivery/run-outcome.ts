import type { Delivery, Message } from '../broker/message.js';
import type { PlannedFailure } from './delivery-plan.js';
import type { DeliveryCause } from './delivery-queue.js';

/** How one delivery ended. */
export type DeliveryOutcome = 'acked' | 'nacked' | 'crashed' | 'dead-lettered' | 'timed-out';

/** What happened during a run, in order: the raw material of timelines. */
export type RunEvent =
  | {
      kind: 'start';
      delivery: number;
      message: number;
      attempt: number;
      cause: DeliveryCause;
      /** Virtual milliseconds this delivery came later than the clock's tick (a late duplicate, a backoff). */
      late?: number;
    }
  | { kind: 'call'; delivery: number; label: string; fault: PlannedFailure['mode'] | undefined }
  | { kind: 'end'; delivery: number; outcome: DeliveryOutcome; error?: unknown }
  | ConsumerEvent;

/**
 * Something that happened to the consumer after `delivery`: a replay from the last commit (the messages
 * that come again), a zombie left running while a new owner takes its message, a restart of the process.
 */
export interface ConsumerEvent {
  kind: 'consumer';
  delivery: number;
  what: 'replay' | 'zombie' | 'restart';
  messages?: number[];
}

/** The handler under test and everything a run needs besides its plan. */
export interface RunSubject<World, M extends Message> {
  messages: readonly M[];
  /** Each message's key as a small number: the same number for the same key (compared per delivery). */
  keySlots: readonly number[];
  setup: () => World | Promise<World>;
  handle: (world: World, message: M, delivery: Delivery) => void | Promise<void>;
  observe: (world: World) => unknown;
  crashPoints: ((world: World) => Record<string, object>) | undefined;
  anyOrder: boolean;
  maxAttempts: number;
  timeout: number;
  /** Rebuilds process memory after a consumer crash (the `restart` option). */
  restart?: ((world: World) => void | Promise<void>) | undefined;
  /** Virtual milliseconds before a nacked copy comes back, by its failures so far. */
  retryBackoff?: ((failures: number) => number) | undefined;
  /** Shared across runs: crash-point methods seen returning promises. */
  asyncLabels: Set<string>;
}

/** The result of running one plan. */
export interface RunOutcome {
  world: unknown;
  events: RunEvent[];
  /** Whether no callback returned a promise (a simulated run in order): its plans may run without one. */
  synchronous?: boolean;
  /** `observe(world)` at the end; absent when a delivery timed out. */
  observation?: unknown;
  deadLettered: number[];
  timedOut?: { message: number; attempt: number; overran?: number };
  /** Whether two deliveries were ever in flight at once. */
  overlapped: boolean;
  /** The interleaving as it took effect (choices taken, trailing defaults dropped); simulated runs only. */
  interleaving?: number[];
}
