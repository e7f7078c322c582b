import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TcpFaultProxy } from '../../src/index.js';
import { NatsTestBroker } from '../../src/nats.js';
import { RedisTestBroker } from '../../src/redis.js';
import { checkCounting, downCodesMerged, type FaultCase, runFaultCases } from './fault-cases.js';

// The fault suite on NATS JetStream and Redis Streams: the machine's shared servers are never stopped; a TCP
// fault proxy in front of each stands in (a cut for a paused server, refused connections for a dead one).
// Every operation returns within its timeout + 1 s with a coded error naming the state; the server serves
// again once the fault is healed.
const T = 1500;
let sequence = 0;

type AnyTestBroker = NatsTestBroker | RedisTestBroker;
const servers = [
  {
    name: 'NATS',
    url: process.env.EVENTSPEC_NATS_URL,
    scheme: 'nats',
    open: (url: string, namespace: string, timeout?: number) =>
      NatsTestBroker.open({ url }, { namespace, ...(timeout ? { timeout } : {}) }),
  },
  {
    name: 'Redis',
    url: process.env.EVENTSPEC_REDIS_URL,
    scheme: 'redis',
    open: (url: string, namespace: string, timeout?: number) =>
      RedisTestBroker.open({ url }, { namespace, ...(timeout ? { timeout } : {}) }),
  },
];

for (const server of servers) {
  const unset = server.url ? '' : ` — skipped: EVENTSPEC_${server.name.toUpperCase()}_URL is not set`;
  describe.skipIf(!server.url)(`fault suite: an external ${server.name} behind a fault proxy${unset}`, () => {
    let proxy: TcpFaultProxy;
    let url: string;
    beforeAll(async () => {
      const real = new URL(server.url!);
      proxy = await TcpFaultProxy.start({ upstream: { host: real.hostname, port: Number(real.port) } });
      url = `${server.scheme}://${real.username ? `${real.username}:${real.password}@` : ''}${proxy.address}`;
    });
    afterAll(async () => {
      await proxy?.close();
    });
    const open = (timeout?: number): Promise<AnyTestBroker> =>
      server.open(url, `es_sfaults-${Date.now().toString(36)}_w.${++sequence}_stream-faults`, timeout);

    async function prepare() {
      const [main, observing, closing, settling] = await Promise.all([open(), open(), open(T), open()]);
      await Promise.all([observing.observe('observed'), closing.observe('observed')]);
      const broker = settling.broker();
      await broker.subscribe({ source: 'work', handler: () => undefined });
      const cases: FaultCase[] = [
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
        { op: 'settle', bound: T, run: () => broker.settle({ timeout: T }) },
        { op: 'close', bound: T, run: () => closing.close() },
        { op: 'checkDelivery', bound: T, run: () => checkCounting(() => main.newBroker(), T) },
      ];
      return { cases, all: [main, observing, closing, settling] };
    }

    async function expectRecovery(old: AnyTestBroker[]): Promise<void> {
      await using fresh = await open();
      await fresh.publish('orders', { data: 'after the fault' });
      await expect(fresh.waitFor('orders')).resolves.toMatchObject([{ data: 'after the fault' }]);
      await Promise.allSettled(old.map((broker) => broker.close()));
    }

    test('paused (network cut): every operation ends within its timeout + 1 s, naming the state', async () => {
      const { cases, all } = await prepare();
      proxy.cut();
      let outcomes: Awaited<ReturnType<typeof runFaultCases>>;
      try {
        outcomes = await runFaultCases(cases);
      } finally {
        proxy.heal();
      }
      expect(outcomes.filter((outcome) => outcome.state !== 'not answering')).toEqual([]);
      await expectRecovery(all);
    }, 90_000);

    test('killed (connections refused): every operation ends within its timeout + 1 s, naming the state', async () => {
      const { cases, all } = await prepare();
      proxy.refuse();
      let outcomes: Awaited<ReturnType<typeof runFaultCases>>;
      try {
        outcomes = downCodesMerged(await runFaultCases(cases));
      } finally {
        proxy.heal();
      }
      expect(outcomes.filter((outcome) => outcome.state === 'unnamed')).toEqual([]);
      await expectRecovery(all);
    }, 90_000);
  });
}
