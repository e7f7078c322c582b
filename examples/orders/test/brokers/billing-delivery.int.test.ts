import { formatNamespace, newRunId, provideBrokers, type RabbitMqEndpoint } from '@eventspec/broker-fixtures';
import { KafkaTestBroker } from '@eventspec/broker-fixtures/kafka';
import { RabbitMqTestBroker } from '@eventspec/broker-fixtures/rabbitmq';
import { type Broker, checkDelivery, subscribedHandler } from '@eventspec/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BillingLedger } from '../../src/brokers/billing-ledger.js';
import { orderPlaced, startBilling } from './billing-on-broker.js';
import { provideKafka } from './broker-availability.js';

// The billing consumer's delivery check, run through real brokers: every run publishes the orders to a
// fresh namespace, the consumer's own start-up code subscribes, and the faults are the brokers' own —
// a nacked message requeued (RabbitMQ) or not committed (Kafka), a consumer killed after charging and
// before its ack / commit, an order published twice.

const orders = [orderPlaced(1), orderPlaced(2), orderPlaced(3, 'o-1')];

// #region check-on-broker
const billingCheck = (open: () => Broker | Promise<Broker>) => ({
  messages: orders,
  setup: () => new BillingLedger(),
  handle: subscribedHandler((broker, ledger: BillingLedger) => startBilling(broker, ledger)),
  observe: (ledger: BillingLedger) => Object.fromEntries(ledger.charges()),
  crashPoints: (ledger: BillingLedger) => ({ ledger }),
  broker: { open }, // e.g. () => kafka.newBroker(): a fresh namespace per run
  timelineDir: false as const,
});
// #endregion check-on-broker

const crashAfterCharging = {
  failures: [{ message: 1, call: 0, mode: 'crash-after' as const, redeliverAfter: 0 }],
};

let kafkaSetup: Awaited<ReturnType<typeof provideKafka>>;
let rabbitmq: { endpoint?: RabbitMqEndpoint; reason?: string; stop: () => Promise<void> };
beforeAll(async () => {
  kafkaSetup = await provideKafka();
  const provided = await provideBrokers(['rabbitmq']);
  const [broker] = provided.brokers;
  if (broker?.status === 'ready' && broker.kind === 'rabbitmq')
    rabbitmq = { endpoint: broker.endpoint, stop: () => provided.stop() };
  else {
    const reason = broker?.status === 'unavailable' ? broker.reason : 'rabbitmq was not provided';
    if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1')
      throw new Error(`${reason} (EVENTSPEC_REQUIRE_BROKERS=1)`);
    rabbitmq = { reason, stop: () => provided.stop() };
  }
}, 120_000);
afterAll(async () => {
  await kafkaSetup?.provided.stop();
  await rabbitmq?.stop();
});

const namespace = (label: string) =>
  formatNamespace({ runId: newRunId(), worker: String(process.pid), sequence: 1, label });

describe.concurrent('the billing consumer checked through real brokers', () => {
  test('RabbitMQ: explored plans and a consumer killed before its ack', async ({ skip }) => {
    if (!rabbitmq.endpoint) return skip(rabbitmq.reason);
    await using rabbit = await RabbitMqTestBroker.open(rabbitmq.endpoint, {
      namespace: namespace('billing delivery rabbitmq'),
    });
    // #region run-on-broker
    const explored = await checkDelivery({ ...billingCheck(() => rabbit.newBroker()), runs: 4, seed: 4 });
    // What RabbitMQ really did in those 4 plans: copies delivered twice, nacks requeued, a consumer killed.
    expect(explored.realRuns).toBe(5);
    expect(explored.realFaults?.crashes).toBeGreaterThan(0);
    const crashed = await checkDelivery({
      ...billingCheck(() => rabbit.newBroker()),
      plan: crashAfterCharging,
    });
    expect(crashed).toMatchObject({ runs: 1, realRuns: 2 });
    // #endregion run-on-broker
  }, 60_000);

  test('Kafka: explored plans and a consumer killed before its commit', async ({ skip }) => {
    if (!kafkaSetup.endpoint) return skip(kafkaSetup.reason);
    await using kafka = await KafkaTestBroker.open(kafkaSetup.endpoint, {
      namespace: namespace('billing delivery kafka'),
    });
    const open = () => kafka.newBroker();
    const [explored, crashed] = await Promise.all([
      checkDelivery({ ...billingCheck(open), runs: 3, seed: 4 }),
      checkDelivery({ ...billingCheck(open), plan: crashAfterCharging }),
    ]);
    expect(explored.realFaults?.crashes).toBeGreaterThan(0);
    expect([explored, crashed]).toMatchObject([
      { runs: 3, realRuns: 4 },
      { runs: 1, realRuns: 2 },
    ]);
  }, 60_000);
});
