import { type Message, MessageRejected, type SubscribeOptions } from '@eventspec/core';
import type { Redis } from 'ioredis';
import { fromRedisEntry, type RedisEntry } from './redis-entry.js';

/** What a {@link RedisConsumerLoop} needs beyond the subscription options. */
export interface RedisConsumerLoopOptions extends SubscribeOptions {
  /** The stream's real key. */
  key: string;
  group: string;
  consumer: string;
  maxAttempts: number;
  /** Idle time after which a pending entry is claimed again (XAUTOCLAIM). */
  redeliverAfterMs: number;
  deadLetter: (message: Message) => Promise<void>;
}

/**
 * One consumer of a Redis Streams consumer group, on a connection of its own (XREADGROUP blocks):
 * first claims entries left pending longer than `redeliverAfterMs` (a failed attempt, a crashed consumer:
 * XAUTOCLAIM), else reads new ones; XACK after the handler resolves; a failed entry stays pending and is
 * claimed again, by this consumer before it reads anything new, so a key's order holds.
 */
export class RedisConsumerLoop {
  readonly #redis: Redis;
  readonly #options: RedisConsumerLoopOptions;
  #running: Promise<void> | undefined;
  #stopped = false;
  #crashed = false;
  #retryAt = 0;

  constructor(redis: Redis, options: RedisConsumerLoopOptions) {
    this.#redis = redis;
    this.#options = options;
  }

  get key(): string {
    return this.#options.key;
  }

  get group(): string {
    return this.#options.group;
  }

  start(): void {
    this.#running = this.#loop();
  }

  /** Stops reading; the entries in flight are finished and acknowledged first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running?.catch(() => undefined);
    this.#redis.disconnect();
  }

  /** Stops at once: nothing in flight is acknowledged; the group claims it again after the idle time. */
  async crash(): Promise<void> {
    this.#crashed = true;
    this.#stopped = true;
    this.#redis.disconnect();
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      try {
        // A batch holds at most `concurrency` entries, handled at once (one at a time by default).
        const entries = await this.#next();
        if (this.#crashed) return;
        await Promise.all(entries.map((entry) => this.#handle(entry)));
      } catch {
        if (this.#stopped) return;
        await sleep(50);
      }
    }
  }

  async #next(): Promise<Array<{ entry: RedisEntry; deliveries: number }>> {
    const { key, group, consumer, redeliverAfterMs, concurrency } = this.#options;
    const wait = this.#retryAt - Date.now();
    if (wait > 0) await sleep(wait);
    const [, claimed] = (await this.#redis.xautoclaim(
      key,
      group,
      consumer,
      redeliverAfterMs,
      '0-0',
      'COUNT',
      concurrency ?? 1,
    )) as [string, Array<RedisEntry | null>];
    const live = claimed.filter((entry): entry is RedisEntry => entry !== null);
    if (live.length > 0) {
      return Promise.all(
        live.map(async (entry) => ({ entry, deliveries: await this.#deliveries(entry[0]) })),
      );
    }
    this.#retryAt = 0;
    const read = (await this.#redis.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      concurrency ?? 1,
      'BLOCK',
      100,
      'STREAMS',
      key,
      '>',
    )) as Array<[string, RedisEntry[]]> | null;
    return (read?.[0]?.[1] ?? []).map((entry) => ({ entry, deliveries: 1 }));
  }

  async #deliveries(id: string): Promise<number> {
    const pending = (await this.#redis.xpending(this.#options.key, this.#options.group, id, id, 1)) as Array<
      [string, string, number, number]
    >;
    return pending[0]?.[3] ?? 1;
  }

  async #handle({ entry, deliveries }: { entry: RedisEntry; deliveries: number }): Promise<void> {
    const { key, group, consumer, maxAttempts, handler, redeliverAfterMs } = this.#options;
    const message = fromRedisEntry(entry, this.#options.source);
    const ack = () => this.#redis.xack(key, group, entry[0]);
    if (deliveries > maxAttempts) {
      await this.#options.deadLetter(message);
      await ack();
      return;
    }
    // Keeps the entry ours while the handler runs: claiming it resets its idle time (JUSTID: no new delivery).
    const heartbeat = setInterval(() => {
      if (!this.#crashed)
        void this.#redis.xclaim(key, group, consumer, 0, entry[0], 'JUSTID').catch(() => undefined);
    }, redeliverAfterMs / 2);
    try {
      await handler(message, { attempt: deliveries, redelivered: deliveries > 1, deliveredAt: new Date() });
      if (!this.#crashed) await ack();
    } catch (error) {
      if (this.#crashed) return;
      if (error instanceof MessageRejected || deliveries >= maxAttempts) {
        await this.#options.deadLetter(message);
        await ack();
      } else {
        this.#retryAt = Date.now() + redeliverAfterMs;
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
