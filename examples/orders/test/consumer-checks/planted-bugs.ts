// Copies of bookRevenue with a bug planted in each, as a reviewer could miss them: the consumer checks must
// catch both (see revenue-ledger.test.ts).
import type { Message } from '@eventspec/core';
import { eurPerCent, type OrderPlacedV2Body, RevenueLedger } from '../../src/consumers/revenue-ledger.ts';

/** Treats the optional currency as required: an order without one books NaN. */
export function bookRevenueCurrencyRequired(
  ledger: RevenueLedger,
  message: Message<OrderPlacedV2Body>,
): void {
  const { customerId, total, currency } = message.data;
  ledger.add(customerId, Math.round(total * eurPerCent[currency as string]!));
}

/** Knows the currencies of today and no other: a new one hits the switch's missing default. */
export function bookRevenueKnownCurrencies(ledger: RevenueLedger, message: Message<OrderPlacedV2Body>): void {
  const { customerId, total } = message.data;
  let rate: number;
  switch (message.data.currency ?? 'EUR') {
    case 'EUR':
      rate = 1;
      break;
    case 'USD':
      rate = 0.92;
      break;
    case 'GBP':
      rate = 1.17;
      break;
  }
  ledger.add(customerId, Math.round(total * rate!));
}

export { RevenueLedger };
