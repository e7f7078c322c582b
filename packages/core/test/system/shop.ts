// A small shop for the system tests: orders, payments, stock, a checkout process manager and a projection.
import {
  cancel,
  deciderService,
  type ProcessManager,
  type Projection,
  processService,
  projectionService,
  type SyncDecider,
  schedule,
  send,
} from '../../src/index.js';

type Cmd = { type: string; orderId: string; [field: string]: unknown };
type Evt = { type: string; orderId: string; [field: string]: unknown };

class Rejected extends Error {
  override name = 'Rejected';
}

export const orders: SyncDecider<Cmd, Evt, { status: string }> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    if (command.type === 'PlaceOrder')
      return state.status === 'none'
        ? [{ type: 'OrderPlaced', orderId: command.orderId, amount: command.amount, sku: command.sku }]
        : [];
    if (command.type === 'ConfirmOrder')
      return state.status === 'placed' ? [{ type: 'OrderConfirmed', orderId: command.orderId }] : [];
    if (command.type === 'CancelOrder') {
      if (state.status === 'cancelled') return [];
      if (state.status === 'confirmed') throw new Rejected('a confirmed order cannot be cancelled');
      return [{ type: 'OrderCancelled', orderId: command.orderId, reason: command.reason }];
    }
    throw new Rejected(`orders cannot ${command.type}`);
  },
  evolve: (_, event) => ({
    status:
      event.type === 'OrderPlaced' ? 'placed' : event.type === 'OrderConfirmed' ? 'confirmed' : 'cancelled',
  }),
};

export const payments: SyncDecider<Cmd, Evt, { status: string }> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    if (command.type !== 'ChargeCard') throw new Rejected(`payments cannot ${command.type}`);
    if (state.status !== 'none') return [];
    return Number(command.amount) > 1000
      ? [{ type: 'PaymentDeclined', orderId: command.orderId, reason: 'limit exceeded' }]
      : [{ type: 'PaymentCaptured', orderId: command.orderId, amount: command.amount }];
  },
  evolve: (_, event) => ({ status: event.type === 'PaymentCaptured' ? 'captured' : 'declined' }),
};

/** Reservations per order, so that reserving or releasing twice changes nothing. */
export const stock: SyncDecider<Cmd, Evt, { reserved: boolean }> = {
  initialState: () => ({ reserved: false }),
  decide(command, state) {
    if (command.type === 'ReserveStock')
      return state.reserved ? [] : [{ type: 'StockReserved', orderId: command.orderId }];
    if (command.type === 'ReleaseStock')
      return state.reserved ? [{ type: 'StockReleased', orderId: command.orderId }] : [];
    throw new Rejected(`stock cannot ${command.type}`);
  },
  evolve: (_, event) => ({ reserved: event.type === 'StockReserved' }),
};

export const checkout: ProcessManager<Evt, { stage: string }> = {
  initialState: () => ({ stage: 'idle' }),
  react(state, event, context) {
    if (context.replaying) return [];
    const { orderId } = event;
    switch (event.type) {
      case 'OrderPlaced':
        if (state.stage !== 'idle') return [];
        return [
          send({ type: 'ReserveStock', orderId }),
          send({ type: 'ChargeCard', orderId, amount: event.amount }),
          schedule({ type: 'PaymentTimedOut', orderId }, { after: '15m', id: 'payment' }),
        ];
      case 'PaymentCaptured':
        return state.stage === 'awaiting' ? [cancel('payment'), send({ type: 'ConfirmOrder', orderId })] : [];
      case 'PaymentDeclined':
      case 'PaymentTimedOut':
        return state.stage === 'awaiting'
          ? [cancel('payment'), send({ type: 'CancelOrder', orderId, reason: event.type })]
          : [];
      case 'OrderCancelled':
        return send({ type: 'ReleaseStock', orderId });
      default:
        return [];
    }
  },
  evolve(state, event) {
    if (event.type === 'OrderPlaced' && state.stage === 'idle') return { stage: 'awaiting' };
    if (event.type === 'PaymentCaptured' && state.stage === 'awaiting') return { stage: 'paid' };
    if ((event.type === 'PaymentDeclined' || event.type === 'PaymentTimedOut') && state.stage === 'awaiting')
      return { stage: 'failed' };
    return state;
  },
};

/** Idempotent: keeps a set of confirmed orders. */
export const confirmedOrders: Projection<Evt, Set<string>> = {
  initialState: () => new Set(),
  project: (model, event) => (event.type === 'OrderConfirmed' ? new Set(model).add(event.orderId) : model),
};

/** Not idempotent: counts confirmations, so a redelivered event counts twice. */
export const confirmationCount: Projection<Evt, { count: number }> = {
  initialState: () => ({ count: 0 }),
  project: (model, event) => (event.type === 'OrderConfirmed' ? { count: model.count + 1 } : model),
};

export const shop = {
  orders: deciderService(orders, {
    commands: ['PlaceOrder', 'ConfirmOrder', 'CancelOrder'],
    events: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'],
    streamOf: (message) => message.orderId,
  }),
  payments: deciderService(payments, {
    commands: ['ChargeCard'],
    events: ['PaymentCaptured', 'PaymentDeclined'],
    streamOf: (message) => message.orderId,
  }),
  stock: deciderService(stock, {
    commands: ['ReserveStock', 'ReleaseStock'],
    events: ['StockReserved', 'StockReleased'],
    streamOf: (message) => message.orderId,
  }),
  checkout: processService(checkout, {
    listensTo: ['OrderPlaced', 'PaymentCaptured', 'PaymentDeclined', 'OrderCancelled'],
    instanceOf: (event) => event.orderId,
  }),
  confirmed: projectionService(confirmedOrders, { listensTo: ['OrderConfirmed'] }),
};
