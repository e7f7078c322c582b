// Runs the `eventspec` command of @eventspec/contracts (its package.json `bin`) on the stored-event contracts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const contractsPackage = require.resolve('@eventspec/contracts/package.json');
const bin = join(dirname(contractsPackage), JSON.parse(readFileSync(contractsPackage, 'utf8')).bin.eventspec);
const example = fileURLToPath(new URL('../..', import.meta.url));
const contracts = 'src/evolution/contracts';
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'orders-stored-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function eventspec(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: example, encoding: 'utf8' });
  const text = (s: string) => s.replaceAll(/\S*orders-stored-[^/]+/g, '<scratch>');
  return { code: run.status, stdout: text(run.stdout), stderr: text(run.stderr) };
}

test('the v2 and v3 schemas break stored events, and orderUpcasters reads every old version: exit 0', () => {
  // The baseline: the store before its events evolved, with only the v1 contracts.
  for (const v1 of ['order-placed.v1.contract.json', 'order-cancelled.v1.contract.json'])
    cpSync(join(example, contracts, v1), join(scratch, v1));
  const run = eventspec(
    'contracts',
    'check',
    '--contracts',
    'src/evolution/contracts',
    '--baseline',
    scratch,
    '--upcasters',
    'src/evolution/stored-order-events.ts#orderUpcasters',
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout.split('\n').filter((line) => !line.startsWith('  '))).toMatchInlineSnapshot(`
    [
      "✓ upcast  OrderCancelled@2  BACKWARD  (new version, against OrderCancelled@1; src/evolution/contracts/order-cancelled.v2.contract.json)",
      "✓ upcast  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; src/evolution/contracts/order-placed.v2.contract.json)",
      "✓ upcast  OrderPlaced@3  BACKWARD  (new version, against OrderPlaced@2; src/evolution/contracts/order-placed.v3.contract.json)",
      "",
      "eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 3 upcast — 3 of 5 contracts changed since <scratch>",
    ]
  `);
});

test('OrderPlaced@4 makes the currency required, without an upcaster from @3: exit 1, saying what to register where', () => {
  cpSync(join(example, contracts), scratch, { recursive: true });
  const v3 = JSON.parse(readFileSync(join(scratch, 'order-placed.v3.contract.json'), 'utf8'));
  const data = v3.data.properties.data;
  data.properties.currency = { enum: ['EUR', 'USD', 'GBP'] };
  data.required.push('currency');
  v3.data.properties.version = { const: 4 };
  writeFileSync(join(scratch, 'order-placed.v4.contract.json'), JSON.stringify({ ...v3, version: 4 }));
  const run = eventspec(
    'contracts',
    'check',
    '--contracts',
    scratch,
    '--baseline',
    contracts,
    '--upcasters',
    'src/evolution/stored-order-events.ts',
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ no upcaster  OrderPlaced@4  BACKWARD  (new version, against OrderPlaced@3; <scratch>/order-placed.v4.contract.json)
      data.data: required-added — "currency" is required
        accepted by OrderPlaced@3, rejected by OrderPlaced@4: {"type":"OrderPlaced","data":{"orderId":"a","customerId":"a","lines":[{"sku":"a","quantity":1,"unitPrice":0}],"total":0,"placedAt":"2024-01-02T03:04:05Z"}}
      data.version: value-removed — the value 3 is rejected
        accepted by OrderPlaced@3, rejected by OrderPlaced@4: {"type":"OrderPlaced","data":{"orderId":"a","customerId":"a","lines":[{"sku":"a","quantity":1,"unitPrice":0}],"total":0,"placedAt":"2024-01-02T03:04:05Z"},"version":3}
      stored OrderPlaced@3 events do not validate against OrderPlaced@4 and no upcaster takes them there: register('OrderPlaced', 3, upcast) in src/evolution/stored-order-events.ts#orderUpcasters

    eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible — 1 of 6 contracts changed since src/evolution/contracts
    "
  `);
});
