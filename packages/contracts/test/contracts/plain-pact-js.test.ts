// Pacts written the way Pact's own docs show (plain @pact-foundation/pact, V3 MessageConsumerPact and V4
// addAsynchronousInteraction, matchers in body and metadata, no eventspec metadata), then the gate run on them.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, MessageConsumerPact, PactV4, synchronousBodyHandler } from '@pact-foundation/pact';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { contractsFromFiles } from '../../src/index.js';
import {
  checkConsumers,
  matchPactInteractions,
  readMessagePacts,
  verifyProducers,
} from '../../src/pact/index.js';
import { cliScratch } from '../support/cli-scratch.js';

const { like, decimal, regex, eachLike, string } = MatchersV3;
const pactDir = mkdtempSync(join(tmpdir(), 'eventspec-plain-pacts-'));
afterAll(() => rmSync(pactDir, { recursive: true, force: true }));

/** The consumers' real handlers: what each reads is what its pact records. */
const bill = (order: { orderId: string; total: { amount: number; currency: string } }) =>
  `${order.orderId}: ${order.total.amount.toFixed(2)} ${order.total.currency}`;
const ship = (order: { orderId: string; lines: { sku: string }[] }) => order.lines.map((l) => l.sku);
const book = (payment: { paymentId: string; amount: number }) => [payment.paymentId, payment.amount];

beforeAll(async () => {
  // #region plain-pact-v3
  // V3, as Pact JS's message docs show: the type in a metadata entry, the topic with a type matcher.
  await new MessageConsumerPact({ consumer: 'billing', provider: 'orders', dir: pactDir, logLevel: 'error' })
    .given('an order exists')
    .expectsToReceive('an order to bill')
    .withContent({
      orderId: like('o-1'),
      total: { amount: decimal(12.5), currency: regex('[A-Z]{3}', 'EUR') },
    })
    .withMetadata({ topic: like('orders'), messageType: 'OrderPlaced' })
    .verify(synchronousBodyHandler(bill));
  // #endregion plain-pact-v3
  // #region plain-pact-v4
  // V4: the content names its type; the topic (a regex matcher) carries two types, so it cannot say which.
  await new PactV4({ consumer: 'shipping', provider: 'orders', dir: pactDir, logLevel: 'error' })
    .addAsynchronousInteraction()
    .expectsToReceive('an order to ship', (builder) => {
      builder
        .withJSONContent({
          type: 'OrderPlaced',
          orderId: like('o-1'),
          lines: eachLike({ sku: string('pen') }),
        })
        .withMetadata({ kafka_topic: regex('orders(-v\\d)?', 'orders') });
    })
    .executeTest(async (message) => ship(message.contents.content as Parameters<typeof ship>[0]));
  // #endregion plain-pact-v4
  // V4: only the destination names it, and one contract travels there.
  await new PactV4({ consumer: 'ledger', provider: 'payments', dir: pactDir, logLevel: 'error' })
    .addAsynchronousInteraction()
    .expectsToReceive('a captured payment', (builder) => {
      builder
        .withJSONContent({ paymentId: like('p-1'), amount: decimal(10.5) })
        .withMetadata({ destination: 'payments' });
    })
    .executeTest(async (message) => book(message.contents.content as Parameters<typeof book>[0]));
  // V4: nothing says which contract.
  await new PactV4({ consumer: 'audit', provider: 'orders', dir: join(pactDir, 'audit'), logLevel: 'error' })
    .addAsynchronousInteraction()
    .expectsToReceive('something to audit', (builder) => {
      builder.withJSONContent({ id: like('x-1') }).withMetadata({ 'content-type': 'application/json' });
    })
    .executeTest(async (message) => message.contents.content);
}, 60_000);

const orderPlaced = (amount: object, quantity?: object) => ({
  type: 'OrderPlaced',
  version: 1,
  channel: { topic: 'orders' },
  data: {
    type: 'object',
    properties: {
      type: { const: 'OrderPlaced' },
      orderId: { type: 'string' },
      total: {
        type: 'object',
        properties: { amount, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
        required: ['amount', 'currency'],
      },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          properties: { sku: { type: 'string' }, quantity: quantity ?? { type: 'integer', minimum: 1 } },
          required: ['sku'],
        },
      },
    },
    required: ['type', 'orderId', 'total', 'lines'],
  },
});
const orderCancelled = {
  type: 'OrderCancelled',
  version: 1,
  channel: { topic: 'orders' },
  data: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
};
const paymentCaptured = {
  type: 'PaymentCaptured',
  version: 1,
  channel: { topic: 'payments' },
  data: {
    type: 'object',
    properties: { paymentId: { type: 'string' }, amount: { type: 'number' } },
    required: ['paymentId', 'amount'],
  },
};

