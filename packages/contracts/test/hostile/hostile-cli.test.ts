// The hostile-input suite on the command: `eventspec contracts check` (the built one) on contract folders
// whose files fast-check mutated. Every run ends with a documented exit code and no crash report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { cliScratch } from '../support/cli-scratch.js';
import { mutate, mutation } from './hostile-json.js';

const scratch = cliScratch('eventspec-hostile-cli-');
const fixtures = new URL('../fixtures/contracts/valid/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const v1 = JSON.parse(read('orders/order-placed.v1.contract.json'));
const v2 = JSON.parse(read('orders/order-placed.v2.contract.json'));
const money = read('money.schema.json');
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

/** The exit codes docs/contracts.md documents. */
const DOCUMENTED = [0, 1, 2, 3];
const crash = /unexpected error|TypeError|RangeError|ReferenceError|\n\s+at .+:\d+:\d+/;

test.skipIf(!built)(
  'contracts check on mutated contracts: a documented exit code, never a crash',
  () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('v1', 'v2', 'both'),
        fc.boolean(),
        (mutations, target, bom) => {
          const text = (contract: unknown, mutated: boolean) =>
            `${bom ? '\uFEFF' : ''}${JSON.stringify(mutated ? mutate(contract, mutations) : contract, null, 2)}`;
          scratch.write('baseline/order-placed.v1.contract.json', JSON.stringify(v1));
          scratch.write('baseline/money.schema.json', money);
          scratch.write('contracts/order-placed.v1.contract.json', text(v1, target !== 'v2'));
          scratch.write('contracts/order-placed.v2.contract.json', text(v2, target !== 'v1'));
          scratch.write('contracts/money.schema.json', money);
          const { code, stdout, stderr } = scratch.eventspec('contracts', 'check', '--baseline', 'baseline');
          const output = `${stdout}\n${stderr}`;
          expect(DOCUMENTED, `exit ${code}:\n${output}`).toContain(code);
          expect(output).not.toMatch(crash);
        },
      ),
      { numRuns: 12, seed: 1 },
    );
  },
  180_000,
);

/** A contract file whose data schema nests `depth` objects (written as text: JSON.stringify overflows on 3,000). */
const deepContract = (version: number, depth: number, leaf: string) =>
  `{"type":"Deep","version":${version},"channel":{"topic":"deep"},"compatibility":"BACKWARD","data":${'{"type":"object","properties":{"child":'.repeat(depth)}{"type":"${leaf}"}${'},"required":["child"]}'.repeat(depth)}}`;

test.skipIf(!built)(
  'contracts check on schemas 200 and 3,000 levels deep: the break, or a placed refusal (never a stack overflow)',
  () => {
    const run = (depth: number) => {
      rmSync(join(scratch.dir, 'out'), { recursive: true, force: true });
      scratch.write('baseline/deep.v1.contract.json', deepContract(1, depth, 'string'));
      scratch.write('contracts/deep.v1.contract.json', deepContract(1, depth, 'string'));
      scratch.write('contracts/deep.v2.contract.json', deepContract(2, depth, 'integer'));
      const args = ['--baseline', 'baseline', '--junit', 'out/junit.xml', '--markdown', 'out/report.md'];
      const { code, stdout, stderr } = scratch.eventspec('contracts', 'check', ...args);
      const short = (text: string) =>
        text.replace(/(child\.){3,}/g, 'child.….').replace(/(\{"child":){3,}/g, '{"child":…');
      const written = (path: string) =>
        existsSync(join(scratch.dir, path)) ? scratch.read(path) : `${path} not written`;
      return {
        code,
        stdout: short(stdout),
        stderr,
        markdown: short(written('out/report.md')).split('\n').slice(0, 6).join('\n'),
        junit: /<testsuites[^>]*>/.exec(written('out/junit.xml'))?.[0] ?? written('out/junit.xml'),
      };
    };
    expect(run(200)).toMatchInlineSnapshot(`
      {
        "code": 1,
        "junit": "<testsuites name="eventspec contracts" tests="1" failures="1">",
        "markdown": "### eventspec contracts check (against baseline)

      | Contract | Change | Mode | Verdict |
      | --- | --- | --- | --- |
      | \`Deep@2\` | new version, against Deep@1 | BACKWARD | ✗ 1 break |
      ",
        "stderr": "",
        "stdout": "✗ 1 break  Deep@2  BACKWARD  (new version, against Deep@1; contracts/deep.v2.contract.json)
        data.child.….child: type-narrowed — string values are rejected
          accepted by Deep@1, rejected by Deep@2: {"child":…{"chi…

      eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
      ",
      }
    `);
    expect(run(3_000)).toMatchInlineSnapshot(`
      {
        "code": 2,
        "junit": "out/junit.xml not written",
        "markdown": "out/report.md not written",
        "stderr": "The contracts cannot be loaded (2 problems):
        contracts/deep.v1.contract.json at /data: the schema nests 6001 levels deep (JSON objects and arrays), more than the 512 levels ajv can compile to validate messages against it; flatten it (checkCompatibility() alone reads schemas of any depth)
        contracts/deep.v2.contract.json at /data: the schema nests 6001 levels deep (JSON objects and arrays), more than the 512 levels ajv can compile to validate messages against it; flatten it (checkCompatibility() alone reads schemas of any depth)
      Nothing was compared; fix the input above.
      ",
        "stdout": "",
      }
    `);
  },
  120_000,
);

test.skipIf(!built)(
  'an AsyncAPI document whose payload nests 3,000 levels: a placed refusal, no parser stack trace',
  () => {
    const payload = `${'{"type":"object","properties":{"child":'.repeat(3_000)}{"type":"string"}${'},"required":["child"]}'.repeat(3_000)}`;
    scratch.write(
      'contracts/deep.asyncapi.json',
      `{"asyncapi":"3.0.0","info":{"title":"Deep","version":"1.0.0"},"channels":{"deep":{"address":"deep","messages":{"Deep":{"name":"Deep","x-eventspec-version":1,"payload":${payload}}}}}}`,
    );
    expect(scratch.eventspec('contracts', 'check', '--baseline', 'contracts')).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "The contracts cannot be loaded (1 problem):
        contracts/deep.asyncapi.json:1:1: the AsyncAPI parser overflowed the stack reading this document: it nests too deep; flatten it (eventspec refuses schemas nesting more than 512 JSON levels anyway)
      Nothing was compared; fix the input above.
      ",
        "stdout": "",
      }
    `);
  },
  120_000,
);
