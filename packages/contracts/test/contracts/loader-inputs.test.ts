// What a user can get wrong when handing contracts to the loader: each is a coded error naming the place.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { ContractRegistry, contractsFromFiles, loadContracts } from '../../src/index.js';

const thrown = (run: () => unknown): { code: string | undefined; message: string } => {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected an error');
};
const contract = (data: object) => JSON.stringify({ type: 'OrderPlaced', version: 1, data }, null, 2);

test('a UTF-8 byte order mark is reported at line 1, column 1', () => {
  expect(
    thrown(() => contractsFromFiles([{ path: 'a.contract.json', text: `\uFEFF${contract({})}` }])).message,
  ).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - a.contract.json:1:1: the file starts with a UTF-8 byte order mark (BOM), which JSON does not allow; save it as UTF-8 without BOM
    Fix the files above; nothing was checked."
  `);
});

test('an unexpected token is reported where it is, not at the end of the file', () => {
  const text = '{\n  "type": "OrderPlaced",\n  "version": 1,\n  "data": { "type": object }\n}\n';
  expect(
    thrown(() => contractsFromFiles([{ path: 'a.contract.json', text }])).message,
  ).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - a.contract.json:4:21: invalid JSON: Unexpected token 'o'
    Fix the files above; nothing was checked."
  `);
});

test('every unresolvable $ref of a file is reported, each at its place', () => {
  const body = {
    type: 'object',
    properties: {
      total: { $ref: '#/$defs/money' },
      customer: { $ref: 'https://example.com/customer.schema.json' },
      lines: { type: 'array', items: { $ref: '#/$defs/line' } },
    },
  };
  expect(
    thrown(() => contractsFromFiles([{ path: 'a.contract.json', text: contract(body) }])).message,
  ).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (3 problems):
      - a.contract.json at /data/properties/total: $ref "#/$defs/money" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id
      - a.contract.json at /data/properties/customer: $ref "https://example.com/customer.schema.json" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id
      - a.contract.json at /data/properties/lines/items: $ref "#/$defs/line" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id
    Fix the files above; nothing was checked."
  `);
});

test('two shared schemas that $ref each other in a cycle load, and validate recursively', () => {
  const person = {
    $id: 'https://example.com/person.schema.json',
    type: 'object',
    properties: { name: { type: 'string' }, employer: { $ref: 'https://example.com/company.schema.json' } },
    required: ['name'],
  };
  const company = {
    $id: 'https://example.com/company.schema.json',
    type: 'object',
    properties: {
      name: { type: 'string' },
      staff: { type: 'array', items: { $ref: 'https://example.com/person.schema.json' } },
    },
    required: ['name'],
  };
  const registry = contractsFromFiles([
    { path: 'person.schema.json', text: JSON.stringify(person) },
    { path: 'company.schema.json', text: JSON.stringify(company) },
    { path: 'hired.contract.json', text: contract({ $ref: 'https://example.com/person.schema.json' }) },
  ]);
  const hired = { name: 'ana', employer: { name: 'acme', staff: [{ name: 'bo', employer: { name: 7 } }] } };
  expect(registry.validate({ data: hired }, 'OrderPlaced@1').violations).toMatchInlineSnapshot(`
    [
      {
        "actual": 7,
        "expected": "a string",
        "keyword": "type",
        "part": "data",
        "path": "data.employer.staff[0].employer.name",
      },
    ]
  `);
});

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a folder named like a contract file is reported, not skipped', async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventspec-loader-'));
  mkdirSync(join(dir, 'order-placed.v1.contract.json'));
  writeFileSync(join(dir, 'order-placed.v1.contract.json', 'body.json'), '{}');
  const error = await loadContracts(dir).then(
    () => new Error('expected a rejection'),
    (e: Error) => e,
  );
  expect(error.message.replace(/\S*eventspec-loader-\w+/g, '<dir>')).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - <dir>/order-placed.v1.contract.json: a folder named like a contract, schema or AsyncAPI file; rename it (or move its files up), since only files are read
    Fix the files above; nothing was checked."
  `);
});

test('the APIs refuse what is not contracts, files or known options, with coded errors', async () => {
  expect(thrown(() => contractsFromFiles(null as never))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_CONTRACT_SOURCES_INVALID",
      "message": "contractsFromFiles: expected an array of files, each { path: string, text: string }; got null. Read the files first, or call loadContracts(folder).",
    }
  `);
  expect(thrown(() => contractsFromFiles([{ path: 'a.contract.json' }] as never))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_CONTRACT_SOURCES_INVALID",
      "message": "contractsFromFiles: expected an array of files, each { path: string, text: string }; got {"path":"a.contract.json"} at index 0. Read the files first, or call loadContracts(folder).",
    }
  `);
  expect(thrown(() => ContractRegistry.of([{}] as never))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_CONTRACT_INVALID",
      "message": "ContractRegistry.of: contracts are malformed:
      - contracts[0].type: expected the message type, a name like "OrderPlaced"
      - contracts[0].version: expected a positive integer
      - contracts[0].data: expected a JSON Schema (an object or a boolean)
      - contracts[0].envelope: expected "cloudevents", "eventspec" or "none"
      - contracts[0].compatibility: expected a mode such as "BACKWARD"
      - contracts[0].source: expected where the contract comes from (a file path)
    Build contracts with loadContracts(folder) or contractsFromFiles(files), or give each every field of Contract.",
    }
  `);
  expect(thrown(() => contractsFromFiles([], { compatability: 'FULL' } as never))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_OPTIONS_UNKNOWN",
      "message": "contractsFromFiles: unknown option "compatability". Known options: compatibility, onWarning.",
    }
  `);
  const folder = await loadContracts(null as never).catch((e: Error & { code: string }) => e.code);
  expect(folder).toBe('EVENTSPEC_CONTRACTS_FOLDER_INVALID');
});
