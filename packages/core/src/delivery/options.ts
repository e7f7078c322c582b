import type * as fc from 'fast-check';
import type { Broker } from '../broker/broker.js';
import type { Delivery, Message } from '../broker/message.js';
import type { DeliveryPlan } from './delivery-plan.js';

/**
 * Which delivery faults `checkDelivery` explores, each on its own switch. The defaults explore every fault
 * that keeps per-key order (what a Kafka partition guarantees).
 */
export interface DeliveryFaults {
  /**
   * Deliver a message again: right after itself (`'immediate'`), or after other messages too (`true`).
   * @default true
   */
  duplicate?: boolean | 'immediate';
  /**
   * Deliver messages later than their turn: `'across-keys'` keeps per-key order (Kafka partitions);
   * `'any'` also reorders messages of one key (RabbitMQ with several consumers or requeues).
   * @default 'across-keys'
   */
  reorder?: false | 'across-keys' | 'any';
  /**
   * Make a call on a crash point throw before it runs (nothing happened), then redeliver the message.
   * @default true (needs `crashPoints`)
   */
  failBefore?: boolean;
  /**
   * Let a call on a crash point run, then crash before the ack (the effect happened), then redeliver.
   * @default true (needs `crashPoints`)
   */
  crashAfter?: boolean;
  /**
   * Kill the consumer after it handled a message and before its next offset commit: the broker delivers
   * again, in order, every message of the key since the last commit, after later messages of that key
   * were handled (Kafka re-reading from the committed offset after a crash or a lost partition).
   * With `broker`, the consumer is crashed after handling the message, before its commit (Kafka) or ack
   * (RabbitMQ): the batch is what the broker had not committed, whatever the plan's `commitEvery`.
   * @default true when `duplicate` is `true` (its default); false with `broker`
   */
  replayFromCommit?: boolean;
  /**
   * While a delivery waits on an asynchronous crash-point call, declare its consumer dead and give the
   * message to a new owner; the old delivery runs on beside it (a zombie after a rebalance or a missed
   * heartbeat). Needs async crash points; off by default because it breaks the one-delivery-per-key promise
   * that a broker keeps only while leases hold.
   * @default false
   */
  zombie?: boolean;
  /**
   * Up to how many milliseconds of virtual time a duplicate may come late (a redelivery after a session
   * or ack timeout, a replay days later); `0` keeps duplicates on the normal one-second tick.
   * @default 604800000 (7 days, Kafka's default retention)
   */
  lateBy?: number;
  /**
   * Deliveries in flight at once (up to), with the handler's awaits on crash points interleaved.
   * Across keys only, unless `reorder` is `'any'`.
   * @default 2
   */
  concurrency?: number;
}

/**
 * Runs every delivery through a real broker instead of simulating it: the reference run and each plan
 * publish the messages, a real subscription calls the handler, and the faults are real ones.
 */
export interface RealBrokerOptions {
  /**
   * Opens a broker in a fresh namespace; called once per run and closed after it, e.g.
   * `() => kafka.newBroker()` or `() => rabbitmq.newBroker()` from `@eventspec/broker-fixtures`.
   */
  open: () => Broker | Promise<Broker>;
  /**
   * The topic or queue consumed; with a `subscribedHandler`, the one its start-up code subscribes to.
   * @default 'delivery-check'
   */
  source?: string;
  /**
   * Where the messages are published (a topic, a queue, or an exchange the start-up code declares).
   * @default the source
   */
  publishTo?: string;
  /**
   * Consumers of the source in each plan run (the reference always has one), each with the plan's
   * concurrency: competing consumers of one RabbitMQ queue, or members of one Kafka group sharing the
   * partitions. With a `subscribedHandler`, its start-up code runs once per consumer, on the same world.
   * @default 1
   */
  consumers?: number;
  /**
   * Real runs spent simplifying a failing plan (fast-check's own shrinking is off on a real broker).
   * @default 8
   */
  shrinkRuns?: number;
  /**
   * Milliseconds one run may take to deliver everything before the broker is reported as stalled.
   * @default 30000
   */
  settleTimeout?: number;
}