const scratch = cliScratch('eventspec-plain-pact-');
function folders(current: { orderPlaced?: object; withPayments?: boolean } = {}): void {
  const write = (folder: string, name: string, value: object) => scratch.write(`${folder}/${name}`, value);
  write('baseline', 'order-placed.v1.contract.json', orderPlaced({ type: 'number' }));
  write('baseline', 'order-cancelled.v1.contract.json', orderCancelled);
  write('baseline', 'payment-captured.v1.contract.json', paymentCaptured);
  write('contracts', 'order-placed.v1.contract.json', current.orderPlaced ?? orderPlaced({ type: 'number' }));
  write('contracts', 'order-cancelled.v1.contract.json', orderCancelled);
  if (current.withPayments !== false)
    write('contracts', 'payment-captured.v1.contract.json', paymentCaptured);
  for (const file of readdirSync(pactDir).filter((f) => f.endsWith('.json')))
    cpSync(join(pactDir, file), join(scratch.dir, 'pacts', file));
}
const withAudit = () => cpSync(join(pactDir, 'audit'), join(scratch.dir, 'pacts'), { recursive: true });

test('a change that retypes a field the V3 consumer reads fails the gate and names that consumer', () => {
  folders({ orderPlaced: orderPlaced({ type: 'string' }) });
  const run = scratch.eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ 1 break  OrderPlaced@1  BACKWARD  (edited in place, against OrderPlaced@1 (baseline); contracts/order-placed.v1.contract.json)
      data.total.amount: type-narrowed — number values are rejected
        accepted by OrderPlaced@1 (baseline), rejected by OrderPlaced@1: {"type":"OrderPlaced","orderId":"","total":{"amount":0,"currency":"YHE"},"lines":[]}
      consumer billing ✗ total.amount: type-narrowed — string values are rejected, e.g. {"orderId":"","total":{"amount":"","currency":"YHE"}}
      consumer shipping ✓ unaffected, reads lines[].sku, orderId, type

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible, 1 consumer break — 1 of 3 contracts changed since baseline
    "
  `);
});

test('a change to what no consumer reads passes, and each consumer is listed with what it reads', () => {
  folders({ orderPlaced: orderPlaced({ type: 'number' }, { type: 'integer' }) });
  const run = scratch.eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ compatible  OrderPlaced@1  BACKWARD  (edited in place, against OrderPlaced@1 (baseline); contracts/order-placed.v1.contract.json)
      consumer billing ✓ unaffected, reads orderId, total.amount, total.currency
      consumer shipping ✓ unaffected, reads lines[].sku, orderId, type

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 3 contracts changed since baseline
    "
  `);
});

test('removing a contract a consumer reads breaks that consumer', () => {
  folders({ withPayments: false });
  const run = scratch.eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ breaks ledger  PaymentCaptured@1  BACKWARD  (removed; baseline/payment-captured.v1.contract.json)
      consumer ledger ✗ (the message): contract-removed — PaymentCaptured@1 is removed, but ledger still expects it ("a captured payment"); keep the contract until the consumer moves on, or update its pact, e.g. {"amount":10.5,"paymentId":"p-1"}

    eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 removed, 1 consumer break — 0 of 2 contracts changed, 1 removed since baseline
    "
  `);
});

test('an interaction that matches no contract fails the gate with exit 4, naming consumer and interaction', () => {
  folders();
  withAudit();
  const run = scratch.eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--pacts',
    'pacts',
    '--junit',
    'reports/junit.xml',
    '--markdown',
    'reports/comment.md',
  );
  expect(run.code).toBe(4);
  expect(
    scratch
      .read('reports/junit.xml')
      .split('\n')
      .filter((l) => l.includes('audit')),
  ).toMatchInlineSnapshot(`
    [
      "    <testcase classname="eventspec.consumers.audit" name="pact interaction &quot;something to audit&quot; of audit matches no contract" file="pacts/audit-orders.json">",
      "      <failure type="unmatched-pact-interaction" message="no &quot;contract&quot; metadata entry; no message type metadata; no topic, channel or destination metadata">pacts/audit-orders.json at /interactions/0: no &quot;contract&quot; metadata entry; no message type metadata; no topic, channel or destination metadata; map it with --pact-mapping, a message type in its metadata or a &quot;type&quot; field in its content</failure>",
    ]
  `);
  expect(scratch.read('reports/comment.md')).toMatchInlineSnapshot(`
    "### eventspec contracts check (against baseline)

    No contract changed.

    #### Pact interactions that match no contract

    - consumer audit: "something to audit" (\`pacts/audit-orders.json\` at \`/interactions/0\`): no "contract" metadata entry; no message type metadata; no topic, channel or destination metadata
    "
  `);
  expect(run.stderr).toMatchInlineSnapshot(`
    "1 pact interaction matches no contract, so nothing would check what its consumer reads:
      - consumer audit: "something to audit" (pacts/audit-orders.json at /interactions/0): no "contract" metadata entry; no message type metadata; no topic, channel or destination metadata
    Map each one to its contract: a message type in its metadata (messageType: "OrderPlaced"), a "type" field in its content, a topic that carries one contract, or a mapping by description or provider state (--pact-mapping mapping.json, or the pactMapping option: { "descriptions": { "something to audit": "OrderPlaced@2" } }). Or pass --allow-unmatched-pacts to leave them unchecked.
    "
  `);
  const allowed = scratch.eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--pacts',
    'pacts',
    '--allow-unmatched-pacts',
  );
  expect(allowed.code).toBe(0);
  expect(allowed.stderr.split('\n').at(-2)).toMatchInlineSnapshot(
    `"They are not checked (--allow-unmatched-pacts)."`,
  );
});

