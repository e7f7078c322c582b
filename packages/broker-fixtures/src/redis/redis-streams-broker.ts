import { randomUUID } from 'node:crypto';
import type { Broker, Message, SubscribeOptions } from '@eventspec/core';
import type { Redis } from 'ioredis';
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import {
  DEFAULT_CLOSE_GRACE_MS,
  handlersUnsettled,
  InFlightHandlers,
} from '../messages/in-flight-handlers.js';
import { settleWhen } from '../messages/settle-when.js';
import { RedisConsumerLoop } from './redis-consumer-loop.js';
import { toRedisFields } from './redis-entry.js';
import type { RedisNamespace } from './redis-namespace.js';

/** Options of {@link RedisStreamsBroker}. */
export interface RedisStreamsBrokerOptions {
  /**
   * How long an entry stays pending (unacknowledged, no heartbeat) before the group claims it again with
   * XAUTOCLAIM: the delay of a redelivery after a failure, and what a crashed consumer costs.
   * @default 300
   */
  redeliverAfterMs?: number;
  /** Runs when the broker closes (e.g. to drop a namespace of its own). */
  onClose?: () => Promise<void>;
}

/**
 * core's `Broker` on Redis Streams: a stream per destination (`<namespace>:<name>`, XADD), a consumer
 * group per subscription group (XREADGROUP / XACK). A handler that throws leaves its entry pending; it
 * is claimed again (XAUTOCLAIM) after `redeliverAfterMs`, its delivery count being the attempt; after
 * `maxAttempts`, or on `MessageRejected`, the entry goes to the `<stream>.dead-letter` stream and is
 * acknowledged. A crashed consumer acknowledges nothing; another consumer of the group claims its entries.
 */
export class RedisStreamsBroker implements Broker {
  readonly model = 'log' as const;
  readonly namespace: RedisNamespace;
  readonly #redis: Redis;
  readonly #redeliverAfterMs: number;
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #loops = new Set<RedisConsumerLoop>();
  readonly #handlers = new InFlightHandlers();
  #consumers = 0;
  #closed = false;

  /** `redis` publishes and asks; each subscription gets a duplicate connection of its own. */
  constructor(redis: Redis, namespace: RedisNamespace, options: RedisStreamsBrokerOptions = {}) {
    this.#redis = redis;
    this.namespace = namespace;
    this.#redeliverAfterMs = options.redeliverAfterMs ?? 300;
    this.#onClose = options.onClose;
  }

  /** Appends messages to stream `stream` (namespaced), in order. */
  async publish(stream: string, messages: readonly Message[]): Promise<void> {
    const key = this.namespace.key(stream);
    for (const message of messages) await this.#redis.xadd(key, '*', ...toRedisFields(message));
  }

  /** Joins (creating it on first use, from the stream's start) the consumer group and starts consuming. */
  async subscribe(options: SubscribeOptions): Promise<CrashableSubscription> {
    const key = this.namespace.key(options.source);
    const group = options.group ?? 'default';
    await this.#redis.xgroup('CREATE', key, group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
    const connection = this.#redis.duplicate();
    const id = `${group}#${++this.#consumers}`;
    const tracked = this.#handlers.track(options);
    const loop = new RedisConsumerLoop(connection, {
      ...tracked.options,
      key,
      group,
      consumer: `${id}-${randomUUID().slice(0, 8)}`,
      maxAttempts: options.maxAttempts ?? 5,
      redeliverAfterMs: this.#redeliverAfterMs,
      deadLetter: (message) => this.publish(`${options.source}.dead-letter`, [message]),
    });
    this.#loops.add(loop);
    loop.start();
    const stop = async () => {
      this.#loops.delete(loop);
      await loop.stop();
    };
    return {
      id,
      stop,
      crash: async () => {
        this.#loops.delete(loop);
        tracked.forget();
        await loop.crash();
      },
      [Symbol.asyncDispose]: stop,
    };
  }

  /** Resolves once the groups of the running subscriptions have no lag and nothing pending. */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    await settleWhen(
      async () => {
        const behind: string[] = [];
        const groups = new Map([...this.#loops].map((loop) => [`${loop.key} ${loop.group}`, loop]));
        for (const loop of groups.values()) {
          const state = await this.#groupState(loop.key, loop.group);
          if (state.lag !== 0 || state.pending > 0)
            behind.push(
              `${loop.key} group ${loop.group}: lag ${state.lag ?? 'unknown'}, ${state.pending} pending`,
            );
        }
        return behind;
      },
      { timeout: options.timeout ?? 10_000, broker: 'RedisStreamsBroker' },
    );
  }

  /**
   * Stops every subscription (in-flight entries finished and acknowledged), then runs `onClose`. Waits
   * `timeout` ms at most for the handlers: an entry still being handled then stays pending (the group claims
   * it again), the broker is closed all the same, and `EVENTSPEC_BROKER_HANDLER_UNSETTLED` names the call.
   */
  async close(options: { /** @default 5000 */ timeout?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const grace = options.timeout ?? DEFAULT_CLOSE_GRACE_MS;
    const loops = [...this.#loops];
    this.#loops.clear();
    const stopping = Promise.allSettled(loops.map((loop) => loop.stop()));
    const unsettled = await this.#handlers.settleWithin(stopping, grace);
    if (unsettled.length > 0) await Promise.allSettled(loops.map((loop) => loop.crash()));
    await this.#onClose?.();
    if (unsettled.length > 0) throw handlersUnsettled('RedisStreamsBroker.close()', unsettled, grace);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #groupState(key: string, group: string): Promise<{ lag: number | null; pending: number }> {
    const info = pairs(
      ((await this.#redis.xinfo('GROUPS', key)) as unknown[][]).find(
        (fields) => pairs(fields).get('name') === group,
      ) ?? [],
    );
    if (info.size === 0) return { lag: null, pending: 0 };
    const pending = Number(info.get('pending'));
    const lag = info.get('lag');
    if (lag !== null && lag !== undefined) return { lag: Number(lag), pending };
    // Redis cannot count the lag after deletions or trims: compare the group's position with the stream's end.
    const stream = pairs((await this.#redis.xinfo('STREAM', key)) as unknown[]);
    return { lag: stream.get('last-generated-id') === info.get('last-delivered-id') ? 0 : null, pending };
  }
}

function pairs(fields: readonly unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (let index = 0; index + 1 < fields.length; index += 2)
    map.set(String(fields[index]), fields[index + 1]);
  return map;
}
