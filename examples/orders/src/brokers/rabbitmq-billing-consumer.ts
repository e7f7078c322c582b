import { type Channel, type ChannelModel, connectAmqp } from '@eventspec/broker-fixtures/rabbitmq';
import type { BillingLedger, OrderPlacedMessage } from './billing-ledger.js';
import type { RunningConsumer } from './kafka-billing-consumer.js';

// #region rabbitmq-consumer
/**
 * Charges orders from a RabbitMQ queue. Retry guidance: durable queue, manual ack after the effect is
 * applied (an ack lost in a crash means a redelivery, never a loss), nack-requeue on failure, and
 * reconnect with backoff when the connection drops (broker restart, network cut); the ledger makes the
 * redeliveries harmless.
 */
export function startRabbitMqBilling(options: {
  url: string;
  queue: string;
  ledger: BillingLedger;
}): RunningConsumer {
  let stopped = false;
  let connection: ChannelModel | undefined;
  let wake: () => void = () => undefined;

  const consumeUntilClosed = async () => {
    connection = await connectAmqp(options.url, 'billing');
    const closed = new Promise<void>((resolve) => {
      wake = resolve;
      connection?.on('close', () => resolve());
      connection?.on('error', () => undefined);
    });
    const channel: Channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await channel.assertQueue(options.queue, { durable: true });
    await channel.prefetch(5);
    await channel.consume(options.queue, (delivery) => {
      if (!delivery) return;
      try {
        options.ledger.apply(JSON.parse(delivery.content.toString()) as OrderPlacedMessage);
        channel.ack(delivery);
      } catch {
        channel.nack(delivery, false, true);
      }
    });
    await closed;
  };

  const loop = (async () => {
    let backoff = 100;
    while (!stopped) {
      try {
        await consumeUntilClosed();
        backoff = 100;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 2000);
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      await connection?.close().catch(() => undefined);
      wake();
      await loop;
    },
  };
}
// #endregion rabbitmq-consumer
