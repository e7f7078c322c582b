import { describe, expect, test } from 'vitest';
import { routes } from '../../src/broker/routing.js';
import { InMemoryQueueBroker, type Message, MessageRejected } from '../../src/index.js';

const msg = (id: string, key: string): Message => ({ id, type: 'Noted', key, data: null });

describe('AMQP routing', () => {
  test.each([
    ['direct', 'order.placed', 'order.placed', true],
    ['direct', 'order.placed', 'order.paid', false],
    ['fanout', 'ignored', 'anything', true],
    ['topic', 'order.*', 'order.placed', true],
    ['topic', 'order.*', 'order.eu.placed', false],
    ['topic', 'order.#', 'order.eu.placed', true],
    ['topic', 'order.#', 'order', true],
    ['topic', '#.placed', 'order.eu.placed', true],
    ['topic', '*.eu.*', 'order.eu.placed', true],
    ['topic', '*.eu.*', 'order.us.placed', false],
  ] as const)('%s binding %s for key %s: %s', (type, pattern, key, expected) => {
    expect(routes(type, pattern, key)).toBe(expected);
  });
});

describe('InMemoryQueueBroker', () => {
  test('exchanges route to bound queues by key; unroutable messages are dropped and kept for inspection', async () => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareExchange('orders', 'topic');
    await broker.declareQueue('eu');
    await broker.declareQueue('all');
    await broker.bindQueue('eu', 'orders', 'order.eu.*');
    await broker.bindQueue('all', 'orders', 'order.#');
    await broker.publish('orders', [
      msg('m1', 'order.eu.placed'),
      msg('m2', 'order.us.placed'),
      msg('m3', 'invoice.sent'),
    ]);
    expect(broker.messagesIn('eu').map((m) => m.id)).toEqual(['m1']);
    expect(broker.messagesIn('all').map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(broker.unroutable.map((m) => m.id)).toEqual(['m3']);
  });

  test('competing consumers share a queue round-robin; ack on resolve', async () => {
    await using broker = new InMemoryQueueBroker();
    const log: string[] = [];
    await broker.declareQueue('work');
    await broker.subscribe({ source: 'work', handler: (m) => void log.push(`a:${m.id}`) });
    await broker.subscribe({ source: 'work', handler: (m) => void log.push(`b:${m.id}`) });
    await broker.publish(
      'work',
      ['m1', 'm2', 'm3', 'm4'].map((id) => msg(id, 'k')),
    );
    await broker.settle();
    expect(log.sort()).toEqual(['a:m1', 'a:m3', 'b:m2', 'b:m4']);
    expect(broker.messagesIn('work')).toEqual([]);
  });

  test('a nacked message is requeued and redelivered, then dead-lettered through the dead-letter exchange', async () => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareExchange('dlx', 'fanout');
    await broker.declareQueue('payments', { deadLetterExchange: 'dlx' });
    await broker.declareQueue('payments.dead');
    await broker.bindQueue('payments.dead', 'dlx');
    const attempts: string[] = [];
    await broker.subscribe({
      source: 'payments',
      maxAttempts: 2,
      handler: (m, d) => {
        attempts.push(`${m.id}@${d.attempt}${d.redelivered ? ' redelivered' : ''}`);
        if (m.id !== 'ok') throw new Error('declined');
      },
    });
    await broker.publish('payments', [msg('bad', 'k'), msg('ok', 'k')]);
    await broker.settle();
    expect(attempts).toEqual(['bad@1', 'bad@2 redelivered', 'ok@1']);
    expect(broker.messagesIn('payments.dead').map((m) => m.id)).toEqual(['bad']);
    expect(broker.deadLetters.map((d) => [d.message.id, d.source, d.attempts])).toEqual([
      ['bad', 'payments', 2],
    ]);
  });

  test('MessageRejected dead-letters at once, without requeue', async () => {
    await using broker = new InMemoryQueueBroker();
    const attempts: number[] = [];
    await broker.subscribe({
      source: 'payments',
      handler: (_, d) => {
        attempts.push(d.attempt);
        throw new MessageRejected('malformed');
      },
    });
    await broker.publish('payments', [msg('bad', 'k')]);
    await broker.settle();
    expect([attempts, broker.deadLetters.map((d) => d.attempts)]).toEqual([[1], [1]]);
  });

  test('a consumer that crashes with unacked messages: they go to the other consumer, marked redelivered', async () => {
    await using broker = new InMemoryQueueBroker();
    const log: string[] = [];
    const stuck = await broker.subscribe({
      source: 'work',
      concurrency: 2,
      handler: () => new Promise(() => {}),
    });
    await broker.publish('work', [msg('m1', 'k'), msg('m2', 'k')]);
    await new Promise((resolve) => setImmediate(resolve));
    stuck.crash();
    await broker.subscribe({
      source: 'work',
      handler: (m, d) => void log.push(`${m.id}@${d.attempt} ${d.redelivered}`),
    });
    await broker.settle();
    expect(log).toEqual(['m1@2 true', 'm2@2 true']);
  });

  test('mistakes name the missing exchange or the conflicting declaration', async () => {
    await using broker = new InMemoryQueueBroker();
    await expect(broker.publish('nowhere', [])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: InMemoryQueueBroker.publish(): there is no exchange or queue named "nowhere" (AMQP NOT_FOUND); declare it first with declareExchange() or declareQueue().]`,
    );
    await broker.declareExchange('orders', 'topic');
    await expect(broker.declareExchange('orders', 'fanout')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecError: Exchange "orders" already exists as topic, so it cannot be declared fanout (AMQP PRECONDITION_FAILED); use another name.]`,
    );
  });

  test('an option value that cannot be turned into a string is still refused with a coded error', async () => {
    await using broker = new InMemoryQueueBroker();
    const unprintable = { toString: false };
    const refused = await broker
      .subscribe({ source: 'q', handler: () => {}, concurrency: unprintable } as never)
      .catch((error: { code: string; message: string }) => `${error.code}: ${error.message}`);
    expect(refused).toMatchInlineSnapshot(`
      "EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.subscribe() cannot start a consumer:
        - \`concurrency\` must be a whole number ≥ 1, got { toString: false }"
    `);
  });
});