test('--pact-mapping maps an interaction by its description', () => {
  folders({ orderPlaced: orderPlaced({ type: 'string' }) });
  withAudit();
  scratch.write('mapping.json', { descriptions: { 'something to audit': 'OrderPlaced' } });
  const run = scratch.eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--pacts',
    'pacts',
    '--pact-mapping',
    'mapping.json',
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  expect(run.stdout.split('\n').filter((l) => l.includes('consumer'))).toMatchInlineSnapshot(`
    [
      "  consumer audit ✓ unaffected, reads id",
      "  consumer billing ✗ total.amount: type-narrowed — string values are rejected, e.g. {"orderId":"","total":{"amount":"","currency":"YHE"}}",
      "  consumer shipping ✓ unaffected, reads lines[].sku, orderId, type",
      "eventspec contracts check: 1 breaking, 0 unproven, 0 compatible, 1 consumer break — 1 of 3 contracts changed since baseline",
    ]
  `);
  scratch.write('bad-mapping.json', { descriptions: { x: 12 }, byState: {} });
  const bad = scratch.eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--pacts',
    'pacts',
    '--pact-mapping',
    'bad-mapping.json',
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatchInlineSnapshot(`
    "The pact mapping cannot be used (2 problems):
      bad-mapping.json at /descriptions/x: expected a contract id like "OrderPlaced@2" or a type like "OrderPlaced", got 12
      bad-mapping.json at /byState: unknown key "byState"; a pact mapping has descriptions, providerStates
    Nothing was compared; fix the input above.
    "
  `);
});

test('a pact naming a contract that exists nowhere is unmatched too', () => {
  folders();
  const pact = JSON.parse(scratch.read('pacts/billing-orders.json'));
  pact.messages[0].metadata.contract = 'OrderPlaced@9';
  scratch.write('pacts/billing-orders.json', pact);
  const run = scratch.eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(run.code).toBe(4);
  expect(run.stderr.split('\n')[1]).toMatchInlineSnapshot(
    `"  - consumer billing: "an order to bill" (pacts/billing-orders.json at /messages/0): its "contract" metadata names OrderPlaced@9, which is no contract here"`,
  );
});

