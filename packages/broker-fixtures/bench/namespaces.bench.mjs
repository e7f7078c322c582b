// Time to create and drop one test namespace, every broker in one table (targets: ≤ 100 ms median for
// RabbitMQ and Kafka, ≤ 50 ms for NATS and Redis): a RabbitMQ vhost through the management API, a Kafka
// namespace (first produce auto-creates the topic, then the drop), a NATS JetStream stream (create, one
// publish, delete), a Redis key prefix (one XADD, then SCAN + UNLINK). Baselines measured in the same run:
// a bare management API round trip (GET /api/overview), a NATS round trip (flush), a Redis PING.
import { formatNamespace, newRunId, RabbitMqManagement, rabbitMqEndpointFromUrl } from '../dist/index.js';
import { KafkaTestBroker } from '../dist/kafka.js';
import { NatsTestBroker } from '../dist/nats.js';
import { RabbitMqTestBroker } from '../dist/rabbitmq.js';
import { RedisTestBroker } from '../dist/redis.js';
import { printTable, row, timeEach } from './support.mjs';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const runId = newRunId({ EVENTSPEC_RUN_ID: 'bench' });
const name = (i, label) => formatNamespace({ runId, worker: 'bench', sequence: i, label });
const rows = [];

if (process.env.EVENTSPEC_AMQP_URL) {
  const endpoint = rabbitMqEndpointFromUrl(process.env.EVENTSPEC_AMQP_URL);
  const management = new RabbitMqManagement(endpoint.managementUrl, endpoint.username, endpoint.password);
  rows.push(row('management round trip (baseline)', await timeEach(SAMPLES, () => management.overview())));
  rows.push(
    row(
      'RabbitMQ vhost create + drop',
      await timeEach(SAMPLES, async (i) => {
        await management.createVhost(name(i, 'vhost'), endpoint.username);
        await management.deleteVhost(name(i, 'vhost'));
      }),
    ),
  );
  rows.push(
    row(
      'RabbitMQ test broker open + close',
      await timeEach(SAMPLES, async (i) => {
        const broker = await RabbitMqTestBroker.open(endpoint, { namespace: name(i, 'helpers') });
        await broker.close();
      }),
      { note: 'vhost + permissions + AMQP connection' },
    ),
  );
} else {
  rows.push({ name: 'RabbitMQ', samples: 0, note: 'EVENTSPEC_AMQP_URL not set' });
}

if (process.env.EVENTSPEC_KAFKA_BROKERS) {
  const endpoint = {
    brokers: process.env.EVENTSPEC_KAFKA_BROKERS.split(','),
    capabilities: { deleteTopics: true, deleteGroups: true },
  };
  const durations = await timeEach(SAMPLES, async (i) => {
    const broker = await KafkaTestBroker.open(endpoint, { namespace: name(i, 'kafka') });
    await broker.publish('orders', { data: i });
    await broker.close();
  });
  rows.push(
    row('Kafka namespace: first produce + drop', durations, {
      note: endpoint.capabilities.deleteTopics ? 'topics deleted' : 'mock cluster: topics cannot be deleted',
    }),
  );
} else {
  rows.push({ name: 'Kafka', samples: 0, note: 'EVENTSPEC_KAFKA_BROKERS not set' });
}

if (process.env.EVENTSPEC_NATS_URL) {
  const { connect } = await import('@nats-io/transport-node');
  const endpoint = { url: process.env.EVENTSPEC_NATS_URL };
  const probe = await connect({ servers: endpoint.url });
  rows.push(row('NATS round trip (baseline)', await timeEach(SAMPLES, () => probe.flush())));
  await probe.close();
  rows.push(
    row(
      'NATS namespace: stream create + publish + drop',
      await timeEach(SAMPLES, async (i) => {
        const broker = await NatsTestBroker.open(endpoint, { namespace: name(i, 'nats') });
        await broker.publish('orders', { data: i });
        await broker.close();
      }),
      { note: 'target ≤ 50 ms; incl. the helpers’ connection' },
    ),
  );
} else {
  rows.push({ name: 'NATS', samples: 0, note: 'EVENTSPEC_NATS_URL not set' });
}

if (process.env.EVENTSPEC_REDIS_URL) {
  const { Redis } = await import('ioredis');
  const endpoint = { url: process.env.EVENTSPEC_REDIS_URL };
  const probe = new Redis(endpoint.url);
  rows.push(row('Redis PING (baseline)', await timeEach(SAMPLES, () => probe.ping())));
  probe.disconnect();
  rows.push(
    row(
      'Redis namespace: XADD + unlink prefix',
      await timeEach(SAMPLES, async (i) => {
        const broker = await RedisTestBroker.open(endpoint, { namespace: name(i, 'redis') });
        await broker.publish('orders', { data: i });
        await broker.close();
      }),
      { note: 'target ≤ 50 ms; incl. the helpers’ connection' },
    ),
  );
} else {
  rows.push({ name: 'Redis', samples: 0, note: 'EVENTSPEC_REDIS_URL not set' });
}

printTable(
  'Namespace create + drop (targets: ≤ 100 ms median RabbitMQ / Kafka, ≤ 50 ms NATS / Redis)',
  rows,
  'management round trip (baseline)',
);
