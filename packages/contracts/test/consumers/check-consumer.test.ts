import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  ConsumerCheckError,
  type Contract,
  ContractRegistry,
  checkConsumer,
  checkProducer,
  ProducerCheckError,
} from '../../src/index.js';

const orderV1: Contract = {
  id: 'OrderPlaced@1',
  type: 'OrderPlaced',
  version: 1,
  envelope: 'none',
  compatibility: 'FORWARD',
  source: 'test',
  data: {
    type: 'object',
    properties: {
      orderId: { type: 'string', minLength: 1, maxLength: 20 },
      status: { enum: ['placed', 'paid'] },
      note: { type: 'string', maxLength: 30 },
      lines: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 99 }, maxItems: 4 },
    },
    required: ['orderId', 'status', 'lines'],
  },
};
// v2 adds a status: compatible for a FORWARD reader by schema, but a switch without default breaks on it.
const orderV2: Contract = {
  ...orderV1,
  id: 'OrderPlaced@2',
  version: 2,
  data: {
    ...(orderV1.data as object),
    properties: {
      ...(orderV1.data as { properties: object }).properties,
      status: { enum: ['placed', 'paid', 'refunded'] },
    },
  },
};
const registry = ContractRegistry.of([orderV1, orderV2]);
type Order = { orderId: string; status: 'placed' | 'paid'; note?: string; lines: number[] };

/** A consumer written against v1: a label per status, and the note shown in capitals. */
function labelOf(order: Order): string {
  switch (order.status) {
    case 'placed':
      return 'waiting for payment';
    case 'paid':
      return 'ready to ship';
  }
  throw new Error(`unknown status ${String(order.status)}`);
}
const setup = () => ({ labels: [] as string[] });

test('a consumer built for v1 passes on everything v1 allows, over 30 seeds', async () => {
  for (let seed = 1; seed <= 30; seed++) {
    await expect(
      checkConsumer({
        contract: 'OrderPlaced@1',
        registry,
        setup,
        handle: (world, message) => void world.labels.push(labelOf(message.data as Order)),
        seed,
        runs: 50,
      }),
    ).resolves.toMatchObject({ contract: 'OrderPlaced@1', producedBy: 'OrderPlaced@1', runs: 50 });
  }
});

test('evolution check: the same consumer on what v2 producers send fails on the new status, named as the field that decides it', async () => {
  const error = await checkConsumer({
    contract: 'OrderPlaced@1',
    producedBy: 'OrderPlaced@2',
    registry,
    setup,
    handle: (world, message) => void world.labels.push(labelOf(message.data as Order)),
    seed: 42,
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConsumerCheckError);
  const failure = error as ConsumerCheckError;
  expect(failure.fields.map((field) => [field.path, field.value, field.pointer])).toEqual([
    ['data.status', 'refunded', '#/properties/status'],
  ]);
  expect(
    failure.message
      .replace(/run \d+ of \d+, shrunk \d+ times/, 'run <n>')
      .replace(/path: "[^"]*"/, 'path: "<path>"'),
  ).toMatchInlineSnapshot(`
    "checkConsumer: the consumer fails on a message OrderPlaced@2 allows (generated under the producer's version; the consumer was built for OrderPlaced@1): the handler threw Error: unknown status refunded.
    Smallest message (run <n>):
      {"id":"m-0","type":"OrderPlaced","key":"m-0","data":{"orderId":" ","status":"refunded","lines":[]}}
    The fields that decide it (another value the contract allows there makes the consumer pass):
      data.status = "refunded"  (OrderPlaced@2 data #/properties/status)
    Replay: checkConsumer({ …, seed: 42, path: "<path>" })
    Paste as a test:
      test('the consumer handles OrderPlaced@2 with status "refunded"', async () => {
        const world = await setup();
        await handle(world, {"id":"m-0","type":"OrderPlaced","key":"m-0","data":{"orderId":" ","status":"refunded","lines":[]}});
      });"
  `);
});

test('an optional field treated as required is caught, on every one of 30 seeds', async () => {
  let caught = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const outcome = await checkConsumer({
      contract: 'OrderPlaced@1',
      registry,
      setup,
      handle: (world, message) => void world.labels.push((message.data as Order).note!.toUpperCase()),
      seed,
    }).catch((error: unknown) => error);
    if (
      outcome instanceof ConsumerCheckError &&
      outcome.fields.some((field) => field.path === 'data.note' && field.value === undefined)
    )
      caught++;
  }
  expect(caught).toBe(30);
});

