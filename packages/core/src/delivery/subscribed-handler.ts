import type { Broker, SubscribeOptions, Subscription } from '../broker/broker.js';
import type { Delivery, Message, MessageHandler } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';

/** The `handle` of `checkDelivery`, made from consumer start-up code; also tells what that consumer published. */
export interface SubscribedHandler<World, M extends Message = Message> {
  (world: World, message: M, delivery: Delivery): void | Promise<void>;
  /** Messages the consumer published (to any destination) during the run of `world`, in order. */
  published(world: World): { destination: string; message: Message }[];
}

/** What `checkDelivery` needs to run a subscribed handler's start-up code on a real broker. */
export interface SubscribedStart<World> {
  start: (broker: Broker, world: World) => unknown;
  source: string | undefined;
  /** Records what the consumer published on the real broker, for `published(world)`. */
  record: (world: World, destination: string, message: Message) => void;
}

/** Where a handler made by `subscribedHandler` keeps its start-up code (not part of the public API). */
export const subscribedStart: unique symbol = Symbol('eventspec.subscribedStart');

/** The start-up code behind `handle`, when `handle` came from `subscribedHandler`. */
export function startOf<World>(handle: unknown): SubscribedStart<World> | undefined {
  return (handle as { [subscribedStart]?: SubscribedStart<World> } | undefined)?.[subscribedStart];
}

/**
 * Checks the very handler production subscribes: `start(broker, world)` runs your consumer start-up code
 * against a broker that only captures the subscription, and `checkDelivery` becomes that broker — it
 * delivers to the captured handler according to each plan. With `checkDelivery({ broker })`, `start` runs
 * on the real broker of each run instead.
 * @example
 * await checkDelivery({
 *   messages,
 *   setup: () => ({ db: new PaymentsDb() }),
 *   handle: subscribedHandler((broker, world) => startPaymentConsumer(broker, world.db)),
 *   observe: ({ db }) => db.payments(),
 * });
 */
export function subscribedHandler<World extends object, M extends Message = Message>(
  start: (broker: Broker, world: World) => unknown,
  options: { source?: string } = {},
): SubscribedHandler<World, M> {
  const captured = new WeakMap<World, CapturingBroker>();
  const brokerOf = (world: World): CapturingBroker | Promise<CapturingBroker> => {
    let broker = captured.get(world);
    if (broker) return broker;
    broker = new CapturingBroker();
    captured.set(world, broker);
    const started = start(broker, world);
    const ready = broker;
    if (ready.handlerFor(options.source)) return ready;
    return Promise.resolve(started).then(() => ready);
  };
  const handle = (world: World, message: M, delivery: Delivery): void | Promise<void> => {
    const broker = brokerOf(world);
    if (!(broker instanceof CapturingBroker))
      return broker.then((ready) => ready.handle(options.source, message, delivery));
    return broker.handle(options.source, message, delivery);
  };
  const onBroker = new WeakMap<World, { destination: string; message: Message }[]>();
  const real: SubscribedStart<World> = {
    start,
    source: options.source,
    record: (world, destination, message) => {
      const list = onBroker.get(world) ?? [];
      list.push({ destination, message });
      onBroker.set(world, list);
    },
  };
  return Object.assign(handle, {
    published: (world: World) => captured.get(world)?.published ?? onBroker.get(world) ?? [],
    [subscribedStart]: real,
  });
}

class CapturingBroker implements Broker {
  readonly model = 'log' as const;
  readonly published: { destination: string; message: Message }[] = [];
  private readonly subscriptions: SubscribeOptions[] = [];

  handlerFor(source: string | undefined): MessageHandler | undefined {
    const matching = this.subscriptions.filter((s) => source === undefined || s.source === source);
    return matching.length === 1 ? matching[0]!.handler : undefined;
  }

  handle(source: string | undefined, message: Message, delivery: Delivery): void | Promise<void> {
    const handler = this.handlerFor(source);
    if (handler) return handler(message, delivery);
    const sources = this.subscriptions.map((s) => JSON.stringify(s.source)).join(', ') || 'none';
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_NO_SUBSCRIPTION',
      `subscribedHandler(start) needs exactly one subscription${source ? ` to "${source}"` : ''}; start(broker, world) subscribed to ${sources}. ` +
        'It must call broker.subscribe({ source, handler }); pass { source } to subscribedHandler to pick one of several.',
    );
  }

  async publish(destination: string, messages: readonly Message[]): Promise<void> {
    for (const message of messages) this.published.push({ destination, message });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.subscriptions.push(options);
    const stop = async () => {};
    return { id: `captured-${this.subscriptions.length}`, stop, [Symbol.asyncDispose]: stop };
  }

  async settle(): Promise<void> {}

  async close(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}
}