/** What `checkDelivery` runs: the handler under test, how to build its world, and what must not change. */
export interface CheckDeliveryOptions<World, M extends Message = Message, Observation = unknown> {
  /** The messages to deliver, or a fast-check arbitrary that generates them. */
  messages: readonly M[] | fc.Arbitrary<readonly M[]>;
  /** Builds fresh dependencies (stores, outbox, clients) for one run; never share state between worlds. */
  setup: () => World | Promise<World>;
  /** The code under test: handles one delivery of one message. Throwing nacks it (it is redelivered). */
  handle: (world: World, message: M, delivery: Delivery) => void | Promise<void>;
  /** What must come out the same as in the reference run (in order, exactly once). */
  observe: (world: World) => Observation | Promise<Observation>;
  /**
   * Whether an observation is as good as the reference one.
   * @default strict deep equality (`deepEqual`)
   */
  equivalent?: (actual: Observation, reference: Observation) => boolean;
  /**
   * The ordering (partition) key of a message.
   * @default (message) => message.key
   */
  key?: (message: M) => string;
  /** Which faults to explore. @default every fault that keeps per-key order */
  faults?: DeliveryFaults;
  /**
   * The world's dependencies whose method calls are places to fail or crash, and (when async) the await
   * points interleaved under concurrency. Named, so that the timeline says `db.insert`.
   */
  crashPoints?: (world: World) => Record<string, object>;
  /**
   * Runs the reference and every plan on a real broker (real nack / requeue, real consumer crashes,
   * duplicates published twice) instead of simulating delivery.
   * @default undefined (simulated delivery)
   */
  broker?: RealBrokerOptions;
  /**
   * Delivery plans to explore.
   * @default 100 (10 with `broker`)
   */
  runs?: number;
  /**
   * Runs exactly this delivery plan (as printed with a failure) instead of exploring; needs `messages` as
   * an array. Omitted parts are empty (concurrency 1).
   */
  plan?: Partial<DeliveryPlan>;
  /** Replays a failure: the seed printed with it. */
  seed?: number;
  /** Replays a failure: the path printed with it (goes with `seed`). */
  path?: string;
  /**
   * Deliveries of one copy of a message before it is dead-lettered as a poison message (each duplicate
   * copy counts its own, as a broker does).
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Rebuilds what lives in process memory only (caches, in-process locks, memoised lookups, an in-memory
   * outbox) when the consumer restarts: after a crash, a replay from the commit, or a zombie's takeover.
   * Durable state (the database) stays. Without it a restart keeps the whole world.
   * @example restart: (world) => { world.seen = new Set(); }
   */
  restart?: (world: World) => void | Promise<void>;
  /**
   * Virtual milliseconds before a nacked copy comes back: a number, or a function of its failures so far.
   * `delivery.deliveredAt` moves by it.
   * @default 0 (requeued at once, as RabbitMQ does)
   */
  retryBackoff?: number | ((failures: number) => number);
  /**
   * Messages the handler parks on purpose (invalid input it dead-letters): their ids, or a predicate. Any
   * other message dead-lettered in the reference run fails the check as a poison message.
   * @default [] (every message must be handled)
   */
  expectDeadLetters?: readonly string[] | ((message: M) => boolean);
  /**
   * Milliseconds one delivery may take before it is reported as hung (a synchronous handler that runs
   * longer is reported as an overrun); `setup`, `observe` and `restart` may take ten times as long, and at
   * least 1 s.
   * @default 1000
   */
  timeout?: number;
  /**
   * Run the reference twice, the second time with `Date.now()` and `new Date()` shifted by 1 day 12 h 7 min
   * 13.457 s (so that time-of-day, weekday and sub-second reads all move), and
   * report a non-deterministic handler before exploring any plan. With `broker` these two runs are
   * simulated, and off unless asked for: the shift is global and would disturb broker clients' timers.
   * @default true (false with `broker`)
   */
  determinismCheck?: boolean;
  /**
   * Where the SVG timeline of a failure is written (a folder), or `false` for none.
   * @default '.eventspec/delivery'
   */
  timelineDir?: string | false;
  /** Names the check in the SVG file name and the failure message. */
  name?: string;
  /**
   * Also check causality: after a clean delivery, what the handler published (return it from the world)
   * must keep each message's correlation id and name it as its cause (see `checkCausality`). Outputs may be
   * broker messages (ids and `correlation-id` / `causation-id` headers) or plain commands and events whose
   * `metadata` carries the ids.
   */
  causality?: (world: World) => readonly unknown[] | Promise<readonly unknown[]>;
}
