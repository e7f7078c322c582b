import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { OutgoingMessage, ReceivedMessage } from '../messages/broker-message.js';
import { MessageLog } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';
import { TestBroker } from '../test-broker/test-broker.js';
import { toAmqpPublish, toReceivedMessage } from './amqp-message.js';
import { type RabbitMqSource, sourceName, tapExchange } from './exchange-tap.js';
import { RabbitMqBroker } from './rabbitmq-broker.js';
import { connectAmqp } from './rabbitmq-connect.js';
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
  ) {
    super();
    this.#endpoint = endpoint;
    this.namespace = namespace;
    this.#connection = connection;
    this.#channel = channel;
  }

  /** Creates the test's vhost `namespace` on `endpoint` and connects to it. */
  static async open(endpoint: RabbitMqEndpoint, options: { namespace: string }): Promise<RabbitMqTestBroker> {
    const namespace = await RabbitMqNamespace.create(endpoint, options.namespace);
    try {
      const connection = await connectAmqp(namespace.url, `eventspec helpers ${options.namespace}`);
      // The helpers' own connection dies with the broker (restart, vhost deleted): never crash the test on it.
      connection.on('error', () => undefined);
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      return new RabbitMqTestBroker(endpoint, namespace, connection, channel);
    } catch (error) {
      await namespace.drop().catch(() => undefined);
      throw error;
    }
  }

  /**
   * core's `QueueBroker` in this test's vhost: a handler test written against `InMemoryQueueBroker` runs
   * on RabbitMQ with this object instead. Closed with the test.
   */
  broker(): RabbitMqBroker {
    this.#broker ??= new RabbitMqBroker(this.#connection);
    return this.#broker;
  }

  /**
   * core's `QueueBroker` in a vhost of its own (`<test vhost>.r<n>`), deleted when that broker closes:
   * what `checkDelivery({ broker: { open: () => rabbitmq.newBroker() } })` needs for every real run.
   * Those still open when the test ends are closed with it.
   */
  async newBroker(): Promise<RabbitMqBroker> {
    const namespace = await RabbitMqNamespace.create(
      this.#endpoint,
      `${this.namespace.name}.r${++this.#opened}`,
    );
    try {
      const connection = await connectAmqp(namespace.url, `eventspec helpers ${namespace.name}`);
      connection.on('error', () => undefined);
      const broker: RabbitMqBroker = new RabbitMqBroker(connection, {
        onClose: async () => {
          await connection.close().catch(() => undefined);
          await namespace.drop();
          this.#fresh.delete(broker);
        },
      });
      this.#fresh.add(broker);
      return broker;
    } catch (error) {
      await namespace.drop().catch(() => undefined);
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
    await this.#channel.assertQueue(queue, { durable: true });
    this.#queues.add(queue);
  }

  /** Publishes persistent messages to `queue` (through the default exchange), waiting for confirms. */
  async publish(queue: string, messages: OutgoingMessage | readonly OutgoingMessage[]): Promise<void> {
    await this.assertQueue(queue);
    for (const message of Array.isArray(messages) ? (messages as readonly OutgoingMessage[]) : [messages]) {
      const { content, options } = toAmqpPublish(message as OutgoingMessage);
      this.#channel.sendToQueue(queue, content, options);
    }
    await this.#channel.waitForConfirms();
  }

  /** Publishes to an exchange with a routing key, waiting for the confirm. */
  async publishTo(exchange: string, routingKey: string, message: OutgoingMessage): Promise<void> {
    const { content, options } = toAmqpPublish(message);
    this.#channel.publish(exchange, routingKey, content, options);
    await this.#channel.waitForConfirms();
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
    const channel: Channel = await this.#connection.createChannel();
    channel.on('error', () => undefined);
    await channel.prefetch(options.prefetch ?? 10);
    const { consumerTag } = await channel.consume(queue, (raw) => {
      if (!raw) return;
      Promise.resolve()
        .then(() => handler(toReceivedMessage(queue, raw), raw))
        .then(
          () => channel.ack(raw),
          () => channel.nack(raw, false, true),
        )
        .catch(() => undefined);
    });
    const subscription = { id: consumerTag, stop: () => channel.close().catch(() => undefined) };
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
      this.logs.set(name, log);
    }
    return log;
  }

  /** Removes every ready message from `queue` and forgets what was recorded of it. */
  async purge(queue: string): Promise<number> {
    await this.assertQueue(queue);
    const { messageCount } = await this.#channel.purgeQueue(queue);
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

  protected override async release(): Promise<void> {
    await this.#broker?.close();
    await Promise.allSettled([...this.#fresh].map((broker) => broker.close()));
    await this.#connection.close().catch(() => undefined);
    await this.namespace.drop();
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
