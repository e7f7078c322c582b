import {
  cancel,
  deciderService,
  processService,
  projectionService,
  type Service,
  schedule,
  send,
} from '@eventspec/core';

// A small shop for system scenarios on every broker: orders and payments (deciders), a checkout process
// manager with a payment timeout, and a sales projection.

type ShopCommand =
  | { type: 'PlaceOrder'; orderId: string; total: number }
  | { type: 'CompleteOrder'; orderId: string }
  | { type: 'CancelOrder'; orderId: string; reason: string }
  | { type: 'CapturePayment'; orderId: string; amount: number };
type ShopEvent =
  | { type: 'OrderPlaced'; orderId: string; total: number }
  | { type: 'OrderCompleted'; orderId: string; total: number }
  | { type: 'OrderCancelled'; orderId: string; reason: string }
  | { type: 'PaymentCaptured'; orderId: string; amount: number }
  | { type: 'PaymentTimedOut'; orderId: string };
type OrderState = { status: 'none' | 'placed' | 'completed' | 'cancelled'; total: number };
type Sales = { completed: number; revenue: number };

const byOrder = (message: { orderId: string }) => message.orderId;

const orders = deciderService(
  {
    initialState: { status: 'none', total: 0 } as OrderState,
    decide: (command: ShopCommand, state: OrderState): ShopEvent[] => {
      switch (command.type) {
        case 'PlaceOrder':
          return state.status === 'none' ? [{ ...command, type: 'OrderPlaced' }] : [];
        case 'CompleteOrder':
          return state.status === 'placed'
            ? [{ type: 'OrderCompleted', orderId: command.orderId, total: state.total }]
            : [];
        case 'CancelOrder':
          return state.status === 'placed' ? [{ ...command, type: 'OrderCancelled' }] : [];
        default:
          throw new Error(`orders cannot handle ${command.type}`);
      }
    },
    evolve: (state: OrderState, event: ShopEvent): OrderState =>
      event.type === 'OrderPlaced'
        ? { status: 'placed', total: event.total }
        : event.type === 'OrderCompleted'
          ? { ...state, status: 'completed' }
          : event.type === 'OrderCancelled'
            ? { ...state, status: 'cancelled' }
            : state,
  },
  {
    commands: ['PlaceOrder', 'CompleteOrder', 'CancelOrder'],
    events: ['OrderPlaced', 'OrderCompleted', 'OrderCancelled'],
    streamOf: byOrder,
  },
);

/** Payments: a card declines amounts over `limit` by never answering (the checkout's timeout cancels). */
const payments = (limit: number) =>
  deciderService(
    {
      initialState: false,
      decide: (command: ShopCommand, captured: boolean): ShopEvent[] =>
        command.type === 'CapturePayment' && !captured && command.amount <= limit
          ? [{ type: 'PaymentCaptured', orderId: command.orderId, amount: command.amount }]
          : [],
      evolve: () => true,
    },
    { commands: ['CapturePayment'], events: ['PaymentCaptured'], streamOf: byOrder },
  );

// PaymentTimedOut is its own timer: it comes back to it on the virtual clock, no service emits it.
const checkout = processService(
  {
    initialState: 'idle' as 'idle' | 'paying' | 'done',
    react: (state, event: ShopEvent) => {
      if (event.type === 'OrderPlaced' && state === 'idle')
        return [
          send({ type: 'CapturePayment', orderId: event.orderId, amount: event.total }),
          schedule({ type: 'PaymentTimedOut', orderId: event.orderId }, { after: '15m', id: 'payment' }),
        ];
      if (event.type === 'PaymentCaptured' && state === 'paying')
        return [cancel('payment'), send({ type: 'CompleteOrder', orderId: event.orderId })];
      if (event.type === 'PaymentTimedOut' && state === 'paying')
        return send({ type: 'CancelOrder', orderId: event.orderId, reason: 'payment timed out' });
      return [];
    },
    evolve: (state, event: ShopEvent) =>
      event.type === 'OrderPlaced' && state === 'idle'
        ? 'paying'
        : event.type === 'PaymentCaptured' || event.type === 'PaymentTimedOut'
          ? 'done'
          : state,
  },
  { listensTo: ['OrderPlaced', 'PaymentCaptured'], instanceOf: byOrder },
);

/** Sales figures; with `crashOnce`, the first handling of each completed order throws (a lost connection). */
const sales = (crashOnce: boolean) => {
  const crashed = new Set<string>();
  return projectionService(
    {
      initialState: () => ({ completed: 0, revenue: 0 }) as Sales,
      project: (model: Sales, event: ShopEvent): Sales => {
        if (event.type !== 'OrderCompleted') return model;
        if (crashOnce && !crashed.has(event.orderId)) {
          crashed.add(event.orderId);
          throw new Error(`sales database unreachable while recording ${event.orderId}`);
        }
        return { completed: model.completed + 1, revenue: model.revenue + event.total };
      },
    },
    { listensTo: ['OrderCompleted'] },
  );
};

/** The shop's services; each call gets fresh ones (the projection's crash is once per shop). */
export function shop(options: { crashOnce?: boolean; cardLimit?: number } = {}): Record<string, Service> {
  return {
    orders,
    payments: payments(options.cardLimit ?? 1000),
    checkout,
    sales: sales(options.crashOnce ?? false),
  };
}

export const placeOrder = (orderId: string, total: number): ShopCommand => ({
  type: 'PlaceOrder',
  orderId,
  total,
});
