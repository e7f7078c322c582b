import { describe, expect, test } from 'vitest';
import {
  BrokerConformanceFailure,
  type BrokerFeatures,
  checkBrokerConformance,
} from '../../src/conformance/index.js';
import { type Broker, InMemoryTopicBroker, type SubscribeOptions } from '../../src/index.js';

const features: BrokerFeatures = {
  orderPerKey: true,
  redelivery: true,
  deadLetter: 'dead-letter-topic',
  crash: true,
  competingConsumers: true,
  isolatedNamespaces: true,
};

// #region broken-adapter
/** A broken adapter: it acknowledges each message as it arrives and runs the handler afterwards. */
class AcksBeforeHandling implements Broker {
  readonly model = 'log' as const;
  readonly #inner = new InMemoryTopicBroker();
  publish = this.#inner.publish.bind(this.#inner);
  settle = this.#inner.settle.bind(this.#inner);
  close = this.#inner.close.bind(this.#inner);
  subscribe(options: SubscribeOptions) {
    return this.#inner.subscribe({
      ...options,
      handler: (message, delivery) => {
        void Promise.resolve()
          .then(() => options.handler(message, delivery))
          .catch(() => undefined);
      },
    });
  }
  async [Symbol.asyncDispose]() {
    await this.close();
  }
}
// #endregion broken-adapter

describe('checkBrokerConformance', () => {
  test('a correct adapter passes every scenario', async () => {
    const results = await checkBrokerConformance({ open: () => new InMemoryTopicBroker(), features });
    expect(results.map((result) => result.status)).toEqual(Array(9).fill('passed'));
  });

  test('an adapter that acks before handling fails, saying which rule it broke and what to fix', async () => {
    const results = await checkBrokerConformance({
      open: () => new AcksBeforeHandling(),
      features,
      timeout: 500,
    });
    const failures = results.flatMap((result) => (result.status === 'failed' ? [result.error] : []));
    expect(failures.every((error) => error instanceof BrokerConformanceFailure)).toBe(true);
    expect(failures.map((error) => (error as Error).message)).toMatchInlineSnapshot(`
      [
        "Broker conformance, "redelivers a message whose handler threw": a handler that throws gets the same message again, attempt 2, marked redelivered.
        expected: [["m-1",1,false],["m-1",2,true]]
        actual:   [["m-1",1,false]]
        A message must be acknowledged only after its handler resolved: nack (or leave unacked) when it throws, and count deliveries.",
        "Broker conformance, "dead-letters a rejected message at once": MessageRejected sends the message to payments.dead-letter without another attempt.
        expected: {"calls":1,"deadLetters":["m-7"]}
        actual:   {"calls":1,"deadLetters":[]}
        Catch MessageRejected in the adapter: publish the message to its dead-letter destination, then acknowledge it.",
        "Broker conformance, "dead-letters a message that failed maxAttempts times": a message failing maxAttempts (3) times goes to payments.dead-letter.
        expected: {"attempts":[1,2,3],"deadLetters":["m-8"]}
        actual:   {"attempts":[1],"deadLetters":[]}
        Count deliveries per message and dead-letter on the last allowed attempt instead of redelivering forever.",
        "Broker conformance, "gives a crashed consumer's unacknowledged message to the next consumer": a message the crashed consumer never acknowledged is handled by the next consumer.
        expected: ["m-1"]
        actual:   []
        crash() must not acknowledge (or commit) the message in flight, and the broker must redeliver it.",
      ]
    `);
    expect((failures[0] as BrokerConformanceFailure).code).toBe('EVENTSPEC_BROKER_CONFORMANCE_FAILED');
  });

  test('scenarios of undeclared features are skipped with the reason', async () => {
    const results = await checkBrokerConformance({
      open: () => new InMemoryTopicBroker(),
      features: { ...features, crash: false, deadLetter: false },
    });
    expect(results.filter((result) => result.status === 'skipped')).toMatchInlineSnapshot(`
      [
        {
          "reason": "the adapter does not declare deadLetter",
          "scenario": "dead-letters a rejected message at once",
          "status": "skipped",
        },
        {
          "reason": "the adapter does not declare deadLetter",
          "scenario": "dead-letters a message that failed maxAttempts times",
          "status": "skipped",
        },
        {
          "reason": "the adapter does not declare crash",
          "scenario": "gives a crashed consumer's unacknowledged message to the next consumer",
          "status": "skipped",
        },
      ]
    `);
  });
});
