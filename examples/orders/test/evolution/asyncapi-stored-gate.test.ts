// Runs the `eventspec` command of @eventspec/contracts (its package.json `bin`) on two versions of the example's
// AsyncAPI document, whose stored events carry `x-eventspec-stored: true` (through the storedEvent trait).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAsyncApi } from '@eventspec/contracts/asyncapi';
import { afterEach, beforeEach, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const contractsPackage = require.resolve('@eventspec/contracts/package.json');
const bin = join(dirname(contractsPackage), JSON.parse(readFileSync(contractsPackage, 'utf8')).bin.eventspec);
const core = pathToFileURL(require.resolve('@eventspec/core')).href;
const document = fileURLToPath(new URL('../../contracts/payments.asyncapi.yaml', import.meta.url));
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'orders-asyncapi-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function eventspec(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: scratch, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The text with one part replaced, failing when the part is not there (the document changed). */
function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

test('the payment and order streams keep PaymentCaptured and OrderShipped: both stored', async () => {
  const registry = await loadAsyncApi(document);
  expect(registry.list().map((c) => `${c.id} stored: ${c.stored ?? false}`)).toEqual([
    'OrderShipped@1 stored: true',
    'PaymentCaptured@1 stored: true',
  ]);
});

/**
 * The baseline is the document as it is; the new version edits PaymentCaptured in place: it bumps
 * `x-eventspec-version` to 2 and requires a currency, which the stored @1 events do not have.
 */
function paymentCapturedV2(): void {
  mkdirSync(join(scratch, 'baseline'));
  cpSync(document, join(scratch, 'baseline/payments.asyncapi.yaml'));
  let v2 = readFileSync(document, 'utf8');
  v2 = edit(
    v2,
    'x-eventspec-envelope: cloudevents',
    'x-eventspec-envelope: cloudevents\n      x-eventspec-version: 2',
  );
  v2 = edit(v2, 'required: [paymentId, orderId, amount]', 'required: [paymentId, orderId, amount, currency]');
  v2 = edit(
    v2,
    'amount: { type: integer, minimum: 0 }',
    'amount: { type: integer, minimum: 0 }\n          currency: { enum: [EUR, USD, GBP] }',
  );
  mkdirSync(join(scratch, 'contracts'));
  writeFileSync(join(scratch, 'contracts/payments.asyncapi.yaml'), v2);
}

/** Runs the gate with the upcasters `defineUpcasters()${registrations}`; the report without the examples. */
function gate(registrations: string) {
  writeFileSync(
    join(scratch, 'payment-upcasters.mjs'),
    `import { defineUpcasters } from '${core}';\nexport const paymentUpcasters = defineUpcasters()${registrations};\n`,
  );
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--upcasters',
    'payment-upcasters.mjs',
  );
  expect(run.stderr).toBe('');
  return { code: run.code, report: run.stdout.split('\n').filter((line) => !line.startsWith('    ')) };
}

// #region asyncapi-stored-gate
test('PaymentCaptured@2 requires a currency: the gate passes only with the upcaster of stored @1 events', () => {
  paymentCapturedV2();

  const missing = gate(".latest('PaymentCaptured', 2)");
  expect(missing.code).toBe(1);
  expect(missing.report).toMatchInlineSnapshot(`
    [
      "✗ no upcaster  PaymentCaptured@2  FULL  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/paymentCaptured/messages/paymentCaptured)",
      "  sent by Payments and shipping (publishPaymentCaptured)",
      "  data: required-added — "currency" is required",
      "  data.currency: open-content-model — "currency" was not declared before, so old messages may hold any value there (open content model); the value null is rejected",
      "  stored PaymentCaptured@1 events do not validate against PaymentCaptured@2 and no upcaster takes them there: register('PaymentCaptured', 1, upcast) in payment-upcasters.mjs#paymentUpcasters",
      "- removed  PaymentCaptured@1  FULL  (removed; baseline/payments.asyncapi.yaml#/channels/paymentCaptured/messages/paymentCaptured)",
      "",
      "eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible, 1 removed — 1 of 2 contracts changed, 1 removed since baseline",
      "",
    ]
  `);

  const covered = gate(
    ".register('PaymentCaptured', 1, ({ data, ...event }) => ({ ...event, data: { ...data, currency: 'EUR' } }))",
  );
  expect(covered.code).toBe(0);
  expect(covered.report).toMatchInlineSnapshot(`
    [
      "✓ upcast  PaymentCaptured@2  FULL  (new version, against PaymentCaptured@1; contracts/payments.asyncapi.yaml#/channels/paymentCaptured/messages/paymentCaptured)",
      "  sent by Payments and shipping (publishPaymentCaptured)",
      "  data: required-added — "currency" is required",
      "  data.currency: open-content-model — "currency" was not declared before, so old messages may hold any value there (open content model); the value null is rejected",
      "  stored PaymentCaptured@1 events are upcast: PaymentCaptured@1 → @2",
      "- removed  PaymentCaptured@1  FULL  (removed; baseline/payments.asyncapi.yaml#/channels/paymentCaptured/messages/paymentCaptured)",
      "",
      "eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 upcast, 1 removed — 1 of 2 contracts changed, 1 removed since baseline",
      "",
    ]
  `);
});
// #endregion asyncapi-stored-gate
