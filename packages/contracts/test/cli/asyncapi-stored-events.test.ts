import { expect, test } from 'vitest';
import { builtCore, cliScratch } from '../support/cli-scratch.js';

const core = builtCore;
const scratch = cliScratch('eventspec-cli-asyncapi-');
const { eventspec } = scratch;
const { write } = scratch;

const v1 = `    PaymentCaptured:
      name: PaymentCaptured
      x-eventspec-stored: true
      payload:
        type: object
        properties:
          paymentId: { type: string }
          amount: { type: integer }
        required: [paymentId, amount]
`;
// v2 adds a required currency: PaymentCaptured@1 events in the store no longer validate.
const v2 = `    PaymentCapturedV2:
      name: PaymentCaptured
      x-eventspec-version: 2
      x-eventspec-stored: true
      payload:
        type: object
        properties:
          paymentId: { type: string }
          amount: { type: integer }
          currency: { enum: [EUR, USD] }
        required: [paymentId, amount, currency]
`;

/** The payments document with the given component messages, each on the payments channel. */
function paymentsDocument(messages: Record<string, string>): string {
  const refs = Object.keys(messages)
    .map((id) => `      ${id}:\n        $ref: '#/components/messages/${id}'\n`)
    .join('');
  return `asyncapi: 3.1.0
info: { title: Payments, version: 1.0.0 }
channels:
  payments:
    address: payments
    messages:
${refs}components:
  messages:
${Object.values(messages).join('')}`;
}

function v1ThenV2(): void {
  write('baseline/payments.asyncapi.yaml', paymentsDocument({ PaymentCaptured: v1 }));
  write('contracts/payments.asyncapi.yaml', paymentsDocument({ PaymentCaptured: v1, PaymentCapturedV2: v2 }));
}

const upcasterModule = (registrations: string) => `import { defineUpcasters } from '${core}';
export const paymentUpcasters = defineUpcasters()${registrations};
`;

test('a breaking change of a stored AsyncAPI message with its upcaster: exit 0, the upcaster that covers it', () => {
  v1ThenV2();
  write(
    'src/upcasters.mjs',
    upcasterModule(".register('PaymentCaptured', 1, (v1) => ({ ...v1, currency: 'EUR' }))"),
  );
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/upcasters.mjs');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ upcast  PaymentCaptured@2  BACKWARD  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCapturedV2)
      data: required-added — "currency" is required
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0}
      data.currency: open-content-model — "currency" was not declared before, so old messages may hold any value there (open content model); the value null is rejected
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0,"currency":null}
      stored PaymentCaptured@1 events are upcast: PaymentCaptured@1 → @2

    eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 upcast — 1 of 2 contracts changed since baseline
    "
  `);
});

test('the same change without the upcaster: exit 1 with what to register and where, in the JUnit report too', () => {
  v1ThenV2();
  write('src/upcasters.mjs', upcasterModule(".latest('PaymentCaptured', 2)"));
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--upcasters',
    'src/upcasters.mjs',
    '--junit',
    'contracts.xml',
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ no upcaster  PaymentCaptured@2  BACKWARD  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCapturedV2)
      data: required-added — "currency" is required
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0}
      data.currency: open-content-model — "currency" was not declared before, so old messages may hold any value there (open content model); the value null is rejected
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0,"currency":null}
      stored PaymentCaptured@1 events do not validate against PaymentCaptured@2 and no upcaster takes them there: register('PaymentCaptured', 1, upcast) in src/upcasters.mjs#paymentUpcasters

    eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
  expect(scratch.read('contracts.xml')).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="eventspec contracts" tests="1" failures="1">
      <testsuite name="eventspec contracts check" tests="1" failures="1">
        <testcase classname="eventspec.contracts.PaymentCaptured" name="PaymentCaptured@2 BACKWARD (new version, against PaymentCaptured@1)" file="contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCapturedV2">
          <failure type="missing-upcaster" message="stored PaymentCaptured@1 events do not validate against PaymentCaptured@2 and no upcaster takes them there: register('PaymentCaptured', 1, upcast) in src/upcasters.mjs#paymentUpcasters">  data: required-added — &quot;currency&quot; is required
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {&quot;paymentId&quot;:&quot;&quot;,&quot;amount&quot;:0}
      data.currency: open-content-model — &quot;currency&quot; was not declared before, so old messages may hold any value there (open content model); the value null is rejected
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {&quot;paymentId&quot;:&quot;&quot;,&quot;amount&quot;:0,&quot;currency&quot;:null}
    stored PaymentCaptured@1 events do not validate against PaymentCaptured@2 and no upcaster takes them there: register('PaymentCaptured', 1, upcast) in src/upcasters.mjs#paymentUpcasters</failure>
        </testcase>
      </testsuite>
    </testsuites>
    "
  `);
});

