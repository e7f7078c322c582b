import type { Broker, SubscribeOptions, Subscription } from '../broker/broker.js';
import type { Message, MessageHandler } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';

/** One consumer process of a real run: its subscription options, and whether it was crashed. */
export interface Consumer {
  readonly options: SubscribeOptions;
  readonly maxAttempts: number;
  /** Set the moment the run kills it: nothing it had in flight counts as acknowledged. */
  crashed: boolean;
  subscription?: Subscription;
}

/**
 * The consumers of one real run: subscribes them with a wrapped handler, hands a consumer's start-up code a
 * broker that does this for it, and crashes a consumer (without an ack or commit) and restarts it.
 */
export class RealConsumers {
  private readonly consumers: Consumer[] = [];
  private restarts = 0;
  /** Why the run cannot go on: a broker that cannot crash a consumer, a restart that failed. */
  failure: { error: unknown } | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly wrap: (consumer: Consumer, handler: MessageHandler) => MessageHandler,
  ) {}

  /** Whether a crashed consumer is still being replaced. */
  get restarting(): boolean {
    return this.restarts > 0;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer: Consumer = { options, maxAttempts: options.maxAttempts ?? 5, crashed: false };
    this.consumers.push(consumer);
    const handler = this.wrap(consumer, options.handler as MessageHandler);
    consumer.subscription = await this.broker.subscribe({ ...options, handler });
    return consumer.subscription;
  }

  /**
   * The broker a consumer's start-up code gets: the real one, except that subscriptions go through this
   * run (with the plan's concurrency) and publications are recorded.
   */
  capture(
    run: { concurrency: number; maxAttempts: number; source: string | undefined },
    record: (destination: string, message: Message) => void,
  ): Broker {
    const broker = this.broker;
    const subscribe = (options: SubscribeOptions) =>
      this.subscribe({
        ...options,
        concurrency: run.concurrency,
        maxAttempts: options.maxAttempts ?? run.maxAttempts,
      });
    const publish = (destination: string, messages: readonly Message[]) => {
      for (const message of messages) record(destination, message);
      return broker.publish(destination, messages);
    };
    return new Proxy(broker, {
      get: (target, property) => {
        if (property === 'subscribe') return subscribe;
        if (property === 'publish') return publish;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The source the start-up code subscribed to (`wanted`, or the only one it subscribed to). */
  source(wanted: string | undefined): string {
    const all = [...new Set(this.consumers.map((consumer) => consumer.options.source))];
    const matching = all.filter((source) => wanted === undefined || source === wanted);
    if (matching.length === 1) return matching[0]!;
    const sources = all.map((source) => JSON.stringify(source)).join(', ') || 'none';
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_NO_SUBSCRIPTION',
      `subscribedHandler(start) needs exactly one subscription${wanted ? ` to "${wanted}"` : ''} on the real broker; ` +
        `start(broker, world) subscribed to ${sources}. It must call broker.subscribe({ source, handler }); ` +
        'pass { source } to subscribedHandler (or broker.source to checkDelivery) to pick one of several.',
    );
  }

  /** Kills `consumer` like a killed process, then starts a new consumer with the same options. */
  crash(consumer: Consumer): void {
    if (consumer.crashed) return;
    consumer.crashed = true;
    const subscription = consumer.subscription as (Subscription & { crash?: () => unknown }) | undefined;
    if (typeof subscription?.crash !== 'function') {
      this.failure ??= {
        error: new EventspecUsageError(
          'EVENTSPEC_DELIVERY_CANNOT_CRASH',
          'checkDelivery cannot crash a consumer of this broker: its subscriptions have no crash() method ' +
            "(the in-memory brokers' and @eventspec/broker-fixtures' KafkaBroker / RabbitMqBroker have one). " +
            'Set faults: { crashAfter: false } for this broker.',
        ),
      };
      return;
    }
    this.restarts++;
    // Not awaited by the delivery: a Kafka consumer's disconnect waits for that very delivery to return.
    Promise.resolve(subscription.crash())
      .then(() => this.subscribe(consumer.options))
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.restarts--);
  }
}
