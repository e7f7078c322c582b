// Time to create and drop one test namespace (target ≤ 100 ms median): a RabbitMQ vhost through the
// management API, a Kafka namespace (first produce auto-creates the topic, then the drop). Baseline: a
// bare management API round trip (GET /api/overview), the floor any vhost operation pays.
import { formatNamespace, newRunId, RabbitMqManagement, rabbitMqEndpointFromUrl } from '../dist/index.js';
import { KafkaTestBroker } from '../dist/kafka.js';
import { RabbitMqTestBroker } from '../dist/rabbitmq.js';
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
    await broker.publish('orders', { body: i });
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

printTable('Namespace create + drop (target: ≤ 100 ms median)', rows, 'management round trip (baseline)');
