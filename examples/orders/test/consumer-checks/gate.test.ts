// Runs `eventspec contracts check --consumer-checks` of @eventspec/contracts (its package.json `bin`).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const contractsPackage = require.resolve('@eventspec/contracts/package.json');
const bin = join(dirname(contractsPackage), JSON.parse(readFileSync(contractsPackage, 'utf8')).bin.eventspec);
const example = fileURLToPath(new URL('../..', import.meta.url));
let scratch: string;

beforeEach(() => {
  // The working tree: the contracts of today plus the OrderPlaced@3 the orders team is about to ship.
  scratch = mkdtempSync(join(tmpdir(), 'orders-gate-'));
  cpSync(join(example, 'contracts'), scratch, { recursive: true });
  cpSync(
    join(example, 'test/consumer-checks/order-placed.v3.contract.json'),
    join(scratch, 'order-placed.v3.contract.json'),
  );
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function gate(checks: string) {
  const run = spawnSync(
    process.execPath,
    [
      bin,
      'contracts',
      'check',
      '--contracts',
      scratch,
      '--baseline',
      'contracts',
      '--consumer-checks',
      checks,
    ],
    {
      cwd: example,
      encoding: 'utf8',
    },
  );
  const text = (s: string) =>
    s
      .replaceAll(/\S*orders-gate-[^/ ]+/g, '<scratch>')
      .replace(/run \d+ of \d+, shrunk \d+ times/, 'run <n>')
      .replace(/path: "[^"]*"/, 'path: "<path>"');
  return { code: run.status, stdout: text(run.stdout), stderr: text(run.stderr) };
}

test('OrderPlaced@3 is compatible by schema and the finance consumer handles it: exit 0', () => {
  const run = gate('test/consumer-checks/gate-checks.ts');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ compatible  OrderPlaced@3  BACKWARD  (new version, against OrderPlaced@2; <scratch>/order-placed.v3.contract.json)

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 5 contracts changed since contracts
    ✓ consumer  finance revenue  (built for OrderPlaced@2) on what OrderPlaced@3 allows — 100 messages
    "
  `);
});

test('compatible by schema, broken by code: the planted consumer fails the gate on OrderPlaced@3, exit 1', () => {
  const run = gate('test/consumer-checks/gate-checks.ts#plantedChecks');
  expect(run.code).toBe(1);
  expect(run.stdout.split('\n').filter((line) => !line.startsWith('      '))).toMatchInlineSnapshot(`
    [
      "✓ compatible  OrderPlaced@3  BACKWARD  (new version, against OrderPlaced@2; <scratch>/order-placed.v3.contract.json)",
      "",
      "eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 5 contracts changed since contracts",
      "✗ consumer  finance revenue (planted bug)  (built for OrderPlaced@2) on what OrderPlaced@3 allows — 100 messages",
      "    checkConsumer: the consumer fails on a message OrderPlaced@3 allows (generated under the producer's version; the consumer was built for OrderPlaced@2): the invariant returned false.",
      "    Smallest message (run <n>):",
      "    The fields that decide it (another value the contract allows there makes the consumer pass):",
      "    Replay: checkConsumer({ …, seed: 2026, path: "<path>" })",
      "    Paste as a test:",
      "eventspec contracts check: 1 of 1 consumer checks fail on what the changed contracts allow: a breaking change for those consumers",
      "",
    ]
  `);
});
