import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import {
  type BrokerCall,
  brokerCall,
  DEFAULT_CALL_TIMEOUT_MS,
  mapBrokerError,
} from '../faults/broker-call.js';
import { encodeBody, type OutgoingMessage, type ReceivedMessage } from '../messages/broker-message.js';
import { MessageLog, type MessagePredicate, type WaitForOptions } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';
import { publishOptions, toReceived } from './amqp-message.js';
import { type RabbitMqSource, sourceName, tapExchange } from './exchange-tap.js';
import { RabbitMqBroker } from './rabbitmq-broker.js';
import { connectAmqp, hidePassword } from './rabbitmq-connect.js';
import type { RabbitMqEndpoint } from './rabbitmq-endpoint.js';
import { RabbitMqNamespace } from './rabbitmq-namespace.js';

/**
 * RabbitMQ for one test: its own vhost on a shared broker, publish / consume (ack, or nack-requeue when
 * the handler throws: real redelivery), `waitFor` failing with what did arrive, `expectNoMessage`,
 * `collect`, `purge`, killing client connections; `close()` deletes the vhost and fails if the test
 * left connections open.
 * @example
 * await using rabbit = await RabbitMqTestBroker.open(endpoint, { namespace: 'es_…' });
 * await rabbit.publish('orders', { body: { type: 'OrderPlaced' } });
 * await rabbit.waitFor('orders');
 */
export class RabbitMqTestBroker implements AsyncDisposable {
  readonly kind = 'rabbitmq' as const;
  readonly namespace: RabbitMqNamespace;
  readonly #connection: ChannelModel;
  readonly #channel: ConfirmChannel;
  readonly #logs = new Map<string, Promise<MessageLog>>();
  readonly #subscriptions: Subscription[] = [];
  readonly #open = new Map<ChannelModel, string>();
  readonly #queues = new Set<string>();
  #broker: RabbitMqBroker | undefined;
  readonly #endpoint: RabbitMqEndpoint;
  readonly #fresh = new Set<RabbitMqBroker>();
  readonly #timeout: number;
  #opened = 0;
  /** Why the helpers' connection closed under the test (the broker died), once it did. */
  #lost: unknown;
  #closing = false;
  readonly #lostSignal: Promise<never>;

  private constructor(
    endpoint: RabbitMqEndpoint,
    namespace: RabbitMqNamespace,
    connection: ChannelModel,
    channel: ConfirmChannel,
    timeout: number,
  ) {
    this.#endpoint = endpoint;
    this.namespace = namespace;
    this.#connection = connection;
    this.#channel = channel;
    this.#timeout = timeout;
    this.#lostSignal = new Promise<never>((_, reject) => {
      connection.on('close', (error?: unknown) => {
        if (this.#closing) return;
        this.#lost = error ?? new Error('connection closed by the broker');
        reject(this.#lost);
      });
    });
    this.#lostSignal.catch(() => undefined);
  }

  /**
   * Creates the test's vhost `namespace` on `endpoint` and connects to it. `timeout`: how long each call
   * waits for the broker before failing with `EVENTSPEC_BROKER_NOT_ANSWERING`.
   */
  static async open(
    endpoint: RabbitMqEndpoint,
    options: { namespace: string /** @default 10000 */; timeout?: number },
  ): Promise<RabbitMqTestBroker> {
    const timeout = options.timeout ?? DEFAULT_CALL_TIMEOUT_MS;
    const call = { operation: 'RabbitMqTestBroker.open()', timeout, broker: describeEndpoint(endpoint) };
    let namespace: RabbitMqNamespace | undefined;
    return brokerCall(call, async () => {
      namespace = await RabbitMqNamespace.create(endpoint, options.namespace);
      const connection = await connectAmqp(namespace.url, `eventspec helpers ${options.namespace}`);
      // The helpers' own connection dies with the broker (restart, vhost deleted): never crash the test on it.
      connection.on('error', () => undefined);
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      return new RabbitMqTestBroker(endpoint, namespace, connection, channel, timeout);
    }).catch(async (error: unknown) => {
      // Bounded: on a paused broker the vhost stays until this process ends (its watchdog deletes it).
      await brokerCall({ ...call, timeout: 2000 }, () => namespace?.drop()).catch(() => undefined);
      throw error;
    });
  }

