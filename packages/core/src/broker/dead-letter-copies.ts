import type { Message } from './message.js';
import { shown } from './subscribe-options.js';

/**
 * The copy a dead-letter topic gets: the message with where it came from and why it failed, in the headers
 * Spring Kafka's dead-letter publisher writes (`kafka_dlt-original-topic`, `-partition`, `-offset`,
 * `kafka_dlt-exception-message`).
 */
export function deadLetterTopicCopy(
  message: Message,
  topic: string,
  partition: number,
  offset: number,
  error: unknown,
): Message {
  const reason = error instanceof Error ? error.message : shown(error);
  return {
    ...message,
    headers: {
      ...message.headers,
      'kafka_dlt-original-topic': topic,
      'kafka_dlt-original-partition': String(partition),
      'kafka_dlt-original-offset': String(offset),
      'kafka_dlt-exception-message': reason,
      ...(error instanceof Error ? { 'kafka_dlt-exception-fqcn': error.name } : {}),
    },
  };
}

/**
 * The copy a dead-letter exchange gets, with RabbitMQ's death headers: `x-death` (the JSON of its one
 * entry: queue, reason, count, exchange, routing keys, time) and the `x-first-death-*` fields.
 */
export function deadLetterExchangeCopy(
  queue: string,
  entry: { message: Message; deliveries: number },
  error: unknown,
): Message {
  const reason = 'rejected';
  const death = [
    {
      count: entry.deliveries,
      reason,
      queue,
      time: new Date().toISOString(),
      exchange: '',
      'routing-keys': [entry.message.key],
      ...(error instanceof Error ? { error: `${error.name}: ${error.message}` } : {}),
    },
  ];
  return {
    ...entry.message,
    headers: {
      ...entry.message.headers,
      'x-death': JSON.stringify(death),
      'x-first-death-queue': queue,
      'x-first-death-reason': reason,
      'x-first-death-exchange': '',
    },
  };
}
