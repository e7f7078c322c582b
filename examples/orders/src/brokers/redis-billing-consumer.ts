import type { Redis } from '@eventspec/broker-fixtures/redis';
import type { BillingLedger, OrderPlacedMessage } from './billing-ledger.js';
import type { RunningConsumer } from './kafka-billing-consumer.js';

// #region redis-consumer
/**
 * Charges orders from a Redis stream in a consumer group. Retry guidance: XACK only after the effect is
 * applied; after every (re)connection, first read this consumer's own pending entries (id `0`: what it
 * received and never acknowledged, e.g. when the connection dropped mid-batch), then new ones (`>`);
 * make the effect idempotent (the ledger skips seen message ids), because pending entries come again.
 */
export function startRedisBilling(
  redis: Redis,
  options: { stream: string; group: string; consumer: string; ledger: BillingLedger },
): RunningConsumer {
  const { stream, group, consumer, ledger } = options;
  let stopped = false;
  let backlog = true;
  redis.on('ready', () => {
    backlog = true;
  });
  const loop = (async () => {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
    while (!stopped) {
      try {
        const from = backlog ? '0' : '>';
        const read = (await redis.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          10,
          'BLOCK',
          200,
          'STREAMS',
          stream,
          from,
        )) as Array<[string, Array<[string, string[] | null]>]> | null;
        const entries = read?.[0]?.[1] ?? [];
        if (backlog && entries.length === 0) backlog = false;
        for (const [id, fields] of entries) {
          const data = fields?.[fields.indexOf('data') + 1];
          if (data) ledger.apply(JSON.parse(data) as OrderPlacedMessage);
          await redis.xack(stream, group, id);
        }
      } catch {
        backlog = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
// #endregion redis-consumer
