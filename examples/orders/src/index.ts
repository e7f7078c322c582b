export type { Envelope, ShippingCommand, ShippingEvent } from './causality/shipping-request.js';
export { shipping } from './causality/shipping-request.js';
export type {
  CheckoutCommand,
  CheckoutInput,
  CheckoutState,
  PaymentTimedOut,
} from './checkout/checkout-process.js';
export { checkout, paymentIdFor, paymentTimeout, timeoutId } from './checkout/checkout-process.js';
export type { OrderPlacedV2Body } from './consumers/revenue-ledger.js';
export { bookRevenue, eurPerCent, RevenueLedger } from './consumers/revenue-ledger.js';
export type {
  OrderCancelledV1,
  OrderPlacedV1,
  OrderPlacedV2,
  StoredOrderEvent,
} from './evolution/stored-order-events.js';
export { legacySku, orderUpcasters } from './evolution/stored-order-events.js';
export type { MessageMetadata, WithMetadata } from './messages/message-metadata.js';
export { idCausedBy } from './messages/message-metadata.js';
export type { OrderState, OrderStatus } from './orders/order.js';
export { OrderRejected, order } from './orders/order.js';
export type { OrderCommand, OrderEvent, OrderLine } from './orders/order-messages.js';
export type { PaymentState } from './payments/payment.js';
export { PaymentRejected, payment } from './payments/payment.js';
export type { PaymentCommand, PaymentEvent } from './payments/payment-messages.js';
export { chargeWithInbox, relayOutbox } from './payments-service/charge-consumer.js';
export { InMemoryPaymentStore } from './payments-service/in-memory-payment-store.js';
export type { PaymentStore, PaymentTransaction } from './payments-service/payment-store.js';
export { PostgresPaymentStore } from './payments-service/postgres-payment-store.js';
export type { CustomerOrders } from './read-models/customer-orders.js';
export { customerOrders } from './read-models/customer-orders.js';
export type { CustomerSummary } from './read-models/postgres-customer-orders.js';
export { PostgresCustomerOrders } from './read-models/postgres-customer-orders.js';
export { cardLimit, ordersSystem } from './system/orders-system.js';
