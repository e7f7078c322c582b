// Runs `eventspec replay` of @eventspec/contracts (its package.json `bin`) on the recorded order streams.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const contractsPackage = require.resolve('@eventspec/contracts/package.json');
const bin = join(dirname(contractsPackage), JSON.parse(readFileSync(contractsPackage, 'utf8')).bin.eventspec);
const example = fileURLToPath(new URL('../..', import.meta.url));
const fixture = 'test/replay/fixtures/orders-history.jsonl';
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'orders-replay-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function eventspec(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'replay', ...args], { cwd: example, encoding: 'utf8' });
  const text = (s: string) =>
    s.replaceAll(/\S*orders-replay-[^/]+/g, '<scratch>').replace(/\d+ events\/s/, '<n> events/s');
  return { code: run.status, stdout: text(run.stdout), stderr: text(run.stderr) };
}

test('the recorded streams rebuild the read model: exit 0, one summary line, Markdown and JUnit written', () => {
  // #region replay-cli
  const run = eventspec(
    '--module',
    'test/replay/replay-read-model.ts',
    '--jsonl',
    fixture,
    '--revive-dates',
    '--markdown',
    `${scratch}/reports/replay.md`,
    '--junit',
    `${scratch}/reports/replay.xml`,
  );
  // #endregion replay-cli
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ Replayed orders-history.jsonl: 32 events in 12 streams (9 upcast), no problems, <n> events/s
    "
  `);
  expect(readFileSync(join(scratch, 'reports/replay.md'), 'utf8')).toContain(
    '✓ Replayed orders-history.jsonl: 32 events',
  );
  expect(readFileSync(join(scratch, 'reports/replay.xml'), 'utf8')).toMatch(
    /<testsuites name="eventspec replay" tests="11" failures="0">/,
  );
});

test('a line that is not JSON and an unknown version: exit 2 at the bad line; skipping bad records, exit 1 for the unknown version', () => {
  const lines = readFileSync(join(example, fixture), 'utf8').trim().split('\n');
  lines.splice(4, 0, '{"streamId": "o-101", "type": ');
  lines.push(
    JSON.stringify({ streamId: 'o-200', streamVersion: 1, type: 'OrderPlaced', version: 7, data: {} }),
  );
  writeFileSync(join(scratch, 'broken.jsonl'), `${lines.join('\n')}\n`);
  const stopped = eventspec(
    '--module',
    'test/replay/replay-read-model.ts',
    '--jsonl',
    join(scratch, 'broken.jsonl'),
  );
  expect(stopped.code).toBe(2);
  expect(stopped.stdout).toMatchInlineSnapshot(`
    "✗ Replayed broken.jsonl: 4 events in 2 streams (2 upcast), 1 problem(s), <n> events/s
    bad records: 1
      - broken.jsonl line 5: not JSON (Unexpected end of JSON input): {"streamId": "o-101", "type": 
    "
  `);
  const skipped = eventspec(
    '--module',
    'test/replay/replay-read-model.ts',
    '--jsonl',
    join(scratch, 'broken.jsonl'),
    '--skip-bad-records',
  );
  expect(skipped.code).toBe(1);
  expect(skipped.stdout).toMatchInlineSnapshot(`
    "✗ Replayed broken.jsonl: 33 events in 13 streams (9 upcast), 1 problem(s), <n> events/s
    1 bad record(s) skipped:
      - broken.jsonl line 5: not JSON (Unexpected end of JSON input): {"streamId": "o-101", "type": 
    Events no upcaster can read:
      - OrderPlaced@7: 1 event(s), first at broken.jsonl line 34 — OrderPlaced@7 is newer than the latest version this registry knows (OrderPlaced@3). Register its upcaster, or declare it with latest('OrderPlaced', 7).
    "
  `);
});

test('usage problems are exit 64 and a module that cannot be used is exit 2, each saying what to do', () => {
  const missing = eventspec('--jsonl', fixture);
  expect(missing.code).toBe(64);
  expect(missing.stderr.split('\n')[0]).toMatchInlineSnapshot(
    `"eventspec replay: --module is required: the module holding the code to replay."`,
  );
  const unknown = eventspec('--module', 'test/replay/replay-read-model.ts', '--faults');
  expect(unknown.code).toBe(64);
  expect(unknown.stderr.split('\n')[0]).toMatchInlineSnapshot(
    `"eventspec replay: Unknown option '--faults'"`,
  );
  const noModule = eventspec('--module', 'test/replay/nowhere.ts', '--jsonl', fixture);
  expect(noModule.code).toBe(2);
  expect(noModule.stderr.replace(example.replace(/\/$/, ''), '<example>')).toMatchInlineSnapshot(`
    "eventspec replay: The --module test/replay/nowhere.ts cannot be used: there is no file test/replay/nowhere.ts (in <example>).
    "
  `);
});
