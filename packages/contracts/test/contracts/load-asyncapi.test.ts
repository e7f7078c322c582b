import { expect, test, vi } from 'vitest';
import { asyncApiFromText, loadAsyncApi } from '../../src/asyncapi/index.js';
import { ContractInputError, ContractRegistry, checkRegistry, loadContracts } from '../../src/index.js';

// Parsing an AsyncAPI document takes a second or more on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

const fixtures = new URL('../fixtures/contracts/', import.meta.url).pathname;

test('loads channels, messages, payload, headers and the Kafka key of an AsyncAPI 3 document', async () => {
  const registry = await loadAsyncApi(`${fixtures}asyncapi/orders.asyncapi.yaml`);
  const placed = registry.get('OrderPlaced@2');
  expect(placed.channel).toEqual({ kind: 'topic', topic: 'orders' });
  expect(placed.key).toEqual({ type: 'string', pattern: '^o-' });
  expect(placed.headers).toEqual({
    type: 'object',
    properties: { 'content-type': { const: 'application/json' } },
  });
  expect(placed.source).toMatch(/orders\.asyncapi\.yaml#\/channels\/orders\/messages\/orderPlaced$/);
  expect(registry.get('PaymentCaptured@1')).toMatchObject({
    envelope: 'cloudevents',
    compatibility: 'BACKWARD',
    channel: { kind: 'exchange', exchange: 'payments', routingKey: 'payment.captured' },
  });
  expect(
    registry.validate(
      { key: 'o-1', data: { orderId: 'o-1', total: { amount: 1, currency: 'CHF' } } },
      'OrderPlaced@2',
    ).violations,
  ).toEqual([
    {
      part: 'data',
      path: 'data.total.currency',
      keyword: 'enum',
      expected: 'one of "EUR", "USD", "GBP"',
      actual: 'CHF',
    },
  ]);
});

test('AsyncAPI and folder contracts form one registry, and can be compared with each other', async () => {
  const fromAsyncApi = await loadAsyncApi(`${fixtures}asyncapi/orders.asyncapi.yaml`);
  const fromFolder = await loadContracts(`${fixtures}valid`);
  expect(() => ContractRegistry.merge(fromFolder, fromAsyncApi)).toThrow(
    /OrderPlaced@2 is already defined in .*order-placed\.v2\.contract\.json/,
  );
  const changes = checkRegistry(fromFolder, fromAsyncApi);
  const placed = changes.find((c) => c.id === 'OrderPlaced@2');
  expect(placed?.kind).toBe('modified');
  expect(placed?.result.verdict).toBe('compatible');
});

test('a malformed AsyncAPI document is an input error with line and column', async () => {
  const error = await loadAsyncApi(`${fixtures}asyncapi/broken.asyncapi.yaml`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractInputError);
  expect((error as Error).message.replace(/\S*test\/fixtures\/contracts\//g, '')).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (2 problems):
      - asyncapi/broken.asyncapi.yaml:10:15: '#/components/messages/Missing' does not exist
      - asyncapi/broken.asyncapi.yaml:13:13: "action" property must be equal to one of the allowed values: "send", "receive"
    Fix the files above; nothing was checked."
  `);
});

test('a multi-format payload is read when its format is JSON Schema, and refused otherwise', async () => {
  const document = (format: string, schema: string) => `asyncapi: 3.1.0
info: { title: T, version: 1.0.0 }
channels:
  c:
    address: c
    messages:
      m:
        name: Placed
        payload:
          schemaFormat: ${format}
          schema: ${schema}
`;
  const json = await asyncApiFromText(
    document('application/schema+json;version=draft-07', '{ type: object, required: [a] }'),
    'doc.yaml',
  );
  // The format's version names the payload's dialect (it has no $schema of its own).
  expect(json.get('Placed@1').data).toEqual({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['a'],
  });
  await expect(
    asyncApiFromText(
      document('application/vnd.apache.avro;version=1.9.0', '{ type: record, name: U, fields: [] }'),
      'avro.yaml',
    ),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`
    [ContractInputError: The contracts cannot be loaded (1 problem):
      - avro.yaml at /channels/c/messages/m: the payload's schema format "application/vnd.apache.avro;version=1.9.0" is not JSON Schema; eventspec contracts need a JSON Schema payload
    Fix the files above; nothing was checked.]
  `);
});