  /**
   * core's `QueueBroker` in this test's vhost: a handler test written against `InMemoryQueueBroker` runs
   * on RabbitMQ with this object instead. Closed with the test.
   */
  broker(): RabbitMqBroker {
    this.#broker ??= new RabbitMqBroker(this.#connection, {
      timeout: this.#timeout,
      describe: describeEndpoint(this.#endpoint),
    });
    return this.#broker;
  }

  /**
   * core's `QueueBroker` in a vhost of its own (`<test vhost>.r<n>`), deleted when that broker closes:
   * what `checkDelivery({ broker: { open: () => rabbitmq.newBroker() } })` needs for every real run.
   * Those still open when the test ends are closed with it.
   */
  async newBroker(): Promise<RabbitMqBroker> {
    const namespace = await this.#call('newBroker()', () =>
      RabbitMqNamespace.create(this.#endpoint, `${this.namespace.name}.r${++this.#opened}`),
    );
    try {
      const connection = await this.#call('newBroker()', () =>
        connectAmqp(namespace.url, `eventspec helpers ${namespace.name}`),
      );
      connection.on('error', () => undefined);
      const broker: RabbitMqBroker = new RabbitMqBroker(connection, {
        timeout: this.#timeout,
        describe: describeEndpoint(this.#endpoint),
        onClose: async () => {
          await connection.close().catch(() => undefined);
          await namespace.drop();
          this.#fresh.delete(broker);
        },
      });
      this.#fresh.add(broker);
      return broker;
    } catch (error) {
      await this.#call('newBroker()', () => namespace.drop(), 2000).catch(() => undefined);
      throw error;
    }
  }

  /** The AMQP URL of this test's vhost; give it to the code under test. */
  get url(): string {
    return this.namespace.url;
  }

  /** An amqplib connection to the test's vhost; the test must close it before it ends. */
  async connect(name = 'code under test'): Promise<ChannelModel> {
    const connection = await connectAmqp(this.url, `${name} ${this.namespace.name}`);
    this.#open.set(connection, name);
    connection.on('close', () => this.#open.delete(connection));
    return connection;
  }

  /** Declares a durable queue (idempotent); `publish`, `consume` and `observe` do it for you. */
  async assertQueue(queue: string): Promise<void> {
    if (this.#queues.has(queue)) return;
    await this.#call(`assertQueue('${queue}')`, () => this.#channel.assertQueue(queue, { durable: true }));
    this.#queues.add(queue);
  }

  /**
   * Publishes persistent messages to `queue` (through the default exchange), waiting for confirms; fails
   * with `EVENTSPEC_BROKER_NOT_ANSWERING` when they do not come within `timeout` ms.
   */
  async publish(
    queue: string,
    messages: OutgoingMessage | OutgoingMessage[],
    options: { /** @default 10000 */ timeout?: number } = {},
  ): Promise<void> {
    await this.#call(
      `publish('${queue}')`,
      async () => {
        await this.assertQueue(queue);
        for (const message of Array.isArray(messages) ? messages : [messages]) {
          this.#channel.sendToQueue(queue, encodeBody(message.body), publishOptions(message));
        }
        await this.#channel.waitForConfirms();
      },
      options.timeout,
    );
  }

  /** Publishes to an exchange with a routing key, waiting for the confirm (up to `timeout` ms). */
  async publishTo(
    exchange: string,
    routingKey: string,
    message: OutgoingMessage,
    options: { /** @default 10000 */ timeout?: number } = {},
  ): Promise<void> {
    await this.#call(
      `publishTo('${exchange}')`,
      async () => {
        this.#channel.publish(exchange, routingKey, encodeBody(message.body), publishOptions(message));
        await this.#channel.waitForConfirms();
      },
      options.timeout,
    );
  }

  /**
   * Runs `handler` for each message of `queue` on its own channel: acknowledged when it resolves,
   * rejected and requeued (redelivered) when it throws. Stopped when the test ends.
   */
  async consume(
    queue: string,
    handler: (message: ReceivedMessage, raw: ConsumeMessage) => Promise<void> | void,
    options: { prefetch?: number } = {},
  ): Promise<Subscription> {
    await this.assertQueue(queue);
    const channel: Channel = await this.#call(`consume('${queue}')`, () => this.#connection.createChannel());
    channel.on('error', () => undefined);
    await this.#call(`consume('${queue}')`, () => channel.prefetch(options.prefetch ?? 10));
    const { consumerTag } = await this.#call(`consume('${queue}')`, () =>
      channel.consume(queue, (raw) => {
        if (!raw) return;
        Promise.resolve()
          .then(() => handler(toReceived(queue, raw), raw))
          .then(
            () => channel.ack(raw),
            () => channel.nack(raw, false, true),
          )
          .catch(() => undefined);
      }),
    );
    const subscription = { id: consumerTag, stop: () => this.#quietly(() => channel.close()) };
    this.#subscriptions.push(subscription);
    return subscription;
  }

  /**
   * Starts recording a source: a queue (consuming it) or, non-destructively, what an exchange routes.
   * `waitFor` and friends read this record.
   */
  observe(source: RabbitMqSource): Promise<MessageLog> {
    const name = sourceName(source);
    let log = this.#logs.get(name);
    if (!log) {
      const record = new MessageLog(name);
      log =
        typeof source === 'string'
          ? this.consume(source, (message) => record.push(message)).then(() => record)
          : tapExchange(this.#connection, source, (raw) => record.push(toReceived(name, raw))).then((tap) => {
              this.#subscriptions.push(tap);
              return record;
            });
      this.#logs.set(name, log);
    }
    return log;
  }

  /** Resolves with the first `count` unseen messages of a queue or exchange matching `predicate`. */
  async waitFor<Body = unknown>(
    queue: RabbitMqSource,
    predicate?: MessagePredicate<Body>,
    options: WaitForOptions = {},
  ): Promise<ReceivedMessage<Body>[]> {
    // The clock starts now, not once the source is observed: a paused broker cannot stretch it.
    const timeout = options.timeout ?? 10_000;
    const started = Date.now();
    const what = `waitFor('${sourceName(queue)}')`;
    const log = await this.#call(what, () => this.observe(queue), timeout);
    try {
      return await this.#whileConnected(what, log.waitFor(predicate, { ...options, since: started }));
    } catch (error) {
      throw await this.#withBrokerState(error);
    }
  }

  /** Fails if an unseen message (matching `predicate`) is on `queue` or arrives within `within` ms. */
  async expectNoMessage(queue: RabbitMqSource, within = 500, predicate?: MessagePredicate): Promise<void> {
    const what = `expectNoMessage('${sourceName(queue)}')`;
    const log = await this.#call(what, () => this.observe(queue));
    await this.#whileConnected(what, log.expectNoMessage(within, predicate));
  }

  /** Every message of `queue`, once none has arrived for `idleMs`. */
  async collect(
    queue: RabbitMqSource,
    options?: { idleMs?: number; timeoutMs?: number },
  ): Promise<ReceivedMessage[]> {
    const what = `collect('${sourceName(queue)}')`;
    const log = await this.#call(what, () => this.observe(queue));
    return this.#whileConnected(what, log.collect(options));
  }

  /** Removes every ready message from `queue` and forgets what was recorded of it. */
  async purge(queue: string): Promise<number> {
    await this.assertQueue(queue);
    const { messageCount } = await this.#call(`purge('${queue}')`, () => this.#channel.purgeQueue(queue));
    const log = this.#logs.get(queue);
    if (log) (await log).clear();
    return messageCount;
  }

  /**
   * Closes, from the broker side, every client connection to this vhost except the helpers' own
   * (what a broker failover or a network cut does to a consumer). Returns how many were closed.
   */
  async killConnections(reason?: string): Promise<number> {
    const management = this.namespace.management;
    const deadline = Date.now() + 10_000;
    let victims = await this.#clientConnections();
    while (victims.length < this.#open.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      victims = await this.#clientConnections();
    }
    await Promise.all(victims.map((connection) => management.closeConnection(connection.name, reason)));
    return victims.length;
  }

  /**
   * Stops consumers, deletes the vhost, and fails if connections handed to the test were left open. Bounded
   * by the `timeout` of {@link open}: on a dead or paused broker it fails with the broker's state, and the
   * vhost is deleted by this process's watchdog when it ends.
   */
  async close(): Promise<void> {
    const leftOpen = [...this.#open.values()];
    this.#closing = true;
    await Promise.allSettled(
      [...this.#open.keys()].map((connection) => this.#quietly(() => connection.close())),
    );
    await Promise.allSettled(this.#subscriptions.map((subscription) => subscription.stop()));
    await Promise.allSettled([this.#broker?.close(), ...[...this.#fresh].map((broker) => broker.close())]);
    await this.#quietly(() => this.#connection.close());
    // The vhost goes whatever happened to the connection (a restart the test made is fine); a broker
    // that cannot delete it (down, paused) fails close() with its state.
    await brokerCall({ ...this.#callOf('close()'), lost: undefined }, () => this.namespace.drop());
    if (leftOpen.length > 0) {
      throw new BrokerError(
        BrokerErrorCode.ConsumersLeftRunning,
        `The test ended with ${leftOpen.length} RabbitMQ connection(s) still open: ${leftOpen.join(', ')} ` +
          `(vhost ${this.namespace.name}). eventspec closed them; close them in the test (or stop the code ` +
          'under test) so its consumers do not run after the test is over.',
        { actual: leftOpen, expected: [] },
      );
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #callOf(operation: string, timeout: number = this.#timeout): BrokerCall {
    return {
      operation: `RabbitMqTestBroker.${operation}`,
      timeout,
      broker: `${describeEndpoint(this.#endpoint)} (vhost ${this.namespace.name})`,
      lost: () => this.#lost,
    };
  }

  #call<T>(operation: string, run: () => T | PromiseLike<T>, timeout?: number): Promise<T> {
    return brokerCall(this.#callOf(operation, timeout), run);
  }

  /** A close that never hangs the test: 2 s at most, errors ignored (the connection may be gone). */
  async #quietly(close: () => PromiseLike<unknown>): Promise<void> {
    await brokerCall(this.#callOf('close()', 2000), close).catch(() => undefined);
  }

  /** `waiting`, failing at once with `EVENTSPEC_BROKER_CONNECTION_LOST` if the broker dies meanwhile. */
  async #whileConnected<T>(operation: string, waiting: Promise<T>): Promise<T> {
    try {
      return await Promise.race([waiting, this.#lostSignal]);
    } catch (error) {
      throw mapBrokerError(this.#callOf(operation), error);
    }
  }

  /** A wait timeout that also says whether the broker still answers (500 ms probe): "nothing came" differs from "broker frozen". */
  async #withBrokerState(error: unknown): Promise<unknown> {
    if (!(error instanceof BrokerError) || error.code !== BrokerErrorCode.WaitTimeout) return error;
    const answers = await brokerCall(this.#callOf('probe', 500), async () => {
      const channel = await this.#connection.createChannel();
      channel.on('error', () => undefined);
      await channel.close().catch(() => undefined);
    }).then(
      () => true,
      () => false,
    );
    if (answers) return error;
    return new BrokerError(
      BrokerErrorCode.WaitTimeout,
      `${error.message}\nThe broker is not answering (no reply to a check within 500 ms): it is paused, overloaded, ` +
        'or the network to it is cut; the messages may be stuck there.',
      { cause: error, actual: error.actual, expected: error.expected },
    );
  }

  async #clientConnections() {
    const all = await this.namespace.management.listConnections();
    return all.filter(
      (connection) =>
        connection.vhost === this.namespace.name &&
        !connection.client_properties?.connection_name?.startsWith('eventspec helpers'),
    );
  }
}

/** The broker in words for errors: its AMQP host and port, password hidden. */
function describeEndpoint(endpoint: RabbitMqEndpoint): string {
  return `RabbitMQ at ${hidePassword(endpoint.amqpUrl).replace(/^amqps?:\/\/([^@]*@)?/, '')}`;
}
