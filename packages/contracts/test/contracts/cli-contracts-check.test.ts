// Spawns the built `eventspec` command (run `pnpm run build` first) on contract folders written per test.
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { cliScratch } from '../support/cli-scratch.js';

const scratch = cliScratch('eventspec-cli-');
const { eventspec } = scratch;
const write = (folder: string, name: string, contract: unknown) =>
  scratch.write(`${folder}/${name}`, contract);

const orderPlaced = (version: number, data: object, compatibility = 'BACKWARD') => ({
  type: 'OrderPlaced',
  version,
  compatibility,
  data,
});
const v1 = {
  type: 'object',
  properties: { orderId: { type: 'string' }, total: { type: 'number' } },
  required: ['orderId', 'total'],
  additionalProperties: false,
};
const v2Compatible = { ...v1, properties: { ...v1.properties, note: { type: 'string' } } };
const v2Breaking = {
  ...v1,
  properties: { ...v1.properties, total: { type: 'integer' }, currency: { type: 'string' } },
  required: ['orderId', 'total', 'currency'],
};

function baselineWithV1(): void {
  write('baseline', 'order-placed.v1.contract.json', orderPlaced(1, v1));
  write('contracts', 'order-placed.v1.contract.json', orderPlaced(1, v1));
}

test('nothing changed: exit 0 and one summary line', () => {
  baselineWithV1();
  expect(eventspec('contracts', 'check', '--baseline', 'baseline')).toEqual({
    code: 0,
    stdout: '✓ 1 contract, 0 changes since baseline\n',
    stderr: '',
  });
});

test('a compatible new version: exit 0 and a one-line verdict per change', () => {
  baselineWithV1();
  write('contracts', 'order-placed.v2.contract.json', orderPlaced(2, v2Compatible));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ compatible  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 2 contracts changed since baseline
    "
  `);
});

test('a breaking new version: exit 1, each break with path, rule and counterexample; JUnit and Markdown on request', () => {
  baselineWithV1();
  write('contracts', 'order-placed.v2.contract.json', orderPlaced(2, v2Breaking));
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--junit',
    'report.xml',
    '--markdown',
    'report.md',
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ 2 breaks  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data: required-added — "currency" is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"orderId":"","total":0}
      data.total: integer-required — numbers must be integers
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"orderId":"","total":0.5}

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
  expect(scratch.read('report.xml')).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="eventspec contracts" tests="1" failures="1">
      <testsuite name="eventspec contracts check" tests="1" failures="1">
        <testcase classname="eventspec.contracts.OrderPlaced" name="OrderPlaced@2 BACKWARD (new version, against OrderPlaced@1)" file="contracts/order-placed.v2.contract.json">
          <failure type="breaking-change" message="data: &quot;currency&quot; is required">  data: required-added — &quot;currency&quot; is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {&quot;orderId&quot;:&quot;&quot;,&quot;total&quot;:0}
      data.total: integer-required — numbers must be integers
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {&quot;orderId&quot;:&quot;&quot;,&quot;total&quot;:0.5}</failure>
        </testcase>
      </testsuite>
    </testsuites>
    "
  `);
  expect(scratch.read('report.md')).toMatchInlineSnapshot(`
    "### eventspec contracts check (against baseline)

    | Contract | Change | Mode | Verdict |
    | --- | --- | --- | --- |
    | \`OrderPlaced@2\` | new version, against OrderPlaced@1 | BACKWARD | ✗ 2 breaks |

    #### \`OrderPlaced@2\` — ✗ 2 breaks

    - \`data\` **required-added**: "currency" is required. Accepted by OrderPlaced@1, rejected by OrderPlaced@2:
      \`\`\`json
      {"orderId":"","total":0}
      \`\`\`
    - \`data.total\` **integer-required**: numbers must be integers. Accepted by OrderPlaced@1, rejected by OrderPlaced@2:
      \`\`\`json
      {"orderId":"","total":0.5}
      \`\`\`
    "
  `);
});

test('the same change passes FORWARD and fails BACKWARD', () => {
  baselineWithV1();
  write('contracts', 'order-placed.v2.contract.json', orderPlaced(2, v2Compatible, 'FORWARD'));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(1);
  expect(run.stdout.split('\n')[0]).toMatchInlineSnapshot(
    `"✗ 1 break  OrderPlaced@2  FORWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)"`,
  );
});

