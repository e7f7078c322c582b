import type { Broker, QueueBroker, TopicBroker } from '../broker/broker.js';
import type { MessageHandler } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';

/**
 * Runs a system scenario through a real broker instead of core's in-memory one: every message the
 * services send or publish is published to it, each listening service has its own subscription, and a
 * handler that throws is nacked and redelivered by the broker itself. Timers of process managers still
 * fire on the scenario's virtual clock; the broker's own timing (redelivery delays, ack timeouts) is real.
 */
export interface SystemBrokerOptions {
  /**
   * Opens a broker in a fresh namespace; called once per run and closed after it, e.g.
   * `() => nats.newBroker()` or `() => rabbitmq.newBroker()` from `@eventspec/broker-fixtures`.
   */
  open: () => Broker | Promise<Broker>;
  /**
   * How long the run waits, each time, for the broker to be quiet (every message acknowledged or
   * dead-lettered) before `eventually` fails with what is still missing.
   * @default 30000
   */
  settleTimeout?: number;
}

/** The `broker` option of `system` with its defaults applied. */
export interface SystemBrokerSettings {
  open: () => Broker | Promise<Broker>;
  settleTimeout: number;
}

/** Checks the `broker` option of `system(...)`, collecting every problem before it throws. */
export function systemBrokerSettings(
  options: SystemBrokerOptions | undefined,
): SystemBrokerSettings | undefined {
  if (options === undefined) return undefined;
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null || typeof options.open !== 'function') {
    problems.push(
      '`broker.open` must be a function returning a Broker, e.g. { open: () => nats.newBroker() }',
    );
  }
  const timeout = options?.settleTimeout;
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) {
    problems.push(
      `\`broker.settleTimeout\` must be a positive number of milliseconds (got ${String(timeout)})`,
    );
  }
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_SYSTEM_BROKER_OPTIONS',
      `system(services, { broker }) is misconfigured:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return { open: options.open, settleTimeout: timeout ?? 30_000 };
}

/** Refuses options a real broker cannot honour, before anything is opened. */
export function refuseOnBroker(faults: unknown): void {
  if (!faults) return;
  throw new EventspecUsageError(
    'EVENTSPEC_SYSTEM_FAULTS_ON_BROKER',
    'eventually({ faults }) cannot run on a real broker: its delivery plans (duplicates, held-back messages, ' +
      'failures before or crashes after a handling) are applied by the in-memory broker, and a real broker ' +
      'does not let a test place them. Check faults on the in-memory broker (system(services) without ' +
      '`broker`), and on the real one check the choreography without `faults`; a handler that throws is ' +
      'redelivered by the real broker all the same (see the report’s `redeliveries`).',
    { actual: { broker: 'real', faults }, expected: { faults: false } },
  );
}

/** Opens the broker, within `timeout`: a broker that cannot be reached fails the run instead of hanging it. */
export async function openSystemBroker(settings: SystemBrokerSettings): Promise<Broker> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `system(..., { broker }): broker.open() did not resolve within ${settings.settleTimeout} ms`,
          ),
        ),
      settings.settleTimeout,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(settings.open), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Subscribes one service to one of the system's topics. A `log` broker (Kafka, NATS JetStream, Redis
 * Streams) gets a consumer group per service and topic; a `queue` broker (RabbitMQ) a fanout exchange per topic
 * and a queue per service bound to it, so each listening service gets every message once.
 */
export async function subscribeService(
  broker: Broker,
  topic: string,
  service: string,
  handler: MessageHandler,
  maxAttempts: number,
): Promise<void> {
  if (broker.model === 'queue') {
    const queues = broker as QueueBroker;
    const queue = `${topic}.${service}`;
    await queues.declareExchange(topic, 'fanout');
    await queues.declareQueue(queue);
    await queues.bindQueue(queue, topic);
    await broker.subscribe({ source: queue, handler, maxAttempts });
    return;
  }
  // A group per service and topic: Kafka clients assume every member of a group subscribes to the same
  // topics, and a NATS durable name may not contain dots.
  const group = `${service}-on-${topic}`.replace(/[^\w-]/g, '-');
  await broker.subscribe({ source: topic, group, handler, maxAttempts });
}

/**
 * Creates every topic before anyone subscribes or publishes: an exchange of a `queue` broker, a topic
 * of a broker that creates them (Kafka: a consumer subscribed to a missing topic misses its partitions).
 */
export async function declareTopics(broker: Broker, topics: Iterable<string>): Promise<void> {
  const creates = (broker as Partial<TopicBroker>).createTopic;
  for (const topic of topics) {
    if (broker.model === 'queue') await (broker as QueueBroker).declareExchange(topic, 'fanout');
    else if (typeof creates === 'function') await creates.call(broker, topic);
  }
}
