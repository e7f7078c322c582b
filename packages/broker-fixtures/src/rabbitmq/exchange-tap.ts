import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { Subscription } from '../messages/subscription.js';

/** A queue by name, or copies of what an exchange routes (`pattern`: the binding key, `#` by default). */
export type RabbitMqSource = string | { exchange: string; pattern?: string };

/** How a source is named in failure messages and recorded logs. */
export function sourceName(source: RabbitMqSource): string {
  return typeof source === 'string' ? source : `exchange ${source.exchange} (${source.pattern ?? '#'})`;
}

/**
 * Records copies of what `exchange` routes, without taking anything from the queues of the code under
 * test: an exclusive, auto-deleted queue bound with `pattern`, consumed without acks.
 */
export async function tapExchange(
  connection: ChannelModel,
  source: { exchange: string; pattern?: string },
  onMessage: (raw: ConsumeMessage) => void,
): Promise<Subscription> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.checkExchange(source.exchange);
  } catch (cause) {
    throw new BrokerError(
      BrokerErrorCode.InvalidOptions,
      `Cannot observe exchange '${source.exchange}': it does not exist in this test's vhost. Declare it first ` +
        '(or let the code under test declare it) before waiting for what it routes.',
      { cause },
    );
  }
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, source.exchange, source.pattern ?? '#');
  const { consumerTag } = await channel.consume(queue, (raw) => raw && onMessage(raw), { noAck: true });
  return { id: consumerTag, stop: () => channel.close().catch(() => undefined) };
}
