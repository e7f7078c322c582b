// The gate as a new process with the parse cache: the first run loads @asyncapi/parser, a run on the same
// documents does not, and each says exactly what a run without the cache says. No run loads all of core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { cliScratch } from '../support/cli-scratch.js';

const scratch = cliScratch('eventspec-cli-parse-cache-');
const document = readFileSync(
  new URL('../../../../examples/orders/contracts/payments.asyncapi.yaml', import.meta.url),
  'utf8',
);
// Tells on stderr each time the process resolves @asyncapi/parser, or the whole of @eventspec/core (the gate
// needs neither on a warm cache: each costs a new process tens to hundreds of milliseconds).
const hook = `import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === '@asyncapi/parser') process.stderr.write('[@asyncapi/parser loaded]\\n');
    if (specifier === '@eventspec/core') process.stderr.write('[@eventspec/core loaded]\\n');
    return next(specifier, context);
  },
});
`;

function gate(cache: string) {
  const env = {
    ...process.env,
    EVENTSPEC_CACHE_DIR: cache,
    NODE_OPTIONS: `--import ${pathToFileURL(join(scratch.dir, 'hook.mjs')).href}`,
  };
  return scratch.eventspec.withEnv(env)(
    'contracts',
    'check',
    '--contracts',
    'contracts',
    '--baseline',
    'baseline',
  );
}

test('a second run reads the documents from the cache without loading the parser, and says the same', () => {
  scratch.write('hook.mjs', hook);
  scratch.write('baseline/payments.asyncapi.yaml', document);
  scratch.write('contracts/payments.asyncapi.yaml', document);
  const cache = join(scratch.dir, 'cache');
  const cold = gate(cache);
  expect(cold).toMatchInlineSnapshot(`
    {
      "code": 0,
      "stderr": "[@asyncapi/parser loaded]
    ",
      "stdout": "✓ 2 contracts, 0 changes since baseline
    ",
    }
  `);
  const warm = gate(cache);
  expect(warm).toEqual({ ...cold, stderr: '' });
  expect(gate('off')).toEqual(cold);

  // A breaking change: the new text is parsed (once), then read from the cache; the verdict is the parser's.
  scratch.write(
    'contracts/payments.asyncapi.yaml',
    document.replace('amount: { type: integer, minimum: 0 }', 'amount: { type: string }'),
  );
  const changed = gate(cache);
  expect(changed.code).toBe(1);
  expect(changed.stdout).toMatchInlineSnapshot(`
    "✗ 2 breaks  PaymentCaptured@1  FULL  (edited in place, against PaymentCaptured@1 (baseline); contracts/payments.asyncapi.yaml#/channels/paymentCaptured/messages/paymentCaptured)
      sent by Payments and shipping (publishPaymentCaptured)
      data.amount: type-narrowed — integer values are rejected
        accepted by PaymentCaptured@1 (baseline), rejected by PaymentCaptured@1: {"paymentId":"","orderId":"order-","amount":0}
      data.amount: type-narrowed — string values are rejected
        accepted by PaymentCaptured@1, rejected by PaymentCaptured@1 (baseline): {"paymentId":"","orderId":"order-","amount":""}
      PaymentCaptured@1 is edited in place, and events stored at PaymentCaptured@1 are never upcast; publish PaymentCaptured@2 with an upcaster from PaymentCaptured@1 instead

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
  expect(changed.stderr).toBe('[@asyncapi/parser loaded]\n');
  expect(gate(cache)).toEqual({ ...changed, stderr: '' });
  expect(gate('off')).toEqual(changed);
});
