import type { Broker, Message } from '@eventspec/core';
import type { BillingLedger, OrderPlacedMessage } from '../../src/brokers/billing-ledger.js';

// #region billing-on-broker
/**
 * The billing consumer written against eventspec's `Broker` interface: production starts it on Kafka or
 * RabbitMQ, the tests on an in-memory broker, and `checkDelivery({ broker })` on a fresh real one per run.
 */
export function startBilling(broker: Broker, ledger: BillingLedger) {
  return broker.subscribe({
    source: 'orders',
    group: 'billing',
    handler: (message) => {
      ledger.apply((message as Message<OrderPlacedMessage>).data);
    },
  });
}
// #endregion billing-on-broker

/** An OrderPlaced message as the orders service publishes it. */
export function orderPlaced(n: number, orderId = `o-${n}`): Message<OrderPlacedMessage> {
  const messageId = `m-${n}`;
  return {
    id: messageId,
    type: 'OrderPlaced',
    key: orderId,
    data: { messageId, orderId, customerId: `c-${n % 3}`, total: 100 * n },
  };
}