test('broken input: exit 2, naming the file and the place, no stack trace', () => {
  baselineWithV1();
  write(
    'contracts',
    'order-placed.v2.contract.json',
    orderPlaced(2, { type: 'object', properties: { total: { $ref: '#/$defs/Money' } } }),
  );
  write('contracts', 'broken.contract.json', '{ "type": "Broken", ');
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (2 problems):
      contracts/broken.contract.json:1:21: invalid JSON: Expected double-quoted property name
      contracts/order-placed.v2.contract.json at /data/properties/total: $ref "#/$defs/Money" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id
    Nothing was compared; fix the input above.
    "
  `);
});

test('cannot prove: exit 3, or 0 with --allow-unproven', () => {
  const code = (pattern: string) => ({ type: 'object', properties: { code: { type: 'string', pattern } } });
  write('baseline', 'order-placed.v1.contract.json', orderPlaced(1, code('^[a-z]+$')));
  write('contracts', 'order-placed.v1.contract.json', orderPlaced(1, code('^[a-z]+$')));
  write('contracts', 'order-placed.v2.contract.json', orderPlaced(2, code('^[a-z]*$')));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(3);
  expect(run.stdout).toMatchInlineSnapshot(`
    "? cannot prove  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.code: cannot prove — strings must match /^[a-z]*$/, but no value accepted by one schema and rejected by the other was found (pattern-changed)

    eventspec contracts check: 0 breaking, 1 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
  expect(eventspec('contracts', 'check', '--baseline', 'baseline', '--allow-unproven').code).toBe(0);
});

test('a git ref as baseline: a version edited in place is checked against the committed one', () => {
  baselineWithV1();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch.dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', 'contracts');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'v1');
  write(
    'contracts',
    'order-placed.v1.contract.json',
    orderPlaced(1, { ...v1, properties: { ...v1.properties, total: { type: 'string' } } }),
  );
  const run = eventspec('contracts', 'check', '--base-ref', 'HEAD');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ 1 break  OrderPlaced@1  BACKWARD  (edited in place, against OrderPlaced@1 (baseline); contracts/order-placed.v1.contract.json)
      data.total: type-narrowed — number values are rejected
        accepted by OrderPlaced@1 (baseline), rejected by OrderPlaced@1: {"orderId":"","total":0}

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 1 contract changed since HEAD
    "
  `);
  expect(eventspec('contracts', 'check', '--base-ref', 'HEAD~1').stdout).toContain(
    '✓ compatible  OrderPlaced@1  BACKWARD  (new contract;',
  );
  const badRef = eventspec('contracts', 'check', '--base-ref', 'no-such-branch');
  expect(badRef.code).toBe(2);
  expect(badRef.stderr.split('\n').slice(0, 2)).toMatchInlineSnapshot(`
    [
      "The baseline contracts cannot be loaded (1 problem):",
      "  no-such-branch: cannot read the baseline from git; pass an existing commit, branch or tag to --base-ref, or a folder to --baseline",
    ]
  `);
});

test('a baseline written before the rename ("body") is read as "data"; a working tree that still says body is refused', () => {
  const { data, ...rest } = orderPlaced(1, v1);
  write('baseline', 'order-placed.v1.contract.json', { ...rest, body: data });
  write('contracts', 'order-placed.v1.contract.json', orderPlaced(1, v1));
  expect(eventspec('contracts', 'check', '--baseline', 'baseline')).toEqual({
    code: 0,
    stdout: '✓ 1 contract, 0 changes since baseline\n',
    stderr: '',
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch.dir, stdio: 'pipe' });
  git('init', '-q');
  write('contracts', 'order-placed.v1.contract.json', { ...rest, body: data });
  git('add', 'contracts');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'before the rename');
  write('contracts', 'order-placed.v1.contract.json', orderPlaced(1, { ...v1, required: ['orderId'] }));
  const renamed = eventspec('contracts', 'check', '--base-ref', 'HEAD');
  expect(renamed.code).toBe(0);
  expect(renamed.stdout).toMatchInlineSnapshot(`
    "✓ compatible  OrderPlaced@1  BACKWARD  (edited in place, against OrderPlaced@1 (baseline); contracts/order-placed.v1.contract.json)

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 1 contract changed since HEAD
    "
  `);
  write('contracts', 'order-placed.v1.contract.json', { ...rest, body: data });
  const old = eventspec('contracts', 'check', '--base-ref', 'HEAD');
  expect(old.code).toBe(2);
  expect(old.stderr.split('\n').slice(0, 2)).toMatchInlineSnapshot(`
    [
      "The contracts cannot be loaded (1 problem):",
      "  contracts/order-placed.v1.contract.json at /body: "body" is named "data" now (the JSON Schema of the message's data, as in core's Message { id, type, key, data }); rename the key",
    ]
  `);
});

const pactFor = (consumer: string, content: object) => ({
  consumer: { name: consumer },
  provider: { name: 'orders' },
  interactions: [
    {
      type: 'Asynchronous/Messages',
      description: `${consumer} gets an order`,
      contents: { content, contentType: 'application/json', encoded: false },
      metadata: { contract: 'OrderPlaced@1' },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
});

test('with --pacts, a change names the consumers it breaks, from the fields they read, and fails on one', () => {
  baselineWithV1();
  // BACKWARD-compatible (old data still reads), but billing, on its current code, reads a total v2 may omit.
  write('contracts', 'order-placed.v2.contract.json', orderPlaced(2, { ...v1, required: ['orderId'] }));
  write('pacts', 'billing-orders.json', pactFor('billing', { orderId: 'o-1', total: 12.5 }));
  write('pacts', 'shipping-orders.json', pactFor('shipping', { orderId: 'o-1' }));
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--pacts',
    'pacts',
    '--junit',
    'report.xml',
  );
  expect(run.code).toBe(1);
  expect(scratch.read('report.xml')).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="eventspec contracts" tests="3" failures="1">
      <testsuite name="eventspec contracts check" tests="3" failures="1">
        <testcase classname="eventspec.contracts.OrderPlaced" name="OrderPlaced@2 BACKWARD (new version, against OrderPlaced@1)" file="contracts/order-placed.v2.contract.json"/>
        <testcase classname="eventspec.consumers.billing" name="OrderPlaced@2 consumer billing (reads orderId, total)" file="pacts/billing-orders.json">
          <failure type="consumer-break" message="(the message): &quot;total&quot; is required">  (the message): required-added — &quot;total&quot; is required
        accepted by OrderPlaced@2, rejected by OrderPlaced@1: {&quot;orderId&quot;:&quot;&quot;}</failure>
        </testcase>
        <testcase classname="eventspec.consumers.shipping" name="OrderPlaced@2 consumer shipping (reads orderId)" file="pacts/shipping-orders.json"/>
      </testsuite>
    </testsuites>
    "
  `);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ breaks billing  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      consumer billing ✗ (the message): required-added — "total" is required, e.g. {"orderId":""}
      consumer shipping ✓ unaffected, reads orderId

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible, 1 consumer break — 1 of 2 contracts changed since baseline
    "
  `);
  write('pacts', 'broken.json', '{ "consumer": {} }');
  const broken = eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'pacts');
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (3 problems):
      pacts/broken.json at /consumer/name: missing the consumer name
      pacts/broken.json at /provider/name: missing the provider name
      pacts/broken.json at /interactions: expected an array of interactions (V4) or messages (V3)
    Nothing was compared; fix the input above.
    "
  `);
});

