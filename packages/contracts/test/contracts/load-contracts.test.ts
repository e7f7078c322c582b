import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ContractInputError, loadContracts } from '../../src/index.js';

const fixtures = new URL('../fixtures/contracts/', import.meta.url).pathname;

test('loads every contract of a folder, with the shared schemas they $ref', async () => {
  const registry = await loadContracts(`${fixtures}valid`);
  expect(registry.list().map((c) => `${c.id} ${c.compatibility} ${c.envelope}`)).toEqual([
    'OrderPlaced@1 BACKWARD none',
    'OrderPlaced@2 BACKWARD eventspec',
    'PaymentCaptured@1 FULL cloudevents',
  ]);
  expect(registry.get('PaymentCaptured@1').channel).toEqual({
    kind: 'exchange',
    exchange: 'payments',
    routingKey: 'payment.captured',
  });
  expect(registry.versionsOf('OrderPlaced').map((c) => c.version)).toEqual([1, 2]);
  expect([...registry.library.keys()]).toEqual(['https://eventspec.dev/schemas/money.json']);
});

test('reports every broken file with its place, and no stack trace in the message', async () => {
  // The JSON syntax error is written here: a broken JSON file cannot live in the repository (the formatter parses it).
  const folder = mkdtempSync(join(tmpdir(), 'eventspec-broken-'));
  cpSync(`${fixtures}broken`, folder, { recursive: true });
  writeFileSync(
    join(folder, 'syntax.contract.json'),
    '{\n  "type": "Broken",\n  "version": 1,\n  "data": { "type": "object", }\n}\n',
  );
  const error = await loadContracts(folder).catch((e: unknown) => e);
  rmSync(folder, { recursive: true, force: true });
  expect(error).toBeInstanceOf(ContractInputError);
  expect((error as Error).message.replace(/\S*eventspec-broken-\w+\//g, 'broken/')).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (9 problems):
      - broken/bad-fields.contract.json at /version: expected the schema version, a positive integer like 2
      - broken/bad-fields.contract.json: missing "data": the JSON Schema of the message's data (its payload)
      - broken/bad-fields.contract.json at /envelope: expected one of "cloudevents", "eventspec", "none"
      - broken/bad-fields.contract.json at /compatibility: expected BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE
      - broken/invalid-schema.contract.json at /data/properties/total/type: not a valid JSON Schema 2020-12: must be equal to one of the allowed values (array, boolean, integer, null, number, object, string)
      - broken/missing-ref.contract.json at /data/properties/total: $ref "#/$defs/Money" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id
      - broken/syntax.contract.json:4:31: invalid JSON: Expected double-quoted property name
      - broken/typo.contract.json at /data/requried: unknown JSON Schema keyword "requried" (a typo?); use a 2020-12 keyword, or prefix custom annotations with "x-"
      - broken/duplicate-b.contract.json: Twice@1 is already defined in broken/duplicate-a.contract.json; give this contract another version or remove one of them
    Fix the files above; nothing was checked."
  `);
  expect((error as ContractInputError).code).toBe('EVENTSPEC_CONTRACT_INPUT_INVALID');
});

test('a missing folder is an input error naming it', async () => {
  await expect(loadContracts(`${fixtures}nope`)).rejects.toThrow(
    /nope: cannot read the contracts folder \(ENOENT\)/,
  );
});
