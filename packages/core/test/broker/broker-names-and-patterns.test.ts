// Names and binding patterns an in-memory broker is given: found by sweeping the hostile broker property
// over richer junk (fast-check's `anything`). A name that is not a non-empty string was a raw TypeError
// (`declareQueue({ toString: null })`), a second unreachable queue (`declareQueue(5)`), or a crash at the
// next publish (`bindQueue('q', 'x', 5)`: `pattern.split is not a function`); a topic binding with many `#`
// words took exponential time in publish (12 of them against 24 words: a minute).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { routes } from '../../src/broker/routing.js';
import { InMemoryQueueBroker, InMemoryTopicBroker, type Message } from '../../src/index.js';

const msg = (id: string, key: string): Message => ({ id, type: 'Noted', key, data: null });

async function failure(call: () => Promise<unknown>): Promise<string> {
  const error = await call().then(
    () => undefined,
    (thrown: Error & { code?: string }) => thrown,
  );
  return error === undefined ? 'no error' : `${error.constructor.name} ${error.code}: ${error.message}`;
}

describe('names and patterns that are not strings are coded errors', () => {
  test('queue broker: queue, exchange, exchange type, binding pattern, dead-letter exchange', async () => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareExchange('orders', 'topic');
    await broker.declareQueue('billing');
    const junk = { toString: null } as never;
    expect([
      await failure(() => broker.declareQueue(junk)),
      await failure(() => broker.declareQueue(5 as never)),
      await failure(() => broker.declareQueue('dead', { deadLetterExchange: 7 as never })),
      await failure(() => broker.declareExchange('', 'topic')),
      await failure(() => broker.declareExchange('headers', 'headers' as never)),
      await failure(() => broker.bindQueue('billing', 'orders', 5 as never)),
      await failure(() => broker.bindQueue(junk, 'orders')),
    ]).toMatchInlineSnapshot(`
      [
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.declareQueue(queue, options): the queue name is { toString: null }, not a name; pass a non-empty string.",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.declareQueue(queue, options): the queue name is 5, not a name; pass a non-empty string.",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: declareQueue("dead"): \`deadLetterExchange\` must name an exchange, got 7",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.declareExchange(exchange, type): the exchange name is "", not a name; pass a non-empty string.",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.declareExchange(exchange, type): the exchange type is "headers"; the in-memory broker knows "direct", "topic" and "fanout".",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.bindQueue(queue, exchange, pattern): the binding pattern is 5; pass a string such as "order.*.placed", "order.#" or "" (direct exchanges compare it with the key).",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryQueueBroker.bindQueue(queue, exchange, pattern): the queue name is { toString: null }, not a name; pass a non-empty string.",
      ]
    `);
    // Nothing half-declared: a publish afterwards still routes as before.
    await broker.bindQueue('billing', 'orders', 'order.#');
    await broker.publish('orders', [msg('m1', 'order.placed')]);
    expect(broker.messagesIn('billing').map((m) => m.id)).toEqual(['m1']);
  });

  test('topic broker: topic and consumer group names, fromBeginning', async () => {
    await using broker = new InMemoryTopicBroker();
    const handler = () => {};
    expect([
      await failure(() => broker.createTopic({ toString: null } as never)),
      await failure(() =>
        broker.subscribe({ source: 'orders', group: { toString: null } as never, handler }),
      ),
      await failure(() =>
        broker.subscribe({ source: 'orders', group: '', fromBeginning: 'yes' as never, handler }),
      ),
    ]).toMatchInlineSnapshot(`
      [
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryTopicBroker.createTopic(topic, options): the topic name is { toString: null }, not a name; pass a non-empty string.",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryTopicBroker.subscribe() cannot start a consumer:
        - \`group\` must name the consumer group, got { toString: null }",
        "EventspecUsageError EVENTSPEC_BROKER_BAD_OPTION: InMemoryTopicBroker.subscribe() cannot start a consumer:
        - \`group\` must name the consumer group, got ""
        - \`fromBeginning\` must be true or false, got "yes"",
      ]
    `);
  });
});

/** The matcher routing.ts had before: right, but exponential in the number of `#` words. The oracle. */
function slowMatch(pattern: string[], p: number, words: string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const part = pattern[p];
  if (part === '#') {
    for (let skip = w; skip <= words.length; skip++) if (slowMatch(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (part === '*' || part === words[w]) && slowMatch(pattern, p + 1, words, w + 1);
}

describe('topic exchange routing', () => {
  test('agrees with the word-by-word backtracking matcher on every small pattern and key', () => {
    const word = fc.constantFrom('a', 'b', '');
    const patternWord = fc.constantFrom('a', 'b', '*', '#', '');
    fc.assert(
      fc.property(
        fc.array(patternWord, { minLength: 1, maxLength: 7 }),
        fc.array(word, { minLength: 1, maxLength: 8 }),
        (pattern, words) => {
          expect(routes('topic', pattern.join('.'), words.join('.'))).toBe(slowMatch(pattern, 0, words, 0));
        },
      ),
      { seed: 1, numRuns: 3000 },
    );
  });

  test('a binding of 40 `#` words against an 80-word key is decided at once (it was exponential)', async () => {
    // With the old matcher this publish would not return in our lifetime: the test worker hangs and the
    // watchdog fails the file.
    await using broker = new InMemoryQueueBroker();
    await broker.declareExchange('x', 'topic');
    await broker.declareQueue('q');
    await broker.bindQueue('q', 'x', `${Array.from({ length: 40 }, () => '#').join('.')}.z`);
    const key = Array.from({ length: 80 }, () => 'a').join('.');
    await broker.publish('x', [msg('m1', key), msg('m2', `${key}.z`)]);
    expect([broker.messagesIn('q').map((m) => m.id), broker.unroutable.map((m) => m.id)]).toEqual([
      ['m2'],
      ['m1'],
    ]);
  });
});
