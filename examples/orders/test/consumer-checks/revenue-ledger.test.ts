import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ConsumerCheckError,
  ContractRegistry,
  checkConsumer,
  contractsFromFiles,
  loadContracts,
} from '@eventspec/contracts';
import type { Message } from '@eventspec/core';
import { beforeAll, expect, test } from 'vitest';
import { bookRevenue, type OrderPlacedV2Body, RevenueLedger } from '../../src/index.js';
import { bookRevenueCurrencyRequired, bookRevenueKnownCurrencies } from './planted-bugs.js';

let registry: ContractRegistry;
beforeAll(async () => {
  // The contracts in production, and the version of OrderPlaced the orders team is about to ship.
  const shipped = await loadContracts(fileURLToPath(new URL('../../contracts', import.meta.url)));
  const file = (path: string) => ({
    path,
    text: readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8'),
  });
  const next = contractsFromFiles([
    file('../../contracts/order-line.schema.json'),
    file('./order-placed.v3.contract.json'),
  ]);
  registry = ContractRegistry.merge(shipped, next);
});

type Book = (ledger: RevenueLedger, message: Message<OrderPlacedV2Body>) => void;
// #region consumer-check
/** The finance consumer's check: every amount it books is a whole number of euro cents. */
const financeCheck = (book: Book) => ({
  setup: () => new RevenueLedger(),
  handle: (ledger: RevenueLedger, message: Message<unknown>) =>
    book(ledger, message as Message<OrderPlacedV2Body>),
  invariant: (ledger: RevenueLedger) => [...ledger.booked.values()].every(Number.isInteger),
});

test('the finance consumer handles everything OrderPlaced@2 allows, and what @3 producers will send', async () => {
  await checkConsumer({ contract: 'OrderPlaced@2', registry, ...financeCheck(bookRevenue) });
  await checkConsumer({
    contract: 'OrderPlaced@2',
    producedBy: 'OrderPlaced@3',
    registry,
    ...financeCheck(bookRevenue),
  });
});
// #endregion consumer-check

test('the correct consumer is never flagged, over 30 seeds of each check', async () => {
  for (let seed = 1; seed <= 30; seed++) {
    await checkConsumer({
      contract: 'OrderPlaced@2',
      registry,
      seed,
      runs: 50,
      ...financeCheck(bookRevenue),
    });
    await checkConsumer({
      contract: 'OrderPlaced@2',
      producedBy: 'OrderPlaced@3',
      registry,
      seed,
      runs: 50,
      ...financeCheck(bookRevenue),
    });
  }
});

async function failureOf(check: Promise<unknown>): Promise<ConsumerCheckError> {
  const error = await check.then(
    () => new Error('expected the consumer check to fail'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConsumerCheckError)) throw error;
  return error;
}

test('planted bug: the optional currency treated as required — caught on what @2 already allows', async () => {
  // #region consumer-check-failure
  const error = await failureOf(
    checkConsumer({
      contract: 'OrderPlaced@2',
      registry,
      seed: 2026,
      ...financeCheck(bookRevenueCurrencyRequired),
    }),
  );
  // #endregion consumer-check-failure
  expect(error.fields.map((field) => [field.path, field.value])).toEqual([['data.currency', undefined]]);
  expect(
    error.message
      .replace(/run \d+ of \d+, shrunk \d+ times/, 'run <n>')
      .replace(/path: "[^"]*"/, 'path: "<path>"'),
  ).toMatchInlineSnapshot(`
    "checkConsumer: the consumer fails on a message its contract OrderPlaced@2 allows: the invariant returned false.
    Smallest message (run <n>):
      {"id":" ","type":"OrderPlaced","key":"order-","data":{"orderId":"order-","customerId":" ","lines":[{"sku":" ","quantity":1,"unitPrice":0}],"total":0,"placedAt":"1970-01-01T00:00:00.000Z"},"headers":{"content-type":"application/json"},"envelope":{"messageId":" "}}
    The fields that decide it (another value the contract allows there makes the consumer pass):
      data.currency absent  (OrderPlaced@2 data #/properties/currency)
    Replay: checkConsumer({ …, seed: 2026, path: "<path>" })
    Paste as a test:
      test('the consumer handles OrderPlaced@2 with currency absent', async () => {
        const world = await setup();
        await handle(world, {"id":" ","type":"OrderPlaced","key":"order-","data":{"orderId":"order-","customerId":" ","lines":[{"sku":" ","quantity":1,"unitPrice":0}],"total":0,"placedAt":"1970-01-01T00:00:00.000Z"},"headers":{"content-type":"application/json"},"envelope":{"messageId":" "}});
      });"
  `);
});

test('planted bug: a switch without default — passes on @2, caught by the evolution check against @3', async () => {
  await checkConsumer({
    contract: 'OrderPlaced@2',
    registry,
    seed: 2026,
    ...financeCheck(bookRevenueKnownCurrencies),
  });
  const error = await failureOf(
    checkConsumer({
      contract: 'OrderPlaced@2',
      producedBy: 'OrderPlaced@3',
      registry,
      seed: 2026,
      ...financeCheck(bookRevenueKnownCurrencies),
    }),
  );
  expect(error.fields.map((field) => [field.path, field.value])).toEqual([['data.currency', 'CHF']]);
  expect(
    error.message
      .split('\n')
      .slice(0, 5)
      .join('\n')
      .replace(/run \d+ of \d+, shrunk \d+ times/, 'run <n>'),
  ).toMatchInlineSnapshot(`
    "checkConsumer: the consumer fails on a message OrderPlaced@3 allows (generated under the producer's version; the consumer was built for OrderPlaced@2): the invariant returned false.
    Smallest message (run <n>):
      {"id":" ","type":"OrderPlaced","key":"order-","data":{"orderId":"order-","customerId":" ","lines":[{"sku":" ","quantity":1,"unitPrice":0}],"total":0,"placedAt":"1970-01-01T00:00:00.000Z","currency":"CHF"},"headers":{"content-type":"application/json"},"envelope":{"messageId":" "}}
    The fields that decide it (another value the contract allows there makes the consumer pass):
      data.currency = "CHF"  (OrderPlaced@3 data #/properties/currency)"
  `);
});

test('each planted bug is caught on every one of 30 seeds', async () => {
  let required = 0;
  let known = 0;
  for (let seed = 1; seed <= 30; seed++) {
    required += Number(
      await checkConsumer({
        contract: 'OrderPlaced@2',
        registry,
        seed,
        ...financeCheck(bookRevenueCurrencyRequired),
      }).then(
        () => 0,
        (error) => (error instanceof ConsumerCheckError ? 1 : 0),
      ),
    );
    known += Number(
      await checkConsumer({
        contract: 'OrderPlaced@2',
        producedBy: 'OrderPlaced@3',
        registry,
        seed,
        ...financeCheck(bookRevenueKnownCurrencies),
      }).then(
        () => 0,
        (error) => (error instanceof ConsumerCheckError ? 1 : 0),
      ),
    );
  }
  expect({ required, known }).toEqual({ required: 30, known: 30 });
}, 120_000);
