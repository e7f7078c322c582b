import { Redis } from 'ioredis';
import { ownResource } from '../docker/owned-resources.js';
import { brokerCall, DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import { whyNotServing } from '../faults/tcp-probe.js';
import { MessageLog } from '../messages/message-log.js';
import { BrokerBackedTestBroker } from '../test-broker/broker-backed-test-broker.js';
import type { RedisEndpoint } from './redis-endpoint.js';
import { RedisNamespace } from './redis-namespace.js';
import { RedisStreamsBroker } from './redis-streams-broker.js';

const HELPERS = 'eventspec-helpers';

/**
 * Redis Streams for one test: every key under `<namespace>:` on a shared server, publish (XADD) /
 * consume (consumer groups; XACK, or left pending and claimed again when the handler throws: real
 * redelivery), `waitFor` failing with what did arrive, `expectNoMessage`, `collect`, killing client
 * connections; `close()` unlinks the namespace's keys and fails if the test left connections open.
 * @example
 * await using redis = await RedisTestBroker.open(endpoint, { namespace: 'es_…' });
 * await redis.publish('orders', { key: 'o-1', type: 'OrderPlaced', data: { total: 12 } });
 * await redis.waitFor('orders');
 */
export class RedisTestBroker extends BrokerBackedTestBroker<number> {
  readonly kind = 'redis' as const;
  readonly endpoint: RedisEndpoint;
  readonly namespace: RedisNamespace;
  readonly #redis: Redis;
  readonly #fresh = new Set<RedisStreamsBroker>();
  #broker: RedisStreamsBroker | undefined;
  #release: () => void = () => undefined;
  #opened = 0;

  private constructor(endpoint: RedisEndpoint, namespace: RedisNamespace, redis: Redis, timeout: number) {
    super();
    this.endpoint = endpoint;
    this.namespace = namespace;
    this.#redis = redis;
    this.callTimeout = timeout;
    redis.on('end', () =>
      this.connectionLost(new Error('connection closed (the client gave up reconnecting)')),
    );
  }

  /** Connects to `endpoint` for the test's namespace. */
  static async open(
    endpoint: RedisEndpoint,
    options: { namespace: string /** @default 10000 */; timeout?: number },
  ): Promise<RedisTestBroker> {
    const timeout = options.timeout ?? DEFAULT_CALL_TIMEOUT_MS;
    const redis = new Redis(endpoint.url, {
      connectionName: HELPERS,
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      connectTimeout: Math.min(timeout, 5000),
    });
    redis.on('error', () => undefined);
    const call = {
      operation: 'RedisTestBroker.open()',
      timeout,
      broker: `Redis at ${hideRedisPassword(endpoint.url)}`,
      down: () => redisDown(endpoint),
    };
    // Before any key exists: a run killed at any moment has its keys deleted by the watchdog.
    const release = ownResource({
      kind: 'redis-keys',
      url: endpoint.url,
      patterns: [`${options.namespace}:*`, `${options.namespace}_r*`],
    });
    return brokerCall(call, async () => {
      await redis.connect();
      const broker = new RedisTestBroker(endpoint, new RedisNamespace(options.namespace), redis, timeout);
      broker.#release = release;
      return broker;
    }).catch((error: unknown) => {
      redis.disconnect();
      throw error;
    });
  }

  /** The real key of stream `stream` in this test's namespace; give it to the code under test. */
  key(stream: string): string {
    return this.namespace.key(stream);
  }

  /**
   * core's `Broker` in this test's namespace: a handler test written against an in-memory broker runs on
   * Redis Streams with this object instead. Closed with the test.
   */
  broker(): RedisStreamsBroker {
    this.#broker ??= this.guarded(new RedisStreamsBroker(this.#redis, this.namespace), 'broker()');
    return this.#broker;
  }

  /**
   * core's `Broker` in a namespace of its own (`<namespace>_r<n>:`), unlinked when that broker closes:
   * what `checkDelivery({ broker: { open: () => redis.newBroker() } })` needs for every real run.
   */
  newBroker(options: { redeliverAfterMs?: number } = {}): RedisStreamsBroker {
    const namespace = new RedisNamespace(`${this.namespace.name}_r${++this.#opened}`);
    const broker: RedisStreamsBroker = new RedisStreamsBroker(this.#redis, namespace, {
      ...options,
      onClose: async () => {
        await namespace.drop(this.#redis);
        this.#fresh.delete(broker);
      },
    });
    this.#fresh.add(broker);
    return this.guarded(broker, 'newBroker()');
  }

  /** An ioredis client for the code under test (named after it); the test must `quit()` it before it ends. */
  async connect(name = 'code under test'): Promise<Redis> {
    const client = new Redis(this.endpoint.url, {
      connectionName: this.#clientName(name),
      lazyConnect: true,
    });
    this.markOpen(client, name, async () => client.disconnect());
    client.on('end', () => this.markClosed(client));
    await client.connect();
    return client;
  }

  /** Starts recording `stream` (from its start, in a consumer group of its own) if not already. */
  override observe(stream: string): Promise<MessageLog> {
    let log = this.logs.get(stream);
    if (!log) {
      const record = new MessageLog(stream);
      log = this.consume(stream, (message) => record.push(message), { group: `observer.${stream}` }).then(
        () => record,
      );
      // A start that failed (server paused or down) is tried again by the next call.
      log.catch(() => this.logs.delete(stream));
      this.logs.set(stream, log);
    }
    return log;
  }

  /**
   * Closes, from the server side (CLIENT KILL), every connection handed to the test by {@link connect}
   * (what a failover or a network cut does to a consumer). Returns how many were closed.
   */
  async killConnections(): Promise<number> {
    const list = (await this.#redis.client('LIST')) as string;
    const prefix = this.#clientName('');
    const ids = list
      .split('\n')
      .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: /\bname=(\S*)/.exec(line)?.[1] ?? '' }))
      .filter((client) => client.id && client.name.startsWith(prefix));
    for (const { id } of ids) await this.#redis.client('KILL', 'ID', id!);
    return ids.length;
  }

  protected override async release(): Promise<number> {
    await Promise.allSettled([this.#broker?.close(), ...[...this.#fresh].map((broker) => broker.close())]);
    try {
      const removed = await this.namespace.drop(this.#redis);
      this.#release();
      return removed;
    } finally {
      this.#redis.disconnect();
    }
  }

  protected override describeBroker(): string {
    return `Redis at ${hideRedisPassword(this.endpoint.url)} (namespace ${this.namespace.name})`;
  }

  protected override brokerDown(): Promise<unknown> {
    return redisDown(this.endpoint);
  }

  /** A PING within `ms`: a paused server never answers it. */
  protected override async brokerAnswers(ms: number): Promise<boolean> {
    return brokerCall({ ...this.callOf('probe', ms), down: undefined }, () => this.#redis.ping()).then(
      () => true,
      () => false,
    );
  }

  // CLIENT SETNAME takes no spaces; the namespace in the name lets killConnections find the test's clients.
  #clientName(name: string): string {
    return `eventspec-test:${this.namespace.name}:${name}`.replace(/\s+/g, '-');
  }

  protected override leftOpenMessage(labels: readonly string[]): string {
    return (
      `The test ended with ${labels.length} Redis connection(s) still open: ${labels.join(', ')} ` +
      `(namespace ${this.namespace.name}). eventspec closed them; quit them in the test (or stop the code ` +
      'under test) so its consumers do not run after the test is over.'
    );
  }
}

function hideRedisPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Why the Redis server is down (its port refuses connections), or undefined. */
async function redisDown(endpoint: RedisEndpoint): Promise<unknown> {
  const url = new URL(endpoint.url);
  const address = `${url.hostname}:${url.port || 6379}`;
  const why = await whyNotServing(address, 300);
  return why === undefined ? undefined : new Error(`${address}: ${why}`);
}
