import { describe, expectTypeOf, test } from 'vitest';
import type { MessageLog, ReceivedMessage } from '../../src/index.js';
import type { KafkaTestBroker } from '../../src/kafka.js';
import type { RabbitMqTestBroker } from '../../src/rabbitmq.js';

interface OrderPlaced {
  type: 'OrderPlaced';
  orderId: string;
}

describe('types of the helpers', () => {
  test('waitFor narrows the data type for the predicate and the result', () => {
    expectTypeOf<KafkaTestBroker['waitFor']>().toBeFunction();
    type KafkaWait = ReturnType<typeof waitOnKafka>;
    expectTypeOf<KafkaWait>().resolves.toEqualTypeOf<ReceivedMessage<OrderPlaced>[]>();
    type RabbitWait = ReturnType<typeof waitOnRabbit>;
    expectTypeOf<RabbitWait>().resolves.toEqualTypeOf<ReceivedMessage<OrderPlaced>[]>();
  });

  test('a predicate sees the typed data', () => {
    const check = (log: MessageLog) =>
      log.waitFor<OrderPlaced>((message) => {
        expectTypeOf(message.data.orderId).toBeString();
        // @ts-expect-error: OrderPlaced has no amount
        return message.data.amount > 0;
      });
    expectTypeOf(check).returns.resolves.items.toEqualTypeOf<ReceivedMessage<OrderPlaced>>();
  });
});

function waitOnKafka(kafka: KafkaTestBroker) {
  return kafka.waitFor<OrderPlaced>('orders', (message) => message.data.orderId === 'o-1');
}

function waitOnRabbit(rabbit: RabbitMqTestBroker) {
  return rabbit.waitFor<OrderPlaced>('orders', (message) => message.data.type === 'OrderPlaced');
}
