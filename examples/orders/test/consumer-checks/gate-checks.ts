// The consumer checks `eventspec contracts check --consumer-checks` runs (Node reads this module as
// TypeScript, so it imports the sources by their .ts names).
import { bookRevenue, RevenueLedger } from '../../src/consumers/revenue-ledger.ts';
import { bookRevenueKnownCurrencies } from './planted-bugs.ts';

type Book = typeof bookRevenue;
const finance = (name: string, book: Book) => ({
  name,
  contract: 'OrderPlaced@2',
  setup: () => new RevenueLedger(),
  handle: (ledger: RevenueLedger, message: Parameters<Book>[1]) => book(ledger, message),
  invariant: (ledger: RevenueLedger) => [...ledger.booked.values()].every(Number.isInteger),
  seed: 2026,
});

// #region gate-checks
/** The finance service's consumer of OrderPlaced, checked by the gate on every changed OrderPlaced version. */
export const consumerChecks = [finance('finance revenue', bookRevenue)];
// #endregion gate-checks

/** The same with the planted switch without default: the gate must refuse OrderPlaced@3 for it. */
export const plantedChecks = [finance('finance revenue (planted bug)', bookRevenueKnownCurrencies)];
