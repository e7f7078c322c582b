// Container start time, to ready, median of BENCH_STARTS (default 10) starts of each broker whose image is
// on this machine (never pulled): NATS, Redis, RabbitMQ, and each Kafka image. Baseline: the same run's
// Redis start, the lightest broker (ratios say how much heavier the others are).
import {
  isDockerAvailable,
  KAFKA_IMAGES,
  KafkaContainer,
  NatsContainer,
  RabbitMqContainer,
  RedisContainer,
} from '../dist/index.js';
import { printTable, row, timeEach } from './support.mjs';

const STARTS = Number(process.env.BENCH_STARTS ?? 10);
const quiet = () => undefined;

async function starts(name, create) {
  try {
    const durations = await timeEach(STARTS, async () => {
      const container = await create().withPullPolicy('never').withProgress(quiet).start();
      await container.stop();
    });
    return row(name, durations);
  } catch (error) {
    return { name, samples: 0, note: error.code ?? error.message.split('\n')[0] };
  }
}

if (!(await isDockerAvailable())) {
  console.log('No Docker engine: container start benchmark skipped.');
} else {
  const redis = `Redis ${process.env.EVENTSPEC_REDIS_IMAGE ?? 'default'}`;
  const rows = [
    await starts(redis, () => new RedisContainer()),
    await starts(`NATS ${process.env.EVENTSPEC_NATS_IMAGE ?? 'default'}`, () => new NatsContainer()),
    await starts(
      `RabbitMQ ${process.env.EVENTSPEC_RABBITMQ_IMAGE ?? 'default'}`,
      () => new RabbitMqContainer(),
    ),
  ];
  for (const image of Object.values(KAFKA_IMAGES))
    rows.push(await starts(`Kafka ${image}`, () => new KafkaContainer(image)));
  printTable(`Container start to ready (median of ${STARTS})`, rows, redis);
}
