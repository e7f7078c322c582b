import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KafkaEndpoint } from '../../src/index.js';
import { kafkaEndpointFromEnv } from '../../src/index.js';
import { KafkaFaultProxy, KafkaTestBroker } from '../../src/kafka.js';
import { checkCounting, downCodesMerged, type FaultCase, runFaultCases } from './fault-cases.js';

// The fault suite on Kafka: the machine's shared cluster (librdkafka's mock) is never stopped; a fault proxy
// per broker stands in — a cut for a paused cluster, refused connections for a dead one. Every operation
// returns within its timeout + 1 s with a coded error naming the state; the cluster serves again after.
const T = 1500;
let sequence = 0;
const namespace = () => `es_kfaults-${Date.now().toString(36)}_w.${++sequence}_kafka-faults`;
const endpoint: KafkaEndpoint | undefined = kafkaEndpointFromEnv();

const unset = endpoint ? '' : ' — skipped: EVENTSPEC_KAFKA_BROKERS is not set';
describe.skipIf(!endpoint)(
  `fault suite: an external Kafka behind fault proxies, cut or refusing${unset}`,
  () => {
    let faults: KafkaFaultProxy;
    beforeAll(async () => {
      faults = await KafkaFaultProxy.start(endpoint!);
    });
    afterAll(async () => {
      await faults?.close();
    });

    // A consumer's group join takes ~3 s on the mock: the brokers set up before the fault keep the default
    // timeout, and the operations under test pass T (close() uses the timeout its broker was opened with).
    const open = (timeout?: number) =>
      KafkaTestBroker.open(endpoint!, {
        namespace: namespace(),
        ...(timeout ? { timeout } : {}),
        client: { socketFactory: faults.socketFactory },
      });

    async function prepare() {
      const [main, observing, closing, settling] = await Promise.all([open(), open(), open(T), open()]);
      await Promise.all([
        observing.observe('observed'),
        closing.consume('observed', () => undefined, { timeout: 10_000 }),
      ]);
      const topicBroker = settling.broker();
      await topicBroker.subscribe({ source: 'work', handler: () => undefined });
      const cases: FaultCase[] = [
        // open() makes no broker call on Kafka: it resolves, and the first call reports the state.
        { op: 'open', bound: T, run: () => open(T) },
        { op: 'publish', bound: T, run: () => main.publish('orders', { data: 1 }, { timeout: T }) },
        { op: 'consume', bound: T, run: () => main.consume('fresh', () => undefined, { timeout: T }) },
        {
          op: 'waitFor (not observed yet)',
          bound: T,
          run: () => main.waitFor('unseen', undefined, { timeout: T }),
        },
        {
          op: 'waitFor (observed)',
          bound: T,
          run: () => observing.waitFor('observed', undefined, { timeout: T }),
        },
        { op: 'settle', bound: T, run: () => topicBroker.settle({ timeout: T }) },
        { op: 'close', bound: T, run: () => closing.close() },
        { op: 'checkDelivery', bound: T, run: () => checkCounting(() => main.newBroker(), T) },
      ];
      return { cases, all: [main, observing, closing, settling] };
    }

    async function expectRecovery(old: KafkaTestBroker[]): Promise<void> {
      await using fresh = await open();
      await fresh.publish('orders', { data: 'after the fault' });
      await expect(fresh.waitFor('orders')).resolves.toMatchObject([{ data: 'after the fault' }]);
      await Promise.allSettled(old.map((broker) => broker.close()));
    }

    test('paused (network cut): every operation ends within its timeout + 1 s, saying the cluster does not answer', async () => {
      const { cases, all } = await prepare();
      faults.cut();
      try {
        expect(await runFaultCases(cases)).toMatchInlineSnapshot(`
        [
          {
            "code": "resolved",
            "op": "open",
            "state": "unnamed",
          },
          {
            "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
            "op": "publish",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
            "op": "consume",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
            "op": "waitFor (not observed yet)",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_BROKER_WAIT_TIMEOUT",
            "op": "waitFor (observed)",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_BROKER_SETTLE_TIMEOUT",
            "op": "settle",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
            "op": "close",
            "state": "not answering",
          },
          {
            "code": "EVENTSPEC_DELIVERY_BROKER_STALLED",
            "op": "checkDelivery",
            "state": "not answering",
          },
        ]
      `);
      } finally {
        faults.heal();
      }
      await expectRecovery(all);
    }, 90_000);

    test('killed (connections refused): every operation ends within its timeout + 1 s, saying the cluster is down', async () => {
      const { cases, all } = await prepare();
      faults.refuse();
      try {
        expect(downCodesMerged(await runFaultCases(cases))).toMatchInlineSnapshot(`
        [
          {
            "code": "resolved",
            "op": "open",
            "state": "unnamed",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "publish",
            "state": "down",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "consume",
            "state": "down",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "waitFor (not observed yet)",
            "state": "down",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "waitFor (observed)",
            "state": "down",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "settle",
            "state": "down",
          },
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "close",
            "state": "down",
          },
          {
            "code": "EVENTSPEC_DELIVERY_BROKER_STALLED",
            "op": "checkDelivery",
            "state": "not answering",
          },
        ]
      `);
      } finally {
        faults.heal();
      }
      await expectRecovery(all);
    }, 90_000);
  },
);
