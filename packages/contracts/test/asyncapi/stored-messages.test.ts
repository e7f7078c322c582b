import { defineUpcasters } from '@eventspec/core';
import { expect, test, vi } from 'vitest';
import { asyncApiFromText } from '../../src/asyncapi/index.js';
import {
  ContractInputError,
  checkRegistry,
  contractsFromSources,
  requireUpcasters,
  type UpcasterSteps,
} from '../../src/index.js';

// Parsing an AsyncAPI document takes a second or more on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

// A payments document: PaymentCaptured is kept in the payment stream (stored), PaymentRequested only travels.
const document = (captured: string, extra = '') => `asyncapi: 3.1.0
info: { title: Payments, version: 1.0.0 }
channels:
  payments:
    address: payments
    messages:
      paymentCaptured:
        $ref: '#/components/messages/PaymentCaptured'
      paymentRequested:
        name: PaymentRequested
        payload: { type: object }
${extra}components:
  messages:
    PaymentCaptured:
      name: PaymentCaptured
${captured}      payload:
        type: object
        properties:
          paymentId: { type: string }
        required: [paymentId]
  messageTraits:
    stored:
      x-eventspec-stored: true
`;

test('x-eventspec-stored: true on a message, or on one of its traits, marks its contract stored', async () => {
  const stored = (captured: string) =>
    asyncApiFromText(document(captured), 'payments.asyncapi.yaml').then((registry) =>
      registry.list().map((c) => `${c.id} ${c.stored ?? 'not stored'}`),
    );
  expect(await stored('      x-eventspec-stored: true\n')).toEqual([
    'PaymentCaptured@1 true',
    'PaymentRequested@1 not stored',
  ]);
  expect(await stored("      traits: [{ $ref: '#/components/messageTraits/stored' }]\n")).toEqual([
    'PaymentCaptured@1 true',
    'PaymentRequested@1 not stored',
  ]);
  expect(await stored('      x-eventspec-stored: false\n')).toEqual([
    'PaymentCaptured@1 not stored',
    'PaymentRequested@1 not stored',
  ]);
  expect(await stored('')).toEqual(['PaymentCaptured@1 not stored', 'PaymentRequested@1 not stored']);
});

test('a stored AsyncAPI message is stored exactly like a contract file with "stored": true', async () => {
  const json = {
    type: 'PaymentCaptured',
    version: 1,
    stored: true,
    data: {
      type: 'object',
      properties: { paymentId: { type: 'string' } },
      required: ['paymentId'],
    },
  };
  const fromFile = await contractsFromSources([
    { path: 'payment-captured.v1.contract.json', text: JSON.stringify(json) },
  ]);
  const fromDocument = await asyncApiFromText(
    document('      x-eventspec-stored: true\n'),
    'payments.asyncapi.yaml',
  );
  const { source: _file, ...asFile } = fromFile.get('PaymentCaptured@1');
  const { source: _document, channel, ...asMessage } = fromDocument.get('PaymentCaptured@1');
  expect(channel).toEqual({ kind: 'topic', topic: 'payments' });
  expect(asMessage).toEqual(asFile);
});

test('a breaking change between two versions of the document needs the upcaster of the stored message', async () => {
  const v2 = `    PaymentCapturedV2:
      name: PaymentCaptured
      x-eventspec-version: 2
      x-eventspec-stored: true
      payload:
        type: object
        properties:
          paymentId: { type: string }
          currency: { enum: [EUR, USD] }
        required: [paymentId, currency]
`;
  const before = await asyncApiFromText(document('      x-eventspec-stored: true\n'), 'old.yaml');
  const after = await asyncApiFromText(
    document('      x-eventspec-stored: true\n')
      .replace('  messageTraits:', `${v2}  messageTraits:`)
      .replace(
        '      paymentRequested:',
        "      paymentCapturedV2:\n        $ref: '#/components/messages/PaymentCapturedV2'\n      paymentRequested:",
      ),
    'new.yaml',
  );
  const changes = checkRegistry(before, after);
  expect(changes.map((c) => `${c.kind} ${c.id} ${c.result.verdict}`)).toEqual([
    'added PaymentCaptured@2 incompatible',
  ]);
  const latest = defineUpcasters().latest('PaymentCaptured', 2);
  const withUpcaster = defineUpcasters().register('PaymentCaptured', 1, (v1: object) => ({
    ...v1,
    currency: 'EUR',
  }));
  const requirement = (upcasters: UpcasterSteps) =>
    requireUpcasters(changes, after, upcasters).get('PaymentCaptured@2');
  expect(requirement(latest)).toMatchObject({
    covered: false,
    stored: [{ from: 'PaymentCaptured@1', steps: [{ from: 1, registered: false }] }],
  });
  expect(requirement(withUpcaster)?.covered).toBe(true);
});

