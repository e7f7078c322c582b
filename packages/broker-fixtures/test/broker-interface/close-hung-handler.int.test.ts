import { type Broker, InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

const GRACE = 1000;

// close() with a handler that never settles: every broker returns, bounded (the real ones wait GRACE ms for
// the handler, then close anyway and name it in EVENTSPEC_BROKER_HANDLER_UNSETTLED; the in-memory ones drop
// what is in flight at once, as a killed process would).
async function closeWithAHungHandler(broker: Broker, source: string) {
  if ('declareQueue' in broker) await (broker as InMemoryQueueBroker).declareQueue(source);
  let called: () => void = () => {};
  const handling = new Promise<void>((resolve) => {
    called = resolve;
  });
  await broker.subscribe({
    source,
    group: 'closing',
    handler: async function recordPayment() {
      called();
      await new Promise(() => {});
    },
  });
  await broker.publish(source, [{ id: 'm-1', type: 'PaymentReceived', key: 'k', data: null }]);
  await handling;
  const started = Date.now();
  const close = broker.close as (options?: { timeout?: number }) => Promise<void>;
  const error = await close.call(broker, { timeout: GRACE }).then(
    () => undefined,
    (e: { code?: string; message: string; actual?: unknown }) => e,
  );
  const elapsed = Date.now() - started;
  return {
    // A hang bound, not a speed target: the grace period, then at most the broker's own close steps.
    bounded: elapsed < GRACE + 5000 ? 'returned within the grace period + 5 s' : `took ${elapsed} ms`,
    waited: error === undefined || elapsed >= GRACE ? 'the grace period at least' : `only ${elapsed} ms`,
    code: error?.code,
    message: error?.message.replace(/running for \d+ ms/, 'running for … ms'),
  };
}

// close() while a handler is still busy, but finishes within the grace period: close() waits for it.
async function closeWhileAHandlerFinishes(broker: Broker, source: string) {
  if ('declareQueue' in broker) await (broker as InMemoryQueueBroker).declareQueue(source);
  let called: () => void = () => {};
  const handling = new Promise<void>((resolve) => {
    called = resolve;
  });
  let finished = false;
  await broker.subscribe({
    source,
    group: 'closing',
    handler: async () => {
      called();
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
    },
  });
  await broker.publish(source, [{ id: 'm-1', type: 'PaymentReceived', key: 'k', data: null }]);
  await handling;
  const close = broker.close as (options?: { timeout?: number }) => Promise<void>;
  const error = await close.call(broker, { timeout: 10_000 }).then(
    () => undefined,
    (e: { code?: string }) => e.code ?? e,
  );
  return { error, finishedBeforeCloseReturned: finished };
}

describe.concurrent('close() waits for a handler that finishes within the grace period', () => {
  const waited = { error: undefined, finishedBeforeCloseReturned: true };
  test('kafka', async ({ kafka, expect }) => {
    expect(await closeWhileAHandlerFinishes(kafka.newBroker(), 'payments')).toEqual(waited);
  }, 60_000);
  test('rabbitmq', async ({ rabbitmq, expect }) => {
    expect(await closeWhileAHandlerFinishes(await rabbitmq.newBroker(), 'payments')).toEqual(waited);
  }, 60_000);
  test('nats', async ({ nats, expect }) => {
    expect(await closeWhileAHandlerFinishes(nats.newBroker(), 'payments')).toEqual(waited);
  }, 60_000);
  test('redis', async ({ redis, expect }) => {
    expect(await closeWhileAHandlerFinishes(redis.newBroker(), 'payments')).toEqual(waited);
  }, 60_000);
});

describe.concurrent('close() with a handler that never settles is bounded and names the handler', () => {
  test('in memory, topics and queues: close() drops what is in flight at once', async ({ expect }) => {
    for (const broker of [new InMemoryTopicBroker(), new InMemoryQueueBroker()]) {
      const { bounded, code } = await closeWithAHungHandler(broker, 'payments');
      expect({ bounded, code }).toEqual({
        bounded: 'returned within the grace period + 5 s',
        code: undefined,
      });
    }
  });
  test('kafka', async ({ kafka, expect }) => {
    expect(await closeWithAHungHandler(kafka.newBroker(), 'payments')).toMatchInlineSnapshot(`
      {
        "bounded": "returned within the grace period + 5 s",
        "code": "EVENTSPEC_BROKER_HANDLER_UNSETTLED",
        "message": "KafkaBroker.close(): a handler call did not settle within 1000 ms: the handler recordPayment() of "payments" (group "closing") on message "m-1" (attempt 1), running for … ms. close() stopped waiting and closed the broker anyway; what was in flight is not acknowledged, so the broker will deliver it again. A handler must resolve or throw: look for an await in it that never resolves (a promise nobody resolves, a call without a timeout), or let it finish before close(); pass close({ timeout }) to wait longer.",
        "waited": "the grace period at least",
      }
    `);
  }, 60_000);
  test('rabbitmq', async ({ rabbitmq, expect }) => {
    expect(await closeWithAHungHandler(await rabbitmq.newBroker(), 'payments')).toMatchInlineSnapshot(`
      {
        "bounded": "returned within the grace period + 5 s",
        "code": "EVENTSPEC_BROKER_HANDLER_UNSETTLED",
        "message": "RabbitMqBroker.close(): a handler call did not settle within 1000 ms: the handler recordPayment() of "payments" (group "closing") on message "m-1" (attempt 1), running for … ms. close() stopped waiting and closed the broker anyway; what was in flight is not acknowledged, so the broker will deliver it again. A handler must resolve or throw: look for an await in it that never resolves (a promise nobody resolves, a call without a timeout), or let it finish before close(); pass close({ timeout }) to wait longer.",
        "waited": "the grace period at least",
      }
    `);
  }, 60_000);
  // #region close-hung-handler
  test('nats', async ({ nats, expect }) => {
    expect(await closeWithAHungHandler(nats.newBroker(), 'payments')).toMatchInlineSnapshot(`
      {
        "bounded": "returned within the grace period + 5 s",
        "code": "EVENTSPEC_BROKER_HANDLER_UNSETTLED",
        "message": "NatsBroker.close(): a handler call did not settle within 1000 ms: the handler recordPayment() of "payments" (group "closing") on message "m-1" (attempt 1), running for … ms. close() stopped waiting and closed the broker anyway; what was in flight is not acknowledged, so the broker will deliver it again. A handler must resolve or throw: look for an await in it that never resolves (a promise nobody resolves, a call without a timeout), or let it finish before close(); pass close({ timeout }) to wait longer.",
        "waited": "the grace period at least",
      }
    `);
  }, 60_000);
  // #endregion close-hung-handler
  test('redis', async ({ redis, expect }) => {
    expect(await closeWithAHungHandler(redis.newBroker(), 'payments')).toMatchInlineSnapshot(`
      {
        "bounded": "returned within the grace period + 5 s",
        "code": "EVENTSPEC_BROKER_HANDLER_UNSETTLED",
        "message": "RedisStreamsBroker.close(): a handler call did not settle within 1000 ms: the handler recordPayment() of "payments" (group "closing") on message "m-1" (attempt 1), running for … ms. close() stopped waiting and closed the broker anyway; what was in flight is not acknowledged, so the broker will deliver it again. A handler must resolve or throw: look for an await in it that never resolves (a promise nobody resolves, a call without a timeout), or let it finish before close(); pass close({ timeout }) to wait longer.",
        "waited": "the grace period at least",
      }
    `);
  }, 60_000);
});
