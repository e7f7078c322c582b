import type { Broker, QueueBroker } from '../broker/broker.js';

/**
 * Makes `source` consumable on `broker` and says where its dead letters can be read: on the `log`
 * model nothing to declare and dead letters on `<source>.dead-letter`; on the `queue` model the queue is
 * declared, with a fanout dead-letter exchange bound to a `<source>.dead` queue when asked.
 */
export async function prepareSource(
  broker: Broker,
  source: string,
  options: { deadLetters?: boolean } = {},
): Promise<{ deadLetters: string }> {
  if (broker.model === 'log') return { deadLetters: `${source}.dead-letter` };
  const queues = broker as QueueBroker;
  const deadLetters = `${source}.dead`;
  if (!options.deadLetters) {
    await queues.declareQueue(source);
    return { deadLetters };
  }
  await queues.declareExchange(`${source}.dlx`, 'fanout');
  await queues.declareQueue(source, { deadLetterExchange: `${source}.dlx` });
  await queues.declareQueue(deadLetters);
  await queues.bindQueue(deadLetters, `${source}.dlx`);
  return { deadLetters };
}
