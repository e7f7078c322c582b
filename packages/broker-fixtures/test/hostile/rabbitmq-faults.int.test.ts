import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  RabbitMqContainer,
  type RabbitMqEndpoint,
  rabbitMqEndpointFromUrl,
  type StartedRabbitMqContainer,
  TcpFaultProxy,
} from '../../src/index.js';
import { RabbitMqTestBroker } from '../../src/rabbitmq.js';
import { describeWithImages } from '../support/docker-describe.js';
import {
  checkCounting,
  downCodesMerged,
  type FaultCase,
  type FaultTarget,
  runFaultCases,
} from './fault-cases.js';

// The fault suite: RabbitMQ paused or killed during each public operation. Every operation returns within
// its timeout + 1 s with a coded error naming the broker's state, and the broker serves again once back.
const T = 1500;
let sequence = 0;
const namespace = () => `es_faults-${Date.now().toString(36)}_w.${++sequence}_rabbitmq-faults`;

/** Test brokers and consumers set up while the broker is healthy, for the operations run during a fault. */
async function prepare(endpoint: RabbitMqEndpoint) {
  const open = () => RabbitMqTestBroker.open(endpoint, { namespace: namespace(), timeout: T });
  const [main, observing, closing, settling] = await Promise.all([open(), open(), open(), open()]);
  await observing.observe('observed');
  await closing.observe('observed');
  const queueBroker = settling.broker();
  await queueBroker.subscribe({ source: 'work', handler: () => undefined });
  // #region fault-cases
  const cases: FaultCase[] = [
    { op: 'open', bound: T, run: open },
    { op: 'publish', bound: T, run: () => main.publish('orders', { data: 1 }, { timeout: T }) },
    { op: 'consume', bound: T, run: () => main.consume('fresh', () => undefined) },
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
    { op: 'settle', bound: T, run: () => queueBroker.settle({ timeout: T }) },
    { op: 'close', bound: T, run: () => closing.close() },
    { op: 'checkDelivery', bound: T, run: () => checkCounting(() => main.newBroker(), T) },
  ];
  // #endregion fault-cases
  return { cases, all: [main, observing, closing, settling] };
}

/** After the fault: a new test broker publishes and receives; the old ones close (their vhosts deleted). */
async function expectRecovery(endpoint: RabbitMqEndpoint, old: RabbitMqTestBroker[]): Promise<void> {
  await using fresh = await RabbitMqTestBroker.open(endpoint, { namespace: namespace() });
  await fresh.publish('orders', { data: 'after the fault' });
  await expect(fresh.waitFor('orders')).resolves.toMatchObject([{ data: 'after the fault' }]);
  await Promise.allSettled(old.map((broker) => broker.close()));
}

function faultSuite(target: () => { endpoint: RabbitMqEndpoint; faults: FaultTarget }) {
  test('paused: every operation ends within its timeout + 1 s, saying the broker does not answer', async () => {
    const { endpoint, faults } = target();
    const { cases, all } = await prepare(endpoint);
    await faults.pause();
    try {
      expect(await runFaultCases(cases)).toMatchInlineSnapshot(`
        [
          {
            "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
            "op": "open",
            "state": "not answering",
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
      await faults.resume();
    }
    await expectRecovery(endpoint, all);
  }, 90_000);

  test('killed: every operation fails at once or within its timeout + 1 s, saying the broker is down', async () => {
    const { endpoint, faults } = target();
    const { cases, all } = await prepare(endpoint);
    await faults.kill();
    try {
      expect(downCodesMerged(await runFaultCases(cases))).toMatchInlineSnapshot(`
        [
          {
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "open",
            "state": "down",
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
            "code": "CONNECTION_LOST | UNREACHABLE",
            "op": "checkDelivery",
            "state": "down",
          },
        ]
      `);
    } finally {
      await faults.revive();
    }
    await expectRecovery(endpoint, all);
  }, 120_000);
}

describeWithImages(['rabbitmq'], 'fault suite: a RabbitMQ container paused or killed', () => {
  let rabbit: StartedRabbitMqContainer;
  beforeAll(async () => {
    rabbit = await new RabbitMqContainer()
      .withPullPolicy('never')
      .withProgress(() => undefined)
      .start();
  }, 120_000);
  afterAll(async () => {
    await rabbit?.stop();
  });
  faultSuite(() => ({
    endpoint: rabbit.getEndpoint(),
    faults: {
      pause: () => rabbit.faults.pause(),
      resume: () => rabbit.faults.unpause(),
      kill: async () => {
        const client = await getContainerRuntimeClient();
        await client.container.dockerode.getContainer(rabbit.getId()).kill();
      },
      revive: () => rabbit.faults.start(),
    },
  }));
});

// The machine's shared RabbitMQ is never paused or stopped: a TCP fault proxy in front of its AMQP and
// management ports stands in (a cut for a pause, refused connections for a death).
const amqpUrl = process.env.EVENTSPEC_AMQP_URL;
const unset = amqpUrl ? '' : ' — skipped: EVENTSPEC_AMQP_URL is not set';
describe.skipIf(!amqpUrl)(
  `fault suite: an external RabbitMQ behind a fault proxy, cut or refusing${unset}`,
  () => {
    let proxies: TcpFaultProxy[] = [];
    let endpoint: RabbitMqEndpoint;
    beforeAll(async () => {
      const real = rabbitMqEndpointFromUrl(amqpUrl!);
      const amqp = new URL(real.amqpUrl);
      const management = new URL(real.managementUrl);
      proxies = await Promise.all([
        TcpFaultProxy.start({ upstream: { host: amqp.hostname, port: Number(amqp.port || 5672) } }),
        TcpFaultProxy.start({
          upstream: { host: management.hostname, port: Number(management.port || 15672) },
        }),
      ]);
      endpoint = {
        ...real,
        amqpUrl: `amqp://${real.username}:${real.password}@${proxies[0]!.address}`,
        managementUrl: `http://${proxies[1]!.address}`,
      };
    });
    afterAll(async () => {
      await Promise.all(proxies.map((proxy) => proxy.close()));
    });
    const each = (action: (proxy: TcpFaultProxy) => void) => async () => {
      for (const proxy of proxies) action(proxy);
    };
    faultSuite(() => ({
      endpoint,
      faults: {
        pause: each((proxy) => proxy.cut()),
        resume: each((proxy) => proxy.heal()),
        kill: each((proxy) => proxy.refuse()),
        revive: each((proxy) => proxy.heal()),
      },
    }));
  },
);
