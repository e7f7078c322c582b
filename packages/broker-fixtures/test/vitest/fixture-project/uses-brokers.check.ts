import { brokerTest } from '../../../src/vitest.js';
import { rabbitmqTest } from '../../../src/vitest-rabbitmq.js';

brokerTest('needs kafka', async ({ kafka }) => {
  await kafka.publish('orders', { data: 1 });
});

brokerTest('needs rabbitmq', async ({ rabbitmq }) => {
  await rabbitmq.publish('orders', { data: 1 });
});

brokerTest('needs nats', async ({ nats }) => {
  await nats.publish('orders', { data: 1 });
});

brokerTest('needs redis', async ({ redis }) => {
  await redis.publish('orders', { data: 1 });
});

brokerTest('needs no broker', () => undefined);

rabbitmqTest('needs rabbitmq alone', async ({ rabbitmq }) => {
  await rabbitmq.publish('orders', { data: 1 });
});
