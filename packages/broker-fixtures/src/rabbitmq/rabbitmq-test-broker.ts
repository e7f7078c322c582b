import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { brokerCall, DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import { whyNotServing } from '../faults/tcp-probe.js';
import type { OutgoingMessage, ReceivedMessage } from '../messages/broker-message.js';
import { MessageLog } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';
import { TestBroker } from '../test-broker/test-broker.js';
import { toAmqpPublish, toReceivedMessage } from './amqp-message.js';
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
 * await rabbit.publish('orders', { type: 'OrderPlaced', data: { orderId: 'o-1' } });
 * await rabbit.waitFor('orders');
 */
export class RabbitMqTestBroker extends TestBroker<RabbitMqSource> {
  readonly kind = 'rabbitmq' as const;
  readonly namespace: RabbitMqNamespace;
  readonly #connection: ChannelModel;
  readonly #channel: ConfirmChannel;
  readonly #queues = new Set<string>();
  #broker: RabbitMqBroker | undefined;
  readonly #endpoint: RabbitMqEndpoint;
  readonly #fresh = new Set<RabbitMqBroker>();
  #opened = 0;

  private constructor(
    endpoint: RabbitMqEndpoint,
    namespace: RabbitMqNamespace,
    connection: ChannelModel,
    channel: ConfirmChannel,
    timeout: number,
  ) {
    super();
    this.#endpoint = endpoint;
    this.namespace = namespace;
    this.#connection = connection;
    this.#channel = channel;
    this.callTimeout = timeout;
    connection.on('close', (error?: unknown) => this.connectionLost(error));
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
      timeout: this.callTimeout,
      describe: this.describeBroker(),
    });
    return this.#broker;
  }

  /**
   * core's `QueueBroker` in a vhost of its own (`<test vhost>.r<n>`), deleted when that broker closes:
   * what `checkDelivery({ broker: { open: () => rabbitmq.newBroker() } })` needs for every real run.
   * Those still open when the test ends are closed with it.
   */
  async newBroker(): Promise<RabbitMqBroker> {
    const namespace = await this.call('newBroker()', () =>
      RabbitMqNamespace.create(this.#endpoint, `${this.namespace.name}.r${++this.#opened}`),
    );
    try {
      const connection = await this.call('newBroker()', () =>
        connectAmqp(namespace.url, `eventspec helpers ${namespace.name}`),
      );
      connection.on('error', () => undefined);
      const broker: RabbitMqBroker = new RabbitMqBroker(connection, {
        timeout: this.callTimeout,
        describe: `${describeEndpoint(this.#endpoint)} (vhost ${namespace.name})`,
        onClose: async () => {
          await connection.close().catch(() => undefined);
          await namespace.drop();
          this.#fresh.delete(broker);
        },
      });
      this.#fresh.add(broker);
      return broker;
    } catch (error) {
      await this.quietly(() => namespace.drop());
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
    this.markOpen(connection, name, () => connection.close());
    connection.on('close', () => this.markClosed(connection));
    return connection;
  }

  /** Declares a durable queue (idempotent); `publish`, `consume` and `observe` do it for you. */
  async assertQueue(queue: string): Promise<void> {
    if (this.#queues.has(queue)) return;
    await this.call(`assertQueue('${queue}')`, () => this.#channel.assertQueue(queue, { durable: true }));
    this.#queues.add(queue);
  }

  /**
   * Publishes persistent messages to `queue` (through the default exchange), waiting for confirms; fails
   * with `EVENTSPEC_BROKER_NOT_ANSWERING` when they do not come within `timeout` ms.
   */
  async publish(
    queue: string,
    messages: OutgoingMessage | readonly OutgoingMessage[],
    options: { /** @default 10000 */ timeout?: number } = {},
  ): Promise<void> {
    await this.call(
      `publish('${queue}')`,
      async () => {
        await this.assertQueue(queue);
        for (const message of Array.isArray(messages)
          ? (messages as readonly OutgoingMessage[])
          : [messages]) {
          const { content, options } = toAmqpPublish(message as OutgoingMessage);
          this.#channel.sendToQueue(queue, content, options);
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
    await this.call(
      `publishTo('${exchange}')`,
      async () => {
        const { content, options } = toAmqpPublish(message);
        this.#channel.publish(exchange, routingKey, content, options);
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
    const what = `consume('${queue}')`;
    const channel: Channel = await this.call(what, () => this.#connection.createChannel());
    channel.on('error', () => undefined);
    await this.call(what, () => channel.prefetch(options.prefetch ?? 10));
    const { consumerTag } = await this.call(what, () =>
      channel.consume(queue, (raw) => {
        if (!raw) return;
        Promise.resolve()
          .then(() => handler(toReceivedMessage(queue, raw), raw))
          .then(
            () => channel.ack(raw),
            () => channel.nack(raw, false, true),
          )
          .catch(() => undefined);
      }),
    );
    const subscription = { id: consumerTag, stop: () => this.quietly(() => channel.close()) };
    this.subscriptions.push(subscription);
    return subscription;
  }

  /**
   * Starts recording a source: a queue (consuming it) or, non-destructively, what an exchange routes.
   * `waitFor` and friends read this record.
   */
  override observe(source: RabbitMqSource): Promise<MessageLog> {
    const name = sourceName(source);
    let log = this.logs.get(name);
    if (!log) {
      const record = new MessageLog(name);
      log =
        typeof source === 'string'
          ? this.consume(source, (message) => record.push(message)).then(() => record)
          : tapExchange(this.#connection, source, (raw) => record.push(toReceivedMessage(name, raw))).then(
              (tap) => {
                this.subscriptions.push(tap);
                return record;
              },
            );
      // A start that failed (broker paused or down) is tried again by the next call.
      log.catch(() => this.logs.delete(name));
      this.logs.set(name, log);
    }
    return log;
  }

  /** Removes every ready message from `queue` and forgets what was recorded of it. */
  async purge(queue: string): Promise<number> {
    await this.assertQueue(queue);
    const { messageCount } = await this.call(`purge('${queue}')`, () => this.#channel.purgeQueue(queue));
    const log = this.logs.get(queue);
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
    while (victims.length < this.openClients && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      victims = await this.#clientConnections();
    }
    await Promise.all(victims.map((connection) => management.closeConnection(connection.name, reason)));
    return victims.length;
  }

  /** Closes the brokers and the helpers' connection (2 s each at most), then deletes the vhost. */
  protected override async release(): Promise<void> {
    await Promise.allSettled([this.#broker?.close(), ...[...this.#fresh].map((broker) => broker.close())]);
    await this.quietly(() => this.#connection.close());
    // The vhost goes whatever happened to the connection (a restart the test made is fine).
    await this.namespace.drop();
  }

  protected override describeBroker(): string {
    return `${describeEndpoint(this.#endpoint)} (vhost ${this.namespace.name})`;
  }

  /** Down when its AMQP port refuses connections (or resets them at once). */
  protected override async brokerDown(): Promise<unknown> {
    const url = new URL(this.#endpoint.amqpUrl);
    const address = `${url.hostname}:${url.port || (url.protocol === 'amqps:' ? 5671 : 5672)}`;
    const why = await whyNotServing(address, 300);
    return why === undefined ? undefined : new Error(`${address}: ${why}`);
  }

  /** A channel opened and closed: a paused broker never answers it. */
  protected override async brokerAnswers(ms: number): Promise<boolean> {
    return brokerCall({ ...this.callOf('probe', ms), down: undefined }, async () => {
      const channel = await this.#connection.createChannel();
      channel.on('error', () => undefined);
      await channel.close().catch(() => undefined);
    }).then(
      () => true,
      () => false,
    );
  }

  protected override leftOpenMessage(labels: readonly string[]): string {
    return (
      `The test ended with ${labels.length} RabbitMQ connection(s) still open: ${labels.join(', ')} ` +
      `(vhost ${this.namespace.name}). eventspec closed them; close them in the test (or stop the code ` +
      'under test) so its consumers do not run after the test is over.'
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

/** The broker in words for errors: its AMQP host and port, credentials left out. */
function describeEndpoint(endpoint: RabbitMqEndpoint): string {
  return `RabbitMQ at ${hidePassword(endpoint.amqpUrl).replace(/^amqps?:\/\/([^@]*@)?/, '')}`;
}