test('a broken invariant and a handler that hangs are failures too', async () => {
  const invariant = await checkConsumer({
    contract: 'OrderPlaced@1',
    registry,
    setup: () => ({ total: 0 }),
    handle: (world, message) => {
      world.total += (message.data as Order).lines.length;
    },
    invariant: (world) => world.total > 0,
    seed: 5,
  }).then(
    () => {
      throw new Error('expected the check to fail');
    },
    (error: unknown) => error as ConsumerCheckError,
  );
  expect(invariant.message.split('\n')[0]).toMatchInlineSnapshot(
    `"checkConsumer: the consumer fails on a message its contract OrderPlaced@1 allows: the invariant returned false."`,
  );
  const hangs = await checkConsumer({
    contract: 'OrderPlaced@1',
    registry,
    setup,
    handle: (_, message) =>
      (message.data as Order).lines.length > 3 ? new Promise(() => undefined) : undefined,
    timeout: 50,
    seed: 5,
  }).then(
    () => {
      throw new Error('expected the check to fail');
    },
    (error: unknown) => error as ConsumerCheckError,
  );
  expect(hangs.message.split('\n')[0]).toMatchInlineSnapshot(
    `"checkConsumer: the consumer fails on a message its contract OrderPlaced@1 allows: the handler did not finish within 50 ms."`,
  );
});

test('with faults, the generated messages are also delivered twice and out of order: a counting consumer is caught', async () => {
  const error = await checkConsumer({
    contract: 'OrderPlaced@1',
    registry,
    setup: () => ({ items: 0 }),
    handle: (world, message) => {
      world.items += (message.data as Order).lines.length;
    },
    observe: (world) => world.items,
    faults: { duplicate: true },
    seed: 9,
    runs: 200,
  }).then(
    () => {
      throw new Error('expected the check to fail');
    },
    (caught: unknown) => caught as Error & { code?: string },
  );
  expect(error.code).toBe('EVENTSPEC_DELIVERY_DUPLICATED_EFFECT');
});

test('bad options are refused at once, all of them', async () => {
  await expect(
    checkConsumer({ contract: 'OrderPlaced@1', registry, setup, handle: 1, runz: 5 } as never),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`
    [EventspecUsageError: checkConsumer(options) cannot run:
      - unknown option "runz"; the options are contract, registry, producedBy, setup, handle, invariant, observe, faults, runs, seed, path, timeout
      - handle must be a function]
  `);
});

test('checkProducer: a producer that leaves out a required field for some inputs fails with the smallest such input', async () => {
  const inputs = fc.record({
    orderId: fc.string({ minLength: 1, maxLength: 8 }),
    paid: fc.boolean(),
    items: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 4 }),
  });
  const produce = (input: { orderId: string; paid: boolean; items: number[] }) => ({
    data: {
      orderId: input.orderId,
      ...(input.items.length > 0 ? { status: input.paid ? 'paid' : 'placed' } : {}),
      lines: input.items,
    },
  });
  const error = await checkProducer({ contract: 'OrderPlaced@1', registry, inputs, produce, seed: 3 }).then(
    () => {
      throw new Error('expected the check to fail');
    },
    (caught: unknown) => caught as ProducerCheckError,
  );
  expect(error).toBeInstanceOf(ProducerCheckError);
  expect(
    error.message.replace(/shrunk \d+ times/, 'shrunk <n> times').replace(/path: "[^"]*"/, 'path: "<path>"'),
  ).toMatchInlineSnapshot(`
    "checkProducer: the producer emits a message that OrderPlaced@1 does not allow, for this input (shrunk <n> times):
      {"orderId":" ","paid":false,"items":[]}
    It emitted:
      {"orderId":" ","lines":[]}
      ✗ data.status: expected a value (the property is required), it is missing
    Replay: checkProducer({ …, seed: 3, path: "<path>" })"
  `);
  const fixed = (input: { orderId: string; paid: boolean; items: number[] }) => ({
    data: { orderId: input.orderId, status: input.paid ? 'paid' : 'placed', lines: input.items },
  });
  await expect(
    checkProducer({ contract: 'OrderPlaced@1', registry, inputs, produce: fixed, seed: 3 }),
  ).resolves.toMatchObject({ contract: 'OrderPlaced@1', runs: 100, messages: 100 });
});

test('checkProducer reads what a broker capture records: the channel is checked too', async () => {
  const onChannel: Contract = {
    ...orderV1,
    id: 'OrderPlaced@1',
    channel: { kind: 'topic', topic: 'orders' },
  };
  const withChannel = ContractRegistry.of([onChannel]);
  const inputs = fc.record({ orderId: fc.string({ minLength: 1, maxLength: 8 }), urgent: fc.boolean() });
  const produce = (input: { orderId: string; urgent: boolean }) => ({
    destination: input.urgent ? 'orders.urgent' : 'orders',
    model: 'log' as const,
    message: {
      id: 'm-1',
      type: 'OrderPlaced',
      key: input.orderId,
      data: { orderId: input.orderId, status: 'placed', lines: [] },
    },
  });
  const error = await checkProducer({
    contract: 'OrderPlaced@1',
    registry: withChannel,
    inputs,
    produce,
    seed: 4,
  }).then(
    () => {
      throw new Error('expected the check to fail');
    },
    (caught: unknown) => caught as ProducerCheckError,
  );
  expect(error.violations.map((violation) => violation.part)).toEqual(['channel']);
});
