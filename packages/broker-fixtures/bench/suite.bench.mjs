// A suite of 30 broker-backed tests (publish one message, wait for it), run (a) on one shared broker
// with a namespace per test, and (b) with a container per test, the way testcontainers' docs show it.
// Target: (a) ≥ 10× faster than (b). Also reports the start time of each broker image present here.
import {
  formatNamespace,
  isDockerAvailable,
  KAFKA_IMAGES,
  KafkaContainer,
  newRunId,
  RabbitMqContainer,
} from '../dist/index.js';
import { RabbitMqTestBroker } from '../dist/rabbitmq.js';
import { printTable, row, timeEach } from './support.mjs';

const TESTS = Number(process.env.BENCH_SUITE_TESTS ?? 30);
const runId = newRunId({ EVENTSPEC_RUN_ID: 'bench-suite' });
const quiet = () => undefined;

async function oneTest(endpoint, i) {
  const broker = await RabbitMqTestBroker.open(endpoint, {
    namespace: formatNamespace({ runId, worker: 'bench', sequence: i, label: 'suite' }),
  });
  await broker.publish('orders', { key: `o-${i}`, data: { orderId: `o-${i}` } });
  await broker.waitFor('orders', (message) => message.key === `o-${i}`);
  await broker.close();
}

if (!(await isDockerAvailable())) {
  console.log('No Docker engine: suite benchmark skipped.');
} else {
  const rows = [];
  const startShared = performance.now();
  const shared = await new RabbitMqContainer().withProgress(quiet).start();
  const sharedStart = performance.now() - startShared;
  const sharedTests = await timeEach(TESTS, (i) => oneTest(shared.getEndpoint(), i));
  await shared.stop();
  const sharedTotal = sharedStart + sharedTests.reduce((sum, ms) => sum + ms, 0);
  rows.push(
    row('(a) shared broker, namespace per test', sharedTests, {
      total: sharedTotal,
      note: `incl. one start of ${sharedStart.toFixed(0)} ms`,
    }),
  );

  const starts = [];
  const perTest = await timeEach(TESTS, async (i) => {
    const begin = performance.now();
    const rabbit = await new RabbitMqContainer().withProgress(quiet).start();
    starts.push(performance.now() - begin);
    try {
      await oneTest(rabbit.getEndpoint(), i);
    } finally {
      await rabbit.stop();
    }
  });
  const perTestTotal = perTest.reduce((sum, ms) => sum + ms, 0);
  rows.push(row('(b) container per test', perTest, { total: perTestTotal }));
  printTable(
    `${TESTS} RabbitMQ-backed tests (image ${process.env.EVENTSPEC_RABBITMQ_IMAGE ?? 'default'}); (b)/(a) total = ${(perTestTotal / sharedTotal).toFixed(1)}×`,
    rows,
    '(a) shared broker, namespace per test',
  );

  const rabbitImage = `RabbitMQ ${process.env.EVENTSPEC_RABBITMQ_IMAGE ?? 'default'}`;
  const startRows = [row(rabbitImage, [sharedStart, ...starts])];
  for (const image of Object.values(KAFKA_IMAGES)) {
    try {
      const [ms] = await timeEach(1, async () => {
        const kafka = await new KafkaContainer(image).withPullPolicy('never').withProgress(quiet).start();
        await kafka.stop();
      });
      startRows.push(row(`Kafka ${image}`, [ms]));
    } catch (error) {
      startRows.push({ name: `Kafka ${image}`, samples: 0, note: error.code ?? error.message });
    }
  }
  printTable('Broker start time per image (to ready)', startRows, rabbitImage);
}