test('x-eventspec-stored that is not a boolean, or in a place it is not read: every problem at once, with its line', async () => {
  const error = await asyncApiFromText(
    `asyncapi: 3.1.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: orders
    x-eventspec-stored: true
    messages:
      placed:
        $ref: '#/components/messages/OrderPlaced'
      cancelled:
        $ref: '#/components/messages/OrderCancelled'
  archive:
    address: orders.archive
    messages:
      placed:
        $ref: '#/components/messages/OrderPlaced'
      shipped:
        name: OrderShipped
        traits: [{ $ref: '#/components/messageTraits/stored' }]
operations:
  publishShipped:
    action: send
    channel: { $ref: '#/channels/archive' }
    x-eventspec-stored: true
components:
  messages:
    OrderPlaced:
      name: OrderPlaced
      x-eventspec-stored: yes
      x-eventspec-version: 0
    OrderCancelled:
      name: OrderCancelled
      payload: { type: object, x-eventspec-stored: true }
  messageTraits:
    stored:
      x-eventspec-stored: 'true'
`,
    'orders.asyncapi.yaml',
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractInputError);
  expect((error as ContractInputError).code).toBe('EVENTSPEC_CONTRACT_INPUT_INVALID');
  expect((error as Error).message).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (6 problems):
      - orders.asyncapi.yaml:6:25: channel "orders": "x-eventspec-stored" is read on messages, not channels; move it to each stored message of the channel (or to a message trait they share)
      - orders.asyncapi.yaml:24:25: operation "publishShipped": "x-eventspec-stored" is read on messages, not operations; move it to each stored message of the operation (or to a message trait they share)
      - orders.asyncapi.yaml:30:28: message "OrderPlaced": "x-eventspec-version" is 0, but it must be a positive integer (the contract version, 1 when absent)
      - orders.asyncapi.yaml:29:27: message "OrderPlaced": "x-eventspec-stored" is "yes", but it must be true (events of this type are kept in an event store, so \`eventspec contracts check\` requires an upcaster for each breaking change) or false; write x-eventspec-stored: true, without quotes
      - orders.asyncapi.yaml:33:52: message "OrderCancelled@1": "x-eventspec-stored" is set on the payload schema, where eventspec does not read it; move it to the message (or a message trait)
      - orders.asyncapi.yaml:36:27: message "OrderShipped@1": "x-eventspec-stored" is "true", but it must be true (events of this type are kept in an event store, so \`eventspec contracts check\` requires an upcaster for each breaking change) or false; write x-eventspec-stored: true, without quotes
    Fix the files above; nothing was checked."
  `);
});

test('a new version that replaces the old one in the tree is compared with the baseline of the old one', async () => {
  const contract = (version: number, required: string[]) =>
    JSON.stringify({ type: 'PaymentCaptured', version, stored: true, data: { type: 'object', required } });
  const before = await contractsFromSources([
    { path: 'baseline/payment-captured.v1.contract.json', text: contract(1, ['paymentId']) },
  ]);
  const fromFiles = await contractsFromSources([
    { path: 'contracts/payment-captured.v2.contract.json', text: contract(2, ['paymentId', 'currency']) },
  ]);
  const fromDocument = await asyncApiFromText(
    document('      x-eventspec-stored: true\n      x-eventspec-version: 2\n').replace(
      'required: [paymentId]',
      'required: [paymentId, currency]',
    ),
    'payments.asyncapi.yaml',
  );
  for (const after of [fromFiles, fromDocument]) {
    const added = checkRegistry(before, after).find((c) => c.id === 'PaymentCaptured@2');
    expect(added).toMatchObject({ kind: 'added', against: ['PaymentCaptured@1'] });
    expect(added?.result.breaks.map((b) => `${b.path}: ${b.rule}`)).toContain('data: required-added');
    expect(requireUpcasters(checkRegistry(before, after), after, undefined).get('PaymentCaptured@2')).toEqual(
      {
        type: 'PaymentCaptured',
        verdict: 'incompatible',
        stored: [
          { from: 'PaymentCaptured@1', to: 'PaymentCaptured@2', steps: [{ from: 1, registered: false }] },
        ],
        uncoverable: [],
        covered: false,
      },
    );
  }
});
