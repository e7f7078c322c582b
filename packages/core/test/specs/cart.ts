// A shopping cart decider used by the spec tests.
import type { DecideContext, SyncDecider } from '../../src/index.js';

export type CartEvent =
  | { type: 'CartOpened'; data: { cartId: string; openedAt: Date } }
  | { type: 'ItemAdded'; data: { sku: string; quantity: number; price: number } }
  | { type: 'ItemRemoved'; data: { sku: string } }
  | { type: 'CartCheckedOut'; data: { total: number; items: string[]; at: Date } }
  | { type: 'ReceiptIssued'; data: { total: number; tags: Set<string>; lines: Map<string, number> } };

export type CartCommand =
  | { type: 'OpenCart'; cartId: string }
  | { type: 'AddItem'; sku: string; quantity: number; price: number }
  | { type: 'RemoveItem'; sku: string }
  | { type: 'CheckOut' }
  | { type: 'Shout' };

export interface CartState {
  status: 'empty' | 'open' | 'checkedOut';
  lines: Map<string, { quantity: number; price: number }>;
}

export class CartError extends Error {
  override name = 'CartError';
}

export const cart: SyncDecider<CartCommand, CartEvent, CartState, DecideContext> = {
  initialState: () => ({ status: 'empty', lines: new Map() }),
  decide(command, state, { now }) {
    switch (command.type) {
      case 'OpenCart':
        if (state.status !== 'empty') throw new CartError('the cart is already open');
        return { type: 'CartOpened', data: { cartId: command.cartId, openedAt: now() } };
      case 'AddItem':
        if (state.status !== 'open')
          throw new CartError(`cannot add ${command.sku}: the cart is ${state.status}`);
        return {
          type: 'ItemAdded',
          data: { sku: command.sku, quantity: command.quantity, price: command.price },
        };
      case 'RemoveItem':
        if (!state.lines.has(command.sku)) return [];
        return { type: 'ItemRemoved', data: { sku: command.sku } };
      case 'CheckOut': {
        if (state.status !== 'open') throw new CartError(`cannot check out: the cart is ${state.status}`);
        const total = [...state.lines.values()].reduce((sum, line) => sum + line.quantity * line.price, 0);
        const items = [...state.lines.keys()];
        return [
          { type: 'CartCheckedOut', data: { total, items, at: now() } },
          {
            type: 'ReceiptIssued',
            data: {
              total,
              tags: new Set(items),
              lines: new Map(items.map((sku) => [sku, state.lines.get(sku)!.quantity])),
            },
          },
        ];
      }
      case 'Shout':
        throw 'not an error';
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CartOpened':
        return { ...state, status: 'open' };
      case 'ItemAdded': {
        const lines = new Map(state.lines);
        const line = lines.get(event.data.sku);
        lines.set(event.data.sku, {
          quantity: (line?.quantity ?? 0) + event.data.quantity,
          price: event.data.price,
        });
        return { ...state, lines };
      }
      case 'ItemRemoved': {
        const lines = new Map(state.lines);
        lines.delete(event.data.sku);
        return { ...state, lines };
      }
      case 'CartCheckedOut':
        return { ...state, status: 'checkedOut' };
      case 'ReceiptIssued':
        return state;
    }
  },
};

export const opened: CartEvent = {
  type: 'CartOpened',
  data: { cartId: 'c1', openedAt: new Date('2024-01-01T00:00:00Z') },
};
export const added = (sku: string, quantity = 1, price = 10): CartEvent => ({
  type: 'ItemAdded',
  data: { sku, quantity, price },
});
