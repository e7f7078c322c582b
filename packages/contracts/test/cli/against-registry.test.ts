// `eventspec contracts check --against-registry`: subjects' versions and levels read over the Confluent REST
// API. By default against an in-test registry on loopback; with EVENTSPEC_SCHEMA_REGISTRY_URL set (the
// brokers workflow's job) the same tests run against a real confluentinc/cp-schema-registry.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkAgainstSchemaRegistry, contractsFromFiles } from '../../src/index.js';
import { cliScratch } from '../support/cli-scratch.js';
import {
  registerSubject,
  type StartedRegistry,
  startBrokenRegistry,
  startFakeSchemaRegistry,
} from '../support/fake-schema-registry.js';

const real = process.env.EVENTSPEC_SCHEMA_REGISTRY_URL;
let registry: StartedRegistry;
beforeAll(async () => {
  registry = real ? { url: real, close: async () => {} } : await startFakeSchemaRegistry();
});
afterAll(() => registry.close());

const scratch = cliScratch('eventspec-registry-');
// Subjects are named per run, so that runs against one real registry never meet.
const run = randomUUID().slice(0, 8);
const topic = (name: string) => `${name}-${run}`;
const clean = (text: string) => text.replaceAll(run, '<run>').replaceAll(registry.url, '<registry>');

const v1 = {
  type: 'object',
  properties: { orderId: { type: 'string' }, total: { type: 'number' } },
  required: ['orderId', 'total'],
};
const v2 = { ...v1, properties: { ...v1.properties, note: { type: 'string' } } };
const contract = (type: string, name: string, data: object) => ({
  type,
  version: 1,
  channel: { topic: topic(name) },
  data,
});
const check = async (...args: string[]) => {
  const result = await scratch.eventspecAsync([
    'contracts',
    'check',
    '--against-registry',
    registry.url,
    ...args,
  ]);
  return { code: result.code, stdout: clean(result.stdout), stderr: clean(result.stderr) };
};

test('TopicNameStrategy: a local contract breaking the latest registered version fails, naming it', async () => {
  await registerSubject(registry.url, `${topic('orders')}-value`, 'BACKWARD', [v1]);
  scratch.write(
    'contracts/order.contract.json',
    contract('OrderPlaced', 'orders', { ...v1, required: ['orderId', 'total', 'note'] }),
  );
  const result = await check();
  expect(result.code).toBe(1);
  expect(result.stdout).toMatchInlineSnapshot(`
    "✗ 1 break  OrderPlaced@1  BACKWARD  (new version, against orders-<run>-value v1; contracts/order.contract.json)
      data: required-added — "note" is required
        accepted by orders-<run>-value v1, rejected by OrderPlaced@1: {"orderId":"","total":0}

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 1 contract changed since <registry>
    "
  `);
});

test('transitive levels compare with every registered version, the others with the latest', async () => {
  // v2 made the total a string; v3 adds a note: the latest reads it, v1 does not.
  const stringTotal = { ...v1, properties: { ...v1.properties, total: { type: 'string' } } };
  const v3 = { ...stringTotal, properties: { ...stringTotal.properties, note: { type: 'string' } } };
  await registerSubject(registry.url, `${topic('strict')}-value`, 'FORWARD_TRANSITIVE', [v1, stringTotal]);
  await registerSubject(registry.url, `${topic('loose')}-value`, 'FORWARD', [v1, stringTotal]);
  scratch.write('contracts/strict.contract.json', contract('Strict', 'strict', v3));
  scratch.write('contracts/loose.contract.json', contract('Loose', 'loose', v3));
  // #region against-registry-api
  const { changes } = await checkAgainstSchemaRegistry(
    contractsFromFiles([
      { path: 'strict.contract.json', text: scratch.read('contracts/strict.contract.json') },
      { path: 'loose.contract.json', text: scratch.read('contracts/loose.contract.json') },
    ]),
    { url: registry.url },
  );
  expect(
    changes.map((c) => [c.id, c.result.mode, clean(c.against.join(', ')), c.result.verdict]),
  ).toMatchInlineSnapshot(`
    [
      [
        "Loose@1",
        "FORWARD",
        "loose-<run>-value v2",
        "compatible",
      ],
      [
        "Strict@1",
        "FORWARD_TRANSITIVE",
        "strict-<run>-value v1, strict-<run>-value v2",
        "incompatible",
      ],
    ]
  `);
  // #endregion against-registry-api
});

test('an unchanged contract and a new one: exit 0, the summary line', async () => {
  await registerSubject(registry.url, `${topic('same')}-value`, 'BACKWARD', [v1]);
  scratch.write('contracts/same.contract.json', contract('Same', 'same', v1));
  scratch.write('contracts/fresh.contract.json', contract('Fresh', 'fresh', v1));
  const result = await check();
  expect(result.code).toBe(0);
  expect(result.stdout).toMatchInlineSnapshot(`
    "✓ compatible  Fresh@1  BACKWARD  (new contract; contracts/fresh.contract.json)

    eventspec contracts check: 0 breaking, 0 unproven, 1 compatible — 1 of 2 contracts changed since <registry>
    "
  `);
});

test('--registry-subjects maps a type to a subject of another name; a mapped subject that is missing fails', async () => {
  await registerSubject(registry.url, `payments-${run}`, 'BACKWARD', [v1]);
  scratch.write('contracts/paid.contract.json', contract('PaymentCaptured', 'ignored', v2));
  scratch.write('subjects.json', { PaymentCaptured: `payments-${run}` });
  const mapped = await check('--registry-subjects', 'subjects.json');
  expect(mapped.code).toBe(1);
  expect(mapped.stdout.split('\n')[0]).toMatchInlineSnapshot(
    `"✗ 1 break  PaymentCaptured@1  BACKWARD  (new version, against payments-<run> v1; contracts/paid.contract.json)"`,
  );
  scratch.write('subjects.json', { PaymentCaptured: `nowhere-${run}` });
  const missing = await check('--registry-subjects', 'subjects.json');
  expect(missing.code).toBe(5);
  expect(missing.stderr).toMatchInlineSnapshot(`
    "The Schema Registry has no subject "nowhere-<run>", which --registry-subjects names for PaymentCaptured; check the mapping.
    Nothing was compared.
    "
  `);
});

