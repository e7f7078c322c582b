import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ownResource } from '../docker/owned-resources.js';
import { brokerCall, DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import { TcpFaultProxy } from '../faults/tcp-fault-proxy.js';
import { whyNotServing } from '../faults/tcp-probe.js';
import { MessageLog } from '../messages/message-log.js';
import { BrokerBackedTestBroker } from '../test-broker/broker-backed-test-broker.js';
import { NatsBroker } from './nats-broker.js';
import type { NatsEndpoint } from './nats-endpoint.js';
import { NatsNamespace, natsName } from './nats-namespace.js';

/**
 * NATS JetStream for one test: a stream of its own (`<namespace>.>`) on a shared server, publish /
 * consume (ack, or nak when the handler throws: real redelivery), `waitFor` failing with what did
 * arrive, `expectNoMessage`, `collect`; `close()` deletes the stream (messages and consumers with it)
 * and fails if the test left connections open.
 * @example
 * await using nats = await NatsTestBroker.open(endpoint, { namespace: 'es_…' });
 * await nats.publish('orders.eu', { key: 'o-1', type: 'OrderPlaced', data: { total: 12 } });
 * await nats.waitFor('orders.*');
 */
export class NatsTestBroker extends BrokerBackedTestBroker {
  readonly kind = 'nats' as const;
  readonly endpoint: NatsEndpoint;
  readonly namespace: NatsNamespace;
  readonly #connection: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #fresh = new Set<NatsBroker>();
  #broker: NatsBroker | undefined;
  #release: () => void = () => undefined;
  #opened = 0;
  #proxy: Promise<TcpFaultProxy> | undefined;

  private constructor(
    endpoint: NatsEndpoint,
    namespace: NatsNamespace,
    connection: NatsConnection,
    jsm: JetStreamManager,
    timeout: number,
  ) {
    super();
    this.endpoint = endpoint;
    this.namespace = namespace;
    this.#connection = connection;
    this.#jsm = jsm;
    this.callTimeout = timeout;
    void connection.closed().then((error) => this.connectionLost(error ?? new Error('connection closed')));
  }

  /**
   * Connects to `endpoint` and creates the test's stream. `timeout`: how long each call waits for the server
   * before failing with `EVENTSPEC_BROKER_NOT_ANSWERING`.
   */
  static async open(
    endpoint: NatsEndpoint,
    options: { namespace: string /** @default 10000 */; timeout?: number },
  ): Promise<NatsTestBroker> {
    const timeout = options.timeout ?? DEFAULT_CALL_TIMEOUT_MS;
    const call = {
      operation: 'NatsTestBroker.open()',
      timeout,
      broker: `NATS at ${endpoint.url}`,
      down: () => natsDown(endpoint),
    };
    let connection: NatsConnection | undefined;
    // Before any stream exists: a run killed at any moment has its streams deleted by the watchdog.
    const release = ownResource({
      kind: 'nats-streams',
      url: endpoint.url,
      prefix: new NatsNamespace(options.namespace).stream,
    });
    return brokerCall(call, async () => {
      connection = await connect({
        servers: endpoint.url,
        name: `eventspec helpers ${options.namespace}`,
        timeout: Math.min(timeout, 5000),
      });
      const jsm = await jetstreamManager(connection);
      const namespace = new NatsNamespace(options.namespace);
      await namespace.create(jsm);
      const broker = new NatsTestBroker(endpoint, namespace, connection, jsm, timeout);
      broker.#release = release;
      return broker;
    }).catch((error: unknown) => {
      void connection?.close().catch(() => undefined);
      throw error;
    });
  }

  /** The real subject of `subject` (wildcards allowed) in this test's namespace; give it to the code under test. */
  subject(subject: string): string {
    return this.namespace.subject(subject);
  }

  /** The test's JetStream stream; give it to the code under test. */
  get stream(): string {
    return this.namespace.stream;
  }

  /**
   * core's `Broker` in this test's stream: a handler test written against an in-memory broker runs on
   * NATS with this object instead. Closed with the test.
   */
  broker(): NatsBroker {
    this.#broker ??= this.guarded(new NatsBroker(this.#connection, this.namespace), 'broker()');
    return this.#broker;
  }

  /**
   * core's `Broker` in a stream of its own (`<namespace>_r<n>`), deleted when that broker closes: what
   * `checkDelivery({ broker: { open: () => nats.newBroker() } })` needs for every real run.
   */
  newBroker(options: { ackWaitMs?: number; redeliveryDelayMs?: number } = {}): NatsBroker {
    const namespace = new NatsNamespace(`${this.namespace.name}_r${++this.#opened}`);
    const broker: NatsBroker = new NatsBroker(this.#connection, namespace, {
      ...options,
      onClose: async () => {
        await namespace.drop(this.#jsm);
        this.#fresh.delete(broker);
      },
    });
    this.#fresh.add(broker);
    return this.guarded(broker, 'newBroker()');
  }

  /**
   * A NATS connection for the code under test, through a TCP proxy of this test so that
   * {@link killConnections} can cut it; the test must close it before it ends.
   */
  async connect(name = 'code under test'): Promise<NatsConnection> {
    const proxy = await this.#clientProxy();
    const connection = await connect({
      servers: `nats://${proxy.address}`,
      name: `${name} ${this.namespace.name}`,
    });
    this.markOpen(connection, name, () => connection.close());
    void connection.closed().then(() => this.markClosed(connection));
    return connection;
  }

  /**
   * Kills every connection handed to the test by {@link connect} (TCP reset, what a failover or a network
   * cut does to a consumer; NATS servers before 2.10 have no API to kick a client). The clients reconnect.
   * Returns how many were killed.
   */
  async killConnections(): Promise<number> {
    if (!this.#proxy) return 0;
    const proxy = await this.#proxy;
    const killed = proxy.connections;
    proxy.reset();
    return killed;
  }

  #clientProxy(): Promise<TcpFaultProxy> {
    const server = new URL(this.endpoint.url);
    this.#proxy ??= TcpFaultProxy.start({
      upstream: { host: server.hostname, port: Number(server.port || 4222) },
    });
    return this.#proxy;
  }

  /** Starts recording `subject` (from the stream's start) if not already. */
  override observe(subject: string): Promise<MessageLog> {
    let log = this.logs.get(subject);
    if (!log) {
      const record = new MessageLog(subject);
      log = this.consume(subject, (message) => record.push(message), {
        group: `observer-${natsName(subject)}`,
      }).then(() => record);
      // A start that failed (server paused or down) is tried again by the next call.
      log.catch(() => this.logs.delete(subject));
      this.logs.set(subject, log);
    }
    return log;
  }

  protected override async release(): Promise<void> {
    await Promise.allSettled([this.#broker?.close(), ...[...this.#fresh].map((broker) => broker.close())]);
    try {
      await this.namespace.drop(this.#jsm);
      this.#release();
    } finally {
      void this.#connection.close().catch(() => undefined);
      if (this.#proxy) await (await this.#proxy).close();
    }
  }

  protected override describeBroker(): string {
    return `NATS at ${new URL(this.endpoint.url).host} (stream ${this.namespace.stream})`;
  }

  protected override brokerDown(): Promise<unknown> {
    return natsDown(this.endpoint);
  }

  /** A round trip to the server within `ms`: a paused one never answers it. */
  protected override async brokerAnswers(ms: number): Promise<boolean> {
    return brokerCall({ ...this.callOf('probe', ms), down: undefined }, () => this.#connection.rtt()).then(
      () => true,
      () => false,
    );
  }

  protected override leftOpenMessage(labels: readonly string[]): string {
    return (
      `The test ended with ${labels.length} NATS connection(s) still open: ${labels.join(', ')} ` +
      `(stream ${this.namespace.stream}). eventspec closed them; close them in the test (or stop the code ` +
      'under test) so its consumers do not run after the test is over.'
    );
  }
}

/** Why the NATS server is down (its port refuses connections), or undefined. */
async function natsDown(endpoint: NatsEndpoint): Promise<unknown> {
  const first = endpoint.url.split(',')[0]!.trim();
  const url = new URL(first.includes('://') ? first : `nats://${first}`);
  const address = `${url.hostname}:${url.port || 4222}`;
  const why = await whyNotServing(address, 300);
  return why === undefined ? undefined : new Error(`${address}: ${why}`);
}