const asyncApi = (amount: string) => `asyncapi: 3.1.0
info: { title: Payments, version: 1.0.0 }
channels:
  payments:
    address: payments
    messages:
      paymentCaptured:
        name: PaymentCaptured
        payload:
          type: object
          properties: { paymentId: { type: string }, amount: { type: ${amount} } }
          required: [paymentId, amount]
`;

test('AsyncAPI documents in the contracts folder are checked like contract files', () => {
  write('baseline', 'payments.asyncapi.yaml', asyncApi('number'));
  write('contracts', 'payments.asyncapi.yaml', asyncApi('string'));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ 1 break  PaymentCaptured@1  BACKWARD  (edited in place, against PaymentCaptured@1 (baseline); contracts/payments.asyncapi.yaml#/channels/payments/messages/paymentCaptured)
      data.amount: type-narrowed — number values are rejected
        accepted by PaymentCaptured@1 (baseline), rejected by PaymentCaptured@1: {"paymentId":"","amount":0}

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 1 contract changed since baseline
    "
  `);
}, 30_000);

test('usage errors exit 64 with the help text', () => {
  const run = eventspec('contracts', 'check');
  expect(run.code).toBe(64);
  expect(run.stderr.split('\n')[0]).toMatchInlineSnapshot(
    `"eventspec contracts check: pass exactly one of --baseline <folder>, --base-ref <git-ref> or --against-registry <url>."`,
  );
  expect(eventspec('contracts', 'check', '--bogus').code).toBe(64);
  expect(eventspec('nope').code).toBe(64);
});
