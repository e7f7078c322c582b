import type { Projection } from '@eventspec/core';
import type { OrderEvent } from '../orders/order-messages.js';

/** What a customer's "my orders" page shows. */
export interface CustomerOrders {
  customers: Map<
    string,
    { open: Set<string>; completed: Set<string>; cancelled: Set<string>; spent: number }
  >;
  orderOwners: Map<string, { customerId: string; total: number }>;
}

const emptyCustomer = () => ({
  open: new Set<string>(),
  completed: new Set<string>(),
  cancelled: new Set<string>(),
  spent: 0,
});

/**
 * Keeps each customer's open, completed and cancelled orders and what they spent. Written to tolerate
 * at-least-once delivery: every update sets a state rather than adding to one it cannot check.
 */
export const customerOrders: Projection<OrderEvent, CustomerOrders> = {
  initialState: () => ({ customers: new Map(), orderOwners: new Map() }),

  project(model, event) {
    const { orderId } = event.data;
    if (event.type === 'OrderPlaced') {
      const { customerId, total } = event.data;
      model.orderOwners.set(orderId, { customerId, total });
      const customer = model.customers.get(customerId) ?? emptyCustomer();
      if (!customer.completed.has(orderId) && !customer.cancelled.has(orderId)) customer.open.add(orderId);
      model.customers.set(customerId, customer);
      return model;
    }
    const owner = model.orderOwners.get(orderId);
    const customer = owner && model.customers.get(owner.customerId);
    if (!owner || !customer) return model;
    if (event.type === 'OrderShipped' && !customer.completed.has(orderId)) {
      customer.open.delete(orderId);
      customer.completed.add(orderId);
      customer.spent += owner.total;
    }
    if (event.type === 'OrderCancelled' && !customer.cancelled.has(orderId)) {
      customer.open.delete(orderId);
      customer.cancelled.add(orderId);
    }
    return model;
  },
};
