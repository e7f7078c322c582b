import type { Message } from '@eventspec/core';
import type { OrderEvent } from '../orders/order-messages.js';
import { type CustomerOrders, customerOrders } from '../read-models/customer-orders.js';

/** An order event as the read side receives it; `key` is the order id. */
export type OrderEventMessage = Message<OrderEvent['data'], OrderEvent['type']>;

/** Where the "my orders" read model lives; `load` and `save` are the round trips. */
export class ReadModelStore {
  private model: CustomerOrders =
    customerOrders.initialState instanceof Function
      ? customerOrders.initialState()
      : customerOrders.initialState;

  async load(): Promise<CustomerOrders> {
    return this.model;
  }

  async save(model: CustomerOrders): Promise<void> {
    this.model = model;
  }

  /** What the page shows: per customer, sorted order ids and what they spent. */
  view(): Record<string, { open: string[]; completed: string[]; cancelled: string[]; spent: number }> {
    const view: ReturnType<ReadModelStore['view']> = {};
    for (const [customer, orders] of this.model.customers) {
      view[customer] = {
        open: [...orders.open].sort(),
        completed: [...orders.completed].sort(),
        cancelled: [...orders.cancelled].sort(),
        spent: orders.spent,
      };
    }
    return view;
  }
}

// #region projection-consumer
/** Feeds one delivered order event to the `customerOrders` projection. */
export async function projectOrderEvent(store: ReadModelStore, message: OrderEventMessage): Promise<void> {
  const model = await store.load();
  const event = { type: message.type, data: message.data } as OrderEvent;
  const next = await customerOrders.project(model, event);
  await store.save(next ?? model);
}
// #endregion projection-consumer
