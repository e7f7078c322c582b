import { formatNamespace, newRunId, provideBrokers, type RedisEndpoint } from '@eventspec/broker-fixtures';
import { RedisTestBroker } from '@eventspec/broker-fixtures/redis';
import { system } from '@eventspec/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OrderCommand, ordersSystem } from '../../src/index.js';
import { withId } from '../with-id.js';

// The happy path of the orders choreography again, every message through Redis Streams: a stream per
// topic, a consumer group per service, real acks; the checkout's timers still run on the virtual clock.

const start = '2024-05-01T09:00:00.000Z';
const placeOrder = (orderId: string, unitPrice: number): OrderCommand =>
  withId(`cmd-${orderId}`, {
    type: 'PlaceOrder',
    orderId,
    customerId: 'c-7',
    lines: [{ sku: 'espresso-machine', quantity: 1, unitPrice }],
  });

let redis: { endpoint?: RedisEndpoint; reason?: string; stop: () => Promise<void> };
beforeAll(async () => {
  const provided = await provideBrokers(['redis']);
  const [broker] = provided.brokers;
  if (broker?.status === 'ready' && broker.kind === 'redis')
    redis = { endpoint: broker.endpoint, stop: () => provided.stop() };
  else {
    const reason = broker?.status === 'unavailable' ? broker.reason : 'redis was not provided';
    if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1')
      throw new Error(`${reason} (EVENTSPEC_REQUIRE_BROKERS=1)`);
    redis = { reason, stop: () => provided.stop() };
  }
}, 120_000);
afterAll(() => redis?.stop());

describe('the orders system on Redis Streams', () => {
  test('an order is paid, shipped and shows up as completed', async ({ skip }) => {
    if (!redis.endpoint) return skip(redis.reason);
    await using streams = await RedisTestBroker.open(redis.endpoint, {
      namespace: formatNamespace({
        runId: newRunId(),
        worker: String(process.pid),
        sequence: 1,
        label: 'orders system',
      }),
    });
    // #region system-on-redis
    const report = await system(ordersSystem, { start, broker: { open: () => streams.newBroker() } })
      .when(placeOrder('o-1', 32_000))
      .eventually(
        {
          sent: [
            { type: 'RequestPayment', amount: 32_000 },
            { type: 'CapturePayment' },
            { type: 'ConfirmPayment' },
            { type: 'ShipOrder', trackingNumber: 'TRK-o-1' },
          ],
          state: {
            orders: new Map([['o-1', { status: 'shipped' }]]),
            customers: { customers: new Map([['c-7', { completed: new Set(['o-1']), spent: 32_000 }]]) },
          },
        },
        { within: '1h', replay: true }, // `faults` stay on the in-memory broker
      );
    // #endregion system-on-redis
    expect(report.redeliveries).toEqual([]);
    // Every message of the flow went through Redis, in publish order.
    expect(report.log.map((message) => message.id)).toEqual(report.flow.map((entry) => `m-${entry.seq}`));
  });
});
