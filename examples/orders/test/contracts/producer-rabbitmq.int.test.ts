import { fileURLToPath } from 'node:url';
import {
  formatNamespace,
  newRunId,
  type ProvidedBrokers,
  provideBrokers,
  type RabbitMqEndpoint,
} from '@eventspec/broker-fixtures';
import { RabbitMqTestBroker } from '@eventspec/broker-fixtures/rabbitmq';
import { captureProduced } from '@eventspec/contracts';
import { loadAsyncApi } from '@eventspec/contracts/asyncapi';
import type { Message } from '@eventspec/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { publishPaymentCaptured } from '../../src/contracts/publish-payment-captured.js';

let provided: ProvidedBrokers | undefined;
let endpoint: RabbitMqEndpoint | undefined;
let reason = 'rabbitmq was not provided';
beforeAll(async () => {
  provided = await provideBrokers(['rabbitmq']);
  const [rabbitmq] = provided.brokers;
  if (rabbitmq?.status === 'ready' && rabbitmq.kind === 'rabbitmq') endpoint = rabbitmq.endpoint;
  else if (rabbitmq?.status === 'unavailable') reason = rabbitmq.reason;
  if (!endpoint && process.env.EVENTSPEC_REQUIRE_BROKERS === '1')
    throw new Error(`${reason} (EVENTSPEC_REQUIRE_BROKERS=1)`);
}, 120_000);
afterAll(() => provided?.stop());

test('what the payments service publishes through a real RabbitMQ satisfies PaymentCaptured@1', async ({
  skip,
}) => {
  if (!endpoint) return skip(reason);
  const registry = await loadAsyncApi(
    fileURLToPath(new URL('../../contracts/payments.asyncapi.yaml', import.meta.url)),
  );
  await using rabbit = await RabbitMqTestBroker.open(endpoint, {
    namespace: formatNamespace({ runId: newRunId(), worker: '0', sequence: 1, label: 'contracts' }),
  });
  await using broker = rabbit.broker();
  const capture = captureProduced(broker);
  await capture.broker.declareExchange('payments', 'topic');
  await capture.broker.declareQueue('billing');
  await capture.broker.bindQueue('billing', 'payments', 'payment.*');
  const delivered: Message[] = [];
  await capture.broker.subscribe({ source: 'billing', handler: (message) => void delivered.push(message) });

  await publishPaymentCaptured(capture.broker, { paymentId: 'p-1', orderId: 'order-1', amount: 1000 });
  await capture.broker.settle({ timeout: 10_000 });

  expect(delivered.map((m) => m.data)).toEqual([{ paymentId: 'p-1', orderId: 'order-1', amount: 1000 }]);
  capture.assertSatisfied(registry);
}, 60_000);
