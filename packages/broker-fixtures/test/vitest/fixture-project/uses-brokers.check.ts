import { brokerTest } from '../../../src/vitest.js';

brokerTest('needs kafka', async ({ kafka }) => {
  await kafka.publish('orders', { data: 1 });
});

brokerTest('needs rabbitmq', async ({ rabbitmq }) => {
  await rabbitmq.publish('orders', { data: 1 });
});

brokerTest('needs no broker', () => undefined);
