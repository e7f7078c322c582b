// The hostile-input suite on the command: `eventspec contracts check` (the built one) on contract folders
// whose files fast-check mutated. Every run ends with a documented exit code and no crash report.
import { existsSync, readFileSync } from 'node:fs';
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
      { numRuns: 12 },
    );
  },
  180_000,
);
