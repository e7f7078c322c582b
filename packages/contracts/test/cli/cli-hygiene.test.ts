// The command as a CI job meets it: report folders that do not exist yet, paths it cannot write, a version to
// print, counts that add up, and every input problem an exit code with its place, never a stack trace.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cliScratch } from '../support/cli-scratch.js';

const scratch = cliScratch('eventspec-cli-hygiene-');
const { eventspec } = scratch;
const placed = (total: string) => ({
  type: 'OrderPlaced',
  version: 1,
  data: { type: 'object', properties: { total: { type: total } }, required: ['total'] },
});

test('--version prints the package and its version', () => {
  const top = eventspec('--version');
  const command = eventspec('contracts', 'check', '--version');
  expect(top.code).toBe(0);
  expect(top.stdout).toMatch(/^@eventspec\/contracts \d+\.\d+\.\d+\n$/);
  expect(command.stdout).toBe(top.stdout);
});

test('the folders of --junit and --markdown are created', () => {
  scratch.write('baseline/a.contract.json', placed('number'));
  scratch.write('contracts/a.contract.json', placed('integer'));
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--junit',
    'reports/junit/contracts.xml',
    '--markdown',
    'reports/pr/comment.md',
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  expect(scratch.read('reports/junit/contracts.xml')).toContain('<failure type="breaking-change"');
  expect(scratch.read('reports/pr/comment.md').split('\n')[0]).toBe(
    '### eventspec contracts check (against baseline)',
  );
});

test('a report that cannot be written keeps the verdict (exit 1) and says what failed', () => {
  scratch.write('baseline/a.contract.json', placed('number'));
  scratch.write('contracts/a.contract.json', placed('integer'));
  scratch.write('taken', 'a file where a folder should be');
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--junit', 'taken/report.xml');
  expect(run.code).toBe(1);
  expect(run.stdout.split('\n').at(-2)).toMatchInlineSnapshot(
    `"eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 1 contract changed since baseline"`,
  );
  expect(run.stderr).toMatchInlineSnapshot(`
    "eventspec contracts check: cannot write the JUnit report to taken/report.xml (EEXIST: a file stands where a folder of the path should be); pass a path in a folder you can write to. The verdict above stands.
    "
  `);
});

test('on a passing run, a report that cannot be written fails the command (exit 2), without a stack trace', () => {
  scratch.write('baseline/a.contract.json', placed('number'));
  scratch.write('contracts/a.contract.json', placed('number'));
  scratch.write('taken', 'a file where a folder should be');
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--markdown', 'taken/report.md');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('✓ 1 contract, 0 changes since baseline\n');
  expect(run.stderr).toMatchInlineSnapshot(`
    "eventspec contracts check: cannot write the Markdown report to taken/report.md (EEXIST: a file stands where a folder of the path should be); pass a path in a folder you can write to. The verdict above stands.
    "
  `);
});

test('removed contracts are counted apart: an empty folder against a baseline of one', () => {
  scratch.write('baseline/a.contract.json', placed('number'));
  mkdirSync(join(scratch.dir, 'contracts'));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "- removed  OrderPlaced@1  BACKWARD  (removed; baseline/a.contract.json)

    eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 removed — 0 of 0 contracts changed, 1 removed since baseline
    "
  `);
});

test('input problems are exit 2 with file and place, usage problems exit 64', () => {
  scratch.write('baseline/a.contract.json', placed('number'));
  scratch.write('contracts/a.contract.json', '\uFEFF{"type": "OrderPlaced"}');
  const broken = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      contracts/a.contract.json:1:1: the file starts with a UTF-8 byte order mark (BOM), which JSON does not allow; save it as UTF-8 without BOM
    Nothing was compared; fix the input above.
    "
  `);
  const noPacts = eventspec('contracts', 'check', '--baseline', 'baseline', '--pacts', 'missing');
  expect(noPacts.code).toBe(2);
  const usage = eventspec('contracts', 'check', '--baseline', 'baseline', '--pact-mapping', 'm.json');
  expect([usage.code, usage.stderr.split('\n')[0]]).toMatchInlineSnapshot(`
    [
      64,
      "eventspec contracts check: --pact-mapping maps the interactions of --pacts; pass --pacts <folder> too.",
    ]
  `);
});
