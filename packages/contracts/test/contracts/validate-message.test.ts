import { beforeAll, expect, test } from 'vitest';
import { type ContractRegistry, ContractViolationError, loadContracts } from '../../src/index.js';

let registry: ContractRegistry;
beforeAll(async () => {
  registry = await loadContracts(new URL('../fixtures/contracts/valid', import.meta.url).pathname);
});

const placed = {
  key: 'o-1',
  headers: { 'content-type': 'application/json' },
  envelope: { messageId: 'm-1', correlationId: 'c-1' },
  channel: 'orders',
  data: {
    orderId: 'o-1',
    customerId: '123e4567-e89b-12d3-a456-426614174000',
    placedAt: '2026-11-28T10:00:00Z',
    total: { amount: 12.5, currency: 'EUR' },
    lines: [{ sku: 'book', quantity: 1 }],
  },
};

test('a message that satisfies its contract has no violations', () => {
  expect(registry.validate(placed, 'OrderPlaced@2')).toEqual({
    ok: true,
    contract: 'OrderPlaced@2',
    violations: [],
  });
});

test('violations name the path, what was expected there and what was found', () => {
  const message = {
    ...placed,
    key: 'order-1',
    data: {
      ...placed.data,
      customerId: 'bob',
      total: { amount: '12.50', currency: 'JPY' },
      lines: [{ sku: 'book', quantity: 0 }],
      note: 'x',
    },
  };
  expect(() => registry.assertValid(message, 'OrderPlaced@2')).toThrowErrorMatchingInlineSnapshot(`
    [ContractViolationError: The message does not satisfy contract OrderPlaced@2 (6 problems):
      - data.note: expected no such property (the contract does not allow additional properties), got "x"
      - data.customerId: expected a string in "uuid" format, got "bob"
      - data.total.amount: expected a number, got "12.50"
      - data.total.currency: expected one of "EUR", "USD", "GBP", got "JPY"
      - data.lines[0].quantity: expected a number >= 1, got 0
      - key: expected a string matching /^o-/, got "order-1"
    Change the producer to send what OrderPlaced@2 describes, or publish a new contract version.]
  `);
});

test('the error carries actual and expected by path, for a structural diff', () => {
  const error = (() => {
    try {
      registry.assertValid({ ...placed, data: { ...placed.data, placedAt: 'yesterday' } }, 'OrderPlaced@2');
    } catch (e) {
      return e as ContractViolationError;
    }
  })();
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(error?.code).toBe('EVENTSPEC_CONTRACT_VIOLATED');
  expect(error?.actual).toEqual({ 'data.placedAt': 'yesterday' });
  expect(error?.expected).toEqual({ 'data.placedAt': 'a string in "date-time" format' });
});

test('the envelope, headers and channel are checked too', () => {
  const result = registry.validate(
    {
      ...placed,
      channel: 'payments',
      headers: { 'content-type': 'text/plain' },
      envelope: { correlationId: 7 },
    },
    'OrderPlaced@2',
  );
  expect(result.violations.map((v) => `${v.path}: ${v.expected}`)).toMatchInlineSnapshot(`
    [
      "headers["content-type"]: exactly "application/json"",
      "envelope.messageId: a value (the property is required)",
      "envelope.correlationId: a string",
      "channel: "orders"",
    ]
  `);
});

test('CloudEvents envelopes need specversion, id, source and type', () => {
  const result = registry.validate(
    {
      envelope: { specversion: '1.0', id: 'e-1', source: '/payments', type: 'PaymentCaptured' },
      data: { paymentId: 'p', orderId: 'o' },
    },
    'PaymentCaptured@1',
  );
  expect(result.ok).toBe(true);
  expect(
    registry
      .validate({ envelope: { id: 'e-1' }, data: { paymentId: 'p', orderId: 'o' } }, 'PaymentCaptured@1')
      .violations.map((v) => v.path),
  ).toEqual(['envelope.specversion', 'envelope.source', 'envelope.type']);
});

test('an unknown contract id names the known ones', () => {
  expect(() => registry.validate(placed, 'OrderPlaced@9')).toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: No contract OrderPlaced@9 in this registry. Known contracts: OrderPlaced@1, OrderPlaced@2, PaymentCaptured@1. Check the id, or add a OrderPlaced@9 contract file.]`,
  );
  expect(() => registry.validate(placed, 'OrderPlaced')).toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: "OrderPlaced" is not a contract id. Write the message type and its version as "Type@version", e.g. "OrderPlaced@2".]`,
  );
});

test('without an id, the contract header or a single-version envelope type names the contract', () => {
  expect(
    registry.validate({ ...placed, headers: { ...placed.headers, contract: 'OrderPlaced@2' } }).contract,
  ).toBe('OrderPlaced@2');
  const event = { specversion: '1.0', id: 'e-1', source: '/payments', type: 'PaymentCaptured' };
  expect(registry.validate({ envelope: event, data: { paymentId: 'p', orderId: 'o' } })).toEqual({
    ok: true,
    contract: 'PaymentCaptured@1',
    violations: [],
  });
  expect(() =>
    registry.validate({ envelope: { messageId: 'm', type: 'OrderPlaced' }, data: {} }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: validate(message) cannot tell which contract the message follows: its envelope type "OrderPlaced" has 2 versions (OrderPlaced@1, OrderPlaced@2). Pass the id: validate(message, 'Type@version').]`,
  );
});

test('a message without headers is checked as having none', () => {
  const { headers: _none, ...withoutHeaders } = placed;
  expect(registry.validate(withoutHeaders, 'OrderPlaced@2').violations.map((v) => v.path)).toEqual([
    'headers["content-type"]',
  ]);
});