// The answers below come from misbehaving servers of this test, whatever registry the others use.
const answers: [string, Parameters<typeof startBrokenRegistry>[0]][] = [
  [
    '401 without credentials',
    (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error_code":401,"message":"Unauthorized"}');
    },
  ],
  [
    '500 from the registry',
    (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error_code":50001,"message":"Error in the backend data store"}');
    },
  ],
  [
    'an HTML page instead of JSON',
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    },
  ],
  ['no answer within the timeout (--registry-timeout 500)', () => {}],
];

test('bad answers (401, 5xx, not JSON, no answer) are exit 5 with what happened, never a pass', async () => {
  scratch.write('contracts/order.contract.json', contract('OrderPlaced', 'orders', v1));
  const seen: [string, number | null, string, string][] = [];
  for (const [name, answer] of answers) {
    const broken = await startBrokenRegistry(answer);
    const result = await scratch.eventspecAsync([
      'contracts',
      'check',
      '--against-registry',
      broken.url,
      '--registry-timeout',
      name.includes('timeout') ? '500' : '20000',
    ]);
    await broken.close();
    seen.push([name, result.code, result.stdout, result.stderr.replaceAll(broken.url, '<registry>')]);
  }
  expect(seen).toMatchInlineSnapshot(`
    [
      [
        "401 without credentials",
        5,
        "",
        "The Schema Registry answered GET <registry>/subjects with 401: Unauthorized (error_code 401). Set EVENTSPEC_SCHEMA_REGISTRY_USER and EVENTSPEC_SCHEMA_REGISTRY_PASSWORD, or EVENTSPEC_SCHEMA_REGISTRY_TOKEN, to credentials that may read the subjects.
    Nothing was compared.
    ",
      ],
      [
        "500 from the registry",
        5,
        "",
        "The Schema Registry answered GET <registry>/subjects with 500: Error in the backend data store (error_code 50001). The registry failed; try again, or check its logs.
    Nothing was compared.
    ",
      ],
      [
        "an HTML page instead of JSON",
        5,
        "",
        "The Schema Registry answered GET <registry>/subjects with 200 and a body that is not JSON ("<html><body>Welcome to nginx!</body></html>"); is --against-registry the registry's base URL?
    Nothing was compared.
    ",
      ],
      [
        "no answer within the timeout (--registry-timeout 500)",
        5,
        "",
        "The Schema Registry cannot be reached: GET <registry>/subjects: no answer within 500 ms. Check the URL and that the registry is up.
    Nothing was compared.
    ",
      ],
    ]
  `);
});

test('a subject listed but gone (404) is exit 5 naming the subject', async () => {
  const broken = await startBrokenRegistry((req, res) => {
    res.writeHead(req.url === '/subjects' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      req.url === '/subjects'
        ? `["orders-${run}-value"]`
        : `{"error_code":40401,"message":"Subject 'orders-${run}-value' not found."}`,
    );
  });
  scratch.write('contracts/order.contract.json', contract('OrderPlaced', 'orders', v1));
  const result = await scratch.eventspecAsync(['contracts', 'check', '--against-registry', broken.url]);
  await broken.close();
  expect(result.code).toBe(5);
  expect(clean(result.stderr.replaceAll(broken.url, '<registry>'))).toMatchInlineSnapshot(`
    "The Schema Registry answered GET <registry>/subjects/orders-<run>-value/versions with 404: Subject 'orders-<run>-value' not found. (error_code 40401). Check the subject name (--registry-subjects) and the URL.
    Nothing was compared.
    "
  `);
});

test('credentials come from the environment and are never printed', async () => {
  const guarded = await startFakeSchemaRegistry({ auth: { basic: 'ci:s3cret-pass' } });
  await fetch(`${guarded.url}/subjects`).then((r) => expect(r.status).toBe(401));
  scratch.write('contracts/order.contract.json', contract('OrderPlaced', 'orders', v1));
  const accepted = await scratch.eventspecAsync([
    'contracts',
    'check',
    '--against-registry',
    `http://ci:s3cret-pass@${guarded.url.slice(7)}`,
  ]);
  expect(accepted.code).toBe(0);
  expect(accepted.stdout + accepted.stderr).not.toContain('s3cret');
  const env = {
    ...process.env,
    EVENTSPEC_SCHEMA_REGISTRY_USER: 'ci',
    EVENTSPEC_SCHEMA_REGISTRY_PASSWORD: 'wrong-pass',
  };
  const wrong = await scratch.eventspecAsync(['contracts', 'check', '--against-registry', guarded.url], env);
  await guarded.close();
  expect(wrong.code).toBe(5);
  expect(wrong.stderr.replaceAll(guarded.url, '<registry>')).toMatchInlineSnapshot(`
    "The Schema Registry answered GET <registry>/subjects with 401: Unauthorized (error_code 401). Set EVENTSPEC_SCHEMA_REGISTRY_USER and EVENTSPEC_SCHEMA_REGISTRY_PASSWORD, or EVENTSPEC_SCHEMA_REGISTRY_TOKEN, to credentials that may read the subjects.
    Nothing was compared.
    "
  `);
  expect(wrong.stdout + wrong.stderr).not.toContain('wrong-pass');
});
