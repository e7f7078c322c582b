import type { Broker, Subscription } from '../broker/broker.js';
import type { Message } from '../broker/message.js';
import { MessageRejected } from '../broker/message-rejected.js';
import type { BrokerFeature } from './broker-features.js';
import { expectSame } from './conformance-failure.js';
import { prepareSource } from './prepare-source.js';

/** One rule of the conformance suite, run on fresh brokers from the adapter's `open()`. */
export interface ConformanceScenario {
  name: string;
  /** The feature it checks; skipped when the adapter does not declare it. */
  feature: BrokerFeature;
  /** How many brokers it needs (2: two namespaces). */
  brokers: 1 | 2;
  run(brokers: readonly Broker[], settings: { timeout: number }): Promise<void>;
}

const order = (n: number, key = `o-${n}`): Message => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key,
  data: { orderId: key, total: 100 * n },
  headers: { 'trace-id': `t-${n}` },
});

const ids = (messages: readonly Message[]) => messages.map((message) => message.id);

/** The scenarios every adapter is checked against, in the order they run. */
export const conformanceScenarios: readonly ConformanceScenario[] = [
  {
    name: 'delivers every message once, with its id, type, key, data and headers',
    feature: 'delivery',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'orders');
      const seen: Message[] = [];
      await broker!.subscribe({ source: 'orders', group: 'billing', handler: (m) => void seen.push(m) });
      await broker!.publish('orders', [order(1), order(2), order(3)]);
      await broker!.settle({ timeout });
      const rule = 'each published message reaches the handler exactly once, as it was published.';
      expectSame(
        this.name,
        rule,
        [...ids(seen)].sort(),
        ['m-1', 'm-2', 'm-3'],
        'Check that publish sends every message and subscribe acknowledges only what the handler resolved.',
      );
      expectSame(
        this.name,
        rule,
        seen.find((m) => m.id === 'm-2'),
        order(2),
        'Check the conversion between core Message and the client: id, type, key, data (JSON) and headers must survive the round trip.',
      );
    },
  },
  {
    name: 'does not deliver an acknowledged message again',
    feature: 'delivery',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'orders');
      const first: Message[] = [];
      const before = await broker!.subscribe({
        source: 'orders',
        group: 'billing',
        handler: (m) => void first.push(m),
      });
      await broker!.publish('orders', [order(1), order(2)]);
      await broker!.settle({ timeout });
      await before.stop();
      const second: Message[] = [];
      await broker!.subscribe({ source: 'orders', group: 'billing', handler: (m) => void second.push(m) });
      await broker!.publish('orders', [order(3)]);
      await broker!.settle({ timeout });
      expectSame(
        this.name,
        'a message acknowledged by one consumer of a group is not handled by the next one.',
        ids(second),
        ['m-3'],
        'An adapter that commits or acks late (or never) hands acknowledged messages to the next consumer.',
      );
    },
  },
  {
    name: 'keeps the order of each key',
    feature: 'orderPerKey',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'orders');
      const seen: Message[] = [];
      await broker!.subscribe({ source: 'orders', group: 'billing', handler: (m) => void seen.push(m) });
      await broker!.publish(
        'orders',
        [1, 2, 3, 4, 5, 6].map((n) => order(n, n % 2 === 0 ? 'even' : 'odd')),
      );
      await broker!.settle({ timeout });
      const byKey = (key: string) => ids(seen.filter((m) => m.key === key));
      expectSame(
        this.name,
        'messages of one key reach the handler in publish order.',
        { odd: byKey('odd'), even: byKey('even') },
        { odd: ['m-1', 'm-3', 'm-5'], even: ['m-2', 'm-4', 'm-6'] },
        'Partition by key (or keep one stream per key) and hand a key its next message only after the previous one was acknowledged.',
      );
    },
  },
  {
    name: 'redelivers a message whose handler threw',
    feature: 'redelivery',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'payments');
      const attempts: Array<[string, number, boolean]> = [];
      await broker!.subscribe({
        source: 'payments',
        group: 'billing',
        handler: (message, delivery) => {
          attempts.push([message.id, delivery.attempt, delivery.redelivered]);
          if (delivery.attempt === 1) throw new Error('transient failure');
        },
      });
      await broker!.publish('payments', [order(1)]);
      await broker!.settle({ timeout });
      expectSame(
        this.name,
        'a handler that throws gets the same message again, attempt 2, marked redelivered.',
        attempts,
        [
          ['m-1', 1, false],
          ['m-1', 2, true],
        ],
        'A message must be acknowledged only after its handler resolved: nack (or leave unacked) when it throws, and count deliveries.',
      );
    },
  },
  {
    name: 'dead-letters a rejected message at once',
    feature: 'deadLetter',
    brokers: 1,
    async run([broker], { timeout }) {
      const { deadLetters } = await prepareSource(broker!, 'payments', { deadLetters: true });
      let calls = 0;
      const dead: Message[] = [];
      await broker!.subscribe({
        source: 'payments',
        group: 'billing',
        handler: () => {
          calls++;
          throw new MessageRejected('not a valid payment');
        },
      });
      await broker!.subscribe({ source: deadLetters, group: 'ops', handler: (m) => void dead.push(m) });
      await broker!.publish('payments', [order(7)]);
      await broker!.settle({ timeout });
      await broker!.settle({ timeout });
      expectSame(
        this.name,
        `MessageRejected sends the message to ${deadLetters} without another attempt.`,
        { calls, deadLetters: ids(dead) },
        { calls: 1, deadLetters: ['m-7'] },
        'Catch MessageRejected in the adapter: publish the message to its dead-letter destination, then acknowledge it.',
      );
    },
  },
  {
    name: 'dead-letters a message that failed maxAttempts times',
    feature: 'deadLetter',
    brokers: 1,
    async run([broker], { timeout }) {
      const { deadLetters } = await prepareSource(broker!, 'payments', { deadLetters: true });
      const attempts: number[] = [];
      const dead: Message[] = [];
      await broker!.subscribe({
        source: 'payments',
        group: 'billing',
        maxAttempts: 3,
        handler: (_, delivery) => {
          attempts.push(delivery.attempt);
          throw new Error('poison');
        },
      });
      await broker!.subscribe({ source: deadLetters, group: 'ops', handler: (m) => void dead.push(m) });
      await broker!.publish('payments', [order(8)]);
      await broker!.settle({ timeout });
      await broker!.settle({ timeout });
      expectSame(
        this.name,
        `a message failing maxAttempts (3) times goes to ${deadLetters}.`,
        { attempts, deadLetters: ids(dead) },
        { attempts: [1, 2, 3], deadLetters: ['m-8'] },
        'Count deliveries per message and dead-letter on the last allowed attempt instead of redelivering forever.',
      );
    },
  },
  {
    name: "gives a crashed consumer's unacknowledged message to the next consumer",
    feature: 'crash',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'orders');
      let release: () => void = () => undefined;
      const hung = new Promise<void>((resolve) => {
        release = resolve;
      });
      const taken: string[] = [];
      const crashing = (await broker!.subscribe({
        source: 'orders',
        group: 'billing',
        handler: async (message) => {
          taken.push(message.id);
          await hung;
        },
      })) as Subscription & { crash?: () => unknown };
      try {
        await broker!.publish('orders', [order(1)]);
        await until(() => taken.length > 0, timeout);
        expectSame(
          this.name,
          'the first consumer receives the message.',
          taken,
          ['m-1'],
          'The message never reached the first consumer.',
        );
        if (typeof crashing.crash !== 'function') {
          expectSame(
            this.name,
            'subscriptions of an adapter declaring `crash` have a crash() method.',
            typeof crashing.crash,
            'function',
            'Add crash(): stop the consumer without acknowledging what it has in flight.',
          );
          return;
        }
        // The process dies mid-handler: whatever its handler does afterwards must not acknowledge anything.
        const crashed = crashing.crash();
        release();
        await crashed;
        const next: Message[] = [];
        await broker!.subscribe({ source: 'orders', group: 'billing', handler: (m) => void next.push(m) });
        await until(() => next.length > 0, timeout);
        await broker!.settle({ timeout });
        expectSame(
          this.name,
          'a message the crashed consumer never acknowledged is handled by the next consumer.',
          ids(next),
          ['m-1'],
          'crash() must not acknowledge (or commit) the message in flight, and the broker must redeliver it.',
        );
      } finally {
        release();
      }
    },
  },
  {
    name: "shares a group's messages between competing consumers",
    feature: 'competingConsumers',
    brokers: 1,
    async run([broker], { timeout }) {
      await prepareSource(broker!, 'orders');
      const handled: Message[] = [];
      for (let consumer = 0; consumer < 2; consumer++) {
        await broker!.subscribe({ source: 'orders', group: 'billing', handler: (m) => void handled.push(m) });
      }
      await broker!.publish(
        'orders',
        [1, 2, 3, 4, 5, 6, 7, 8].map((n) => order(n)),
      );
      await broker!.settle({ timeout });
      expectSame(
        this.name,
        'two consumers of one group handle each message once in all.',
        [...ids(handled)].sort(),
        ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7', 'm-8'],
        'Consumers of one group must share the messages (consumer group, durable consumer, competing queue consumers), not each get all of them.',
      );
    },
  },
  {
    name: 'keeps namespaces apart',
    feature: 'isolatedNamespaces',
    brokers: 2,
    async run([one, two], { timeout }) {
      const seen: Message[][] = [[], []];
      for (const [index, broker] of [one!, two!].entries()) {
        await prepareSource(broker, 'orders');
        await broker.subscribe({
          source: 'orders',
          group: 'billing',
          handler: (m) => void seen[index]!.push(m),
        });
      }
      await one!.publish('orders', [order(1)]);
      await two!.publish('orders', [order(2)]);
      await one!.settle({ timeout });
      await two!.settle({ timeout });
      expectSame(
        this.name,
        'two brokers from open() never see each other’s messages.',
        seen.map(ids),
        [['m-1'], ['m-2']],
        'open() must give every broker a namespace of its own (prefixed topics, a vhost, a stream, a key prefix).',
      );
    },
  },
];

async function until(condition: () => boolean, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