test('the same documents without x-eventspec-stored: the plain breaking verdict, upcasters or not', () => {
  const unmarked = (text: string) => text.replaceAll('      x-eventspec-stored: true\n', '');
  write('baseline/payments.asyncapi.yaml', unmarked(paymentsDocument({ PaymentCaptured: v1 })));
  write(
    'contracts/payments.asyncapi.yaml',
    unmarked(paymentsDocument({ PaymentCaptured: v1, PaymentCapturedV2: v2 })),
  );
  write(
    'src/upcasters.mjs',
    upcasterModule(".register('PaymentCaptured', 1, (v1) => ({ ...v1, currency: 'EUR' }))"),
  );
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/upcasters.mjs');
  expect(run.code).toBe(1);
  expect(run.stdout.split('\n')[0]).toMatchInlineSnapshot(
    `"✗ 2 breaks  PaymentCaptured@2  BACKWARD  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCapturedV2)"`,
  );
});

test('x-eventspec-stored that is not a boolean: exit 2 naming the document, the message and the fix', () => {
  v1ThenV2();
  write(
    'contracts/payments.asyncapi.yaml',
    paymentsDocument({
      PaymentCaptured: v1.replace('x-eventspec-stored: true', "x-eventspec-stored: 'yes'"),
      PaymentCapturedV2: v2.replace('x-eventspec-stored: true', 'x-eventspec-stored: 1'),
    }),
  );
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (2 problems):
      contracts/payments.asyncapi.yaml:15:27: message "PaymentCaptured@1": "x-eventspec-stored" is "yes", but it must be true (events of this type are kept in an event store, so \`eventspec contracts check\` requires an upcaster for each breaking change) or false; write x-eventspec-stored: true, without quotes
      contracts/payments.asyncapi.yaml:25:27: message "PaymentCaptured@2": "x-eventspec-stored" is 1, but it must be true (events of this type are kept in an event store, so \`eventspec contracts check\` requires an upcaster for each breaking change) or false; write x-eventspec-stored: true, without quotes
    Nothing was compared; fix the input above.
    "
  `);
});

test('the document edited in place, x-eventspec-version 1 → 2: compared with the version it replaces, so the gate still holds', () => {
  write('baseline/payments.asyncapi.yaml', paymentsDocument({ PaymentCaptured: v1 }));
  const v2InPlace = v2.replace('PaymentCapturedV2:', 'PaymentCaptured:');
  write('contracts/payments.asyncapi.yaml', paymentsDocument({ PaymentCaptured: v2InPlace }));
  write('src/none.mjs', upcasterModule(".latest('PaymentCaptured', 2)"));
  write(
    'src/upcasters.mjs',
    upcasterModule(".register('PaymentCaptured', 1, (v1) => ({ ...v1, currency: 'EUR' }))"),
  );
  const missing = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/none.mjs');
  expect(missing.code).toBe(1);
  expect(missing.stdout).toMatchInlineSnapshot(`
    "✗ no upcaster  PaymentCaptured@2  BACKWARD  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCaptured)
      data: required-added — "currency" is required
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0}
      data.currency: open-content-model — "currency" was not declared before, so old messages may hold any value there (open content model); the value null is rejected
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@2: {"paymentId":"","amount":0,"currency":null}
      stored PaymentCaptured@1 events do not validate against PaymentCaptured@2 and no upcaster takes them there: register('PaymentCaptured', 1, upcast) in src/none.mjs#paymentUpcasters
    - removed  PaymentCaptured@1  BACKWARD  (removed; baseline/payments.asyncapi.yaml#/channels/payments/messages/PaymentCaptured)

    eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible, 1 removed — 1 of 1 contract changed, 1 removed since baseline
    "
  `);
  const covered = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--upcasters',
    'src/upcasters.mjs',
  );
  expect(covered.code).toBe(0);
  expect(covered.stdout.split('\n').filter((line) => !line.startsWith('  '))).toMatchInlineSnapshot(`
    [
      "✓ upcast  PaymentCaptured@2  BACKWARD  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/payments/messages/PaymentCaptured)",
      "- removed  PaymentCaptured@1  BACKWARD  (removed; baseline/payments.asyncapi.yaml#/channels/payments/messages/PaymentCaptured)",
      "",
      "eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 upcast, 1 removed — 1 of 1 contract changed, 1 removed since baseline",
      "",
    ]
  `);
});