test('a pact with a null interaction is broken input naming the place', () => {
  folders();
  scratch.write('pacts/null.json', {
    consumer: { name: 'c' },
    provider: { name: 'p' },
    interactions: [null],
  });
  const run = scratch.eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      pacts/null.json at /interactions/0: expected an interaction object, got null
    Nothing was compared; fix the input above.
    "
  `);
});

const registry = () =>
  contractsFromFiles([
    { path: 'order-placed.v1.contract.json', text: JSON.stringify(orderPlaced({ type: 'number' })) },
    { path: 'order-cancelled.v1.contract.json', text: JSON.stringify(orderCancelled) },
    { path: 'payment-captured.v1.contract.json', text: JSON.stringify(paymentCaptured) },
  ]);

test('checkConsumers matches plain interactions through the registry and refuses unmatched ones', async () => {
  const pacts = await readMessagePacts(
    ['billing-orders.json', 'shipping-orders.json', 'audit/audit-orders.json'].map((f) => join(pactDir, f)),
  );
  const old = registry().get('OrderPlaced@1').data;
  const next = orderPlaced({ type: 'string' }).data;
  const error = (() => {
    try {
      checkConsumers(pacts, 'OrderPlaced', old, next, { registry: registry() });
    } catch (e) {
      return e as Error & { code: string };
    }
  })();
  expect(error?.code).toBe('EVENTSPEC_PACT_INTERACTION_UNMATCHED');
  expect(error?.message.replaceAll(pactDir, '<dir>')).toMatchInlineSnapshot(`
    "1 pact interaction matches no contract, so nothing would check what its consumer reads:
      - consumer audit: "something to audit" (<dir>/audit/audit-orders.json at /interactions/0): no "contract" metadata entry; no message type metadata; no topic, channel or destination metadata
    Map each one to its contract: a message type in its metadata (messageType: "OrderPlaced"), a "type" field in its content, a topic that carries one contract, or a mapping by description or provider state (--pact-mapping mapping.json, or the pactMapping option: { "descriptions": { "something to audit": "OrderPlaced@2" } }). Or pass allowUnmatched: true to leave them unchecked."
  `);
  const impacts = checkConsumers(pacts, 'OrderPlaced', old, next, {
    registry: registry(),
    allowUnmatched: true,
  });
  expect(impacts.map((i) => [i.consumer, i.result.verdict, i.reads.join(' ')])).toMatchInlineSnapshot(`
    [
      [
        "billing",
        "incompatible",
        "orderId total.amount total.currency",
      ],
      [
        "shipping",
        "compatible",
        "lines[].sku orderId type",
      ],
    ]
  `);
  expect(() => checkConsumers(pacts, 'OrderPlaced', old, next, { alowUnmatched: true } as never)).toThrow(
    /checkConsumers: unknown option "alowUnmatched". Known options: library, oldLibrary/,
  );
});

test("verifyProducers checks a plain V4 pact with Pact's verifier, answering its own metadata names", async () => {
  const pactFiles = [join(pactDir, 'shipping-orders.json')];
  const producer = (sku: unknown) => () => ({
    channel: 'orders',
    data: { type: 'OrderPlaced', orderId: 'o-9', total: { amount: 3, currency: 'EUR' }, lines: [{ sku }] },
  });
  const summary = await verifyProducers({
    provider: 'orders',
    pactFiles,
    registry: registry(),
    producers: { 'OrderPlaced@1': producer('ink') },
  });
  expect(summary).toEqual({ consumers: ['shipping'], interactions: 1 });
  const failure = await verifyProducers({
    provider: 'orders',
    pactFiles,
    registry: registry(),
    producers: { 'OrderPlaced@1': producer(7) },
  }).catch((e: Error) => e);
  expect((failure as Error).message).toMatchInlineSnapshot(`
    "Pact verification of the producers failed:
      Verifying a pact between shipping and orders - an order to ship
        - $.lines[0].sku: Expected 7 (Integer) to be the same type as 'pen' (String)
      Contract violations:
      "an order to ship": the producer's message breaks OrderPlaced@1:
        - data.lines[0].sku: expected a string, got 7
    The producer no longer sends what a consumer expects: fix the producer, or agree a new contract version with the consumer."
  `);
});

test('verifyProducers refuses an interaction that matches no contract, and says so', async () => {
  const error = await verifyProducers({
    provider: 'orders',
    pactFiles: [join(pactDir, 'audit', 'audit-orders.json')],
    registry: registry(),
    producers: { 'OrderPlaced@1': () => ({ data: {} }) },
  }).catch((e: Error) => e);
  expect((error as Error).message.replaceAll(pactDir, '<dir>')).toMatchInlineSnapshot(`
    "1 pact interaction matches no contract, so nothing would check what its consumer reads:
      - consumer audit: "something to audit" (<dir>/audit/audit-orders.json at /interactions/0): no "contract" metadata entry; no message type metadata; no topic, channel or destination metadata
    Map each one to its contract: a message type in its metadata (messageType: "OrderPlaced"), a "type" field in its content, a topic that carries one contract, or a mapping by description or provider state (--pact-mapping mapping.json, or the pactMapping option: { "descriptions": { "something to audit": "OrderPlaced@2" } }). Pact's verifier checks every interaction of the files, so each needs a producer."
  `);
});

test('a V3 message pact as Pact JVM writes it (metaData, one providerState) is read and mapped by its state', async () => {
  // Apart from the pacts the CLI tests copy.
  mkdirSync(join(pactDir, 'jvm'), { recursive: true });
  const file = join(pactDir, 'jvm', 'reporting-payments.json');
  writeFileSync(
    file,
    JSON.stringify({
      consumer: { name: 'reporting' },
      provider: { name: 'payments' },
      messages: [
        {
          description: 'a payment for the ledger',
          providerState: 'a captured payment',
          contents: { paymentId: 'p-1', amount: 3 },
          metaData: { contentType: 'application/json' },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    }),
  );
  const [pact] = await readMessagePacts([file]);
  const { pacts, unmatched } = matchPactInteractions([pact!], {
    registry: registry(),
    mapping: { providerStates: { 'a captured payment': 'PaymentCaptured@1' } },
  });
  expect(unmatched).toEqual([]);
  expect(pacts[0]!.interactions.map((i) => [i.contract, i.matchedBy, i.metadata])).toMatchInlineSnapshot(`
    [
      [
        "PaymentCaptured@1",
        "the mapping of provider state "a captured payment"",
        {
          "contentType": "application/json",
        },
      ],
    ]
  `);
});
