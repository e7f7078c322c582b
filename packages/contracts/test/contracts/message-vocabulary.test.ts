// One message model: a contract message is core's Message ({ id, type, key, data, headers }) with what travels
// around it. Code of the old vocabulary (`body`) gets a coded error naming the rename, never a silent pass.
import { InMemoryTopicBroker, type Message } from '@eventspec/core';
import fc from 'fast-check';
import { expect, expectTypeOf, test } from 'vitest';
import {
  type Contract,
  type ContractMessage,
  ContractRegistry,
  captureProduced,
  checkProducer,
  contractsFromFiles,
} from '../../src/index.js';
import { MessagePact } from '../../src/pact/index.js';
import '../../src/vitest/index.js';

const emailSent = {
  type: 'EmailSent',
  version: 1,
  key: { type: 'string' },
  data: {
    type: 'object',
    properties: { to: { type: 'string' }, body: { type: 'string' } },
    required: ['to', 'body'],
    additionalProperties: false,
  },
};
const registry = contractsFromFiles([
  { path: 'email-sent.v1.contract.json', text: JSON.stringify(emailSent) },
]);
const sent: Message = {
  id: 'm-1',
  type: 'EmailSent',
  key: 'ana@example.com',
  data: { to: 'ana@example.com', body: 'Your order shipped.' },
};
const thrown = (
  run: () => unknown,
): { code?: string; message: string; actual?: unknown; expected?: unknown } => {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected an error');
};

test("core's Message is a ContractMessage: a message as a handler gets it is checked as it is", () => {
  expectTypeOf<Message>().toExtend<ContractMessage>();
  expectTypeOf<ContractMessage>().toHaveProperty('data');
  expectTypeOf<Contract>().toHaveProperty('data');
  expect(registry.validate(sent, 'EmailSent@1')).toEqual({
    ok: true,
    contract: 'EmailSent@1',
    violations: [],
  });
  expect(sent).toSatisfyContract('EmailSent@1', registry);
  expect({ ...sent, data: { to: 7, body: 'x' } }).not.toSatisfyContract('EmailSent@1', registry);
});

test('validate / assertValid refuse a message that still names its payload body, naming the rename', () => {
  const old = { key: 'k', body: { to: 'ana@example.com', body: 'hi' } } as unknown as ContractMessage;
  const error = thrown(() => registry.validate(old, 'EmailSent@1'));
  expect(error.code).toBe('EVENTSPEC_CONTRACT_BODY_RENAMED');
  expect(error.message).toMatchInlineSnapshot(
    `"validate(message): the message has "body" and no "data" (fields: key, body). A message's payload is named "data" now, as in core's Message { id, type, key, data }: rename "body" to "data"."`,
  );
  expect({ actual: error.actual, expected: error.expected }).toEqual({
    actual: ['key', 'body'],
    expected: ['key', 'data'],
  });
  expect(thrown(() => registry.assertValid(old, 'EmailSent@1')).code).toBe('EVENTSPEC_CONTRACT_BODY_RENAMED');
});

test('validate refuses what is not a message with a code, not a TypeError', () => {
  for (const bad of [null, undefined, 'text', 7, [1]]) {
    const error = thrown(() => registry.validate(bad as never, 'EmailSent@1'));
    expect(error.code, String(bad)).toBe('EVENTSPEC_CONTRACT_MESSAGE_INVALID');
  }
  expect(thrown(() => registry.validate(null as never, 'EmailSent@1')).message).toMatchInlineSnapshot(
    `"validate(message): expected a message { data, key?, headers?, envelope?, channel? }, got null. Wrap a bare payload: { data: payload }."`,
  );
});

test('toSatisfyContract: an old-shaped message is refused with the rename; a payload with a body field is a payload', () => {
  expect(() =>
    expect({ key: 'k', body: { to: 'ana@example.com', body: 'hi' } }).toSatisfyContract(
      'EmailSent@1',
      registry,
    ),
  ).toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: toSatisfyContract: the message has "body" and no "data" (fields: key, body). A message's payload is named "data" now, as in core's Message { id, type, key, data }: rename "body" to "data". If "body" is a field of the payload itself, pass the message as { data: payload }.]`,
  );
  // A bare payload with more than the fields of a message is checked as the message's data.
  expect({ to: 'ana@example.com', body: 'hi' }).not.toSatisfyContract('EmailSent@1', registry); // no key
  expect(() =>
    expect({ to: 'ana@example.com', body: 7 }).toSatisfyContract('EmailSent@1', registry),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: The message does not satisfy contract EmailSent@1 (2 problems):
      - data.body: expected a string, got 7
      - key: expected a key (the contract defines its schema), it is missing
    Change the producer to send what EmailSent@1 describes, or publish a new contract version.]
  `);
  expect({ key: 'k', data: { to: 'ana@example.com', body: 'hi' } }).toSatisfyContract(
    'EmailSent@1',
    registry,
  );
});

test('a message without data is a violation of its data part, said in the same words', () => {
  expect(registry.validate({ key: 'k' } as ContractMessage, 'EmailSent@1').violations).toMatchInlineSnapshot(`
    [
      {
        "actual": undefined,
        "expected": "the message's data (the contract defines its schema)",
        "keyword": "required",
        "part": "data",
        "path": "data",
      },
    ]
  `);
});

test('a contract file, or a Contract object, that still says body is refused with the rename', () => {
  const { data: _data, ...rest } = emailSent;
  const file = { path: 'old.contract.json', text: JSON.stringify({ ...rest, body: emailSent.data }) };
  const error = thrown(() => contractsFromFiles([file]));
  expect(error.code).toBe('EVENTSPEC_CONTRACT_INPUT_INVALID');
  expect(error.message).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - old.contract.json at /body: "body" is named "data" now (the JSON Schema of the message's data, as in core's Message { id, type, key, data }); rename the key
    Fix the files above; nothing was checked."
  `);
  const { data: schema, ...contract } = registry.get('EmailSent@1');
  const object = thrown(() => ContractRegistry.of([{ ...contract, body: schema } as unknown as Contract]));
  expect(object.code).toBe('EVENTSPEC_CONTRACT_INVALID');
  expect(object.message).toMatchInlineSnapshot(`
    "ContractRegistry.of: a contract is malformed:
      - contracts[0].body: "body" is named "data" now (the JSON Schema of the message's data, as in core's Message); rename it
    Build contracts with loadContracts(folder) or contractsFromFiles(files), or give each every field of Contract."
  `);
});

test('checkProducer: a producer that emits { body } fails with the rename, not with a violation of data', async () => {
  const error = await checkProducer({
    contract: 'EmailSent@1',
    registry,
    inputs: fc.emailAddress(),
    produce: (to) => ({ key: to, body: { to, body: 'hi' } }),
    runs: 5,
    seed: 1,
  }).then(
    () => undefined,
    (e: { code?: string; message: string }) => e,
  );
  expect(error?.code).toBe('EVENTSPEC_CONTRACT_BODY_RENAMED');
  expect(error?.message).toContain('checkProducer: produce(input): the message has "body" and no "data"');
  // Core messages and captured ones are checked whole.
  await expect(
    checkProducer({
      contract: 'EmailSent@1',
      registry,
      inputs: fc.emailAddress(),
      produce: (to) => ({ ...sent, key: to, data: { to, body: 'hi' } }),
      runs: 20,
      seed: 1,
    }),
  ).resolves.toMatchObject({ contract: 'EmailSent@1', runs: 20, messages: 20 });
});

test('captureProduced checks the data of what was published', async () => {
  const capture = captureProduced(new InMemoryTopicBroker());
  await capture.broker.publish('emails', [sent, { ...sent, id: 'm-2', data: { to: 'bo@example.com' } }]);
  expect(capture.check(registry).map((c) => c.result.violations.map((v) => v.path))).toEqual([
    [],
    ['data.body'],
  ]);
});

test('MessagePact.receive refuses an expected message with body, before any pact is written', async () => {
  const pact = new MessagePact({ consumer: 'mailer', provider: 'shop', registry });
  const error = await pact
    .receive(
      { description: 'an email', contract: 'EmailSent@1', body: { to: 'a', body: 'b' } } as never,
      () => {},
    )
    .then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );
  expect(error?.code).toBe('EVENTSPEC_CONTRACT_BODY_RENAMED');
  expect(error?.message).toMatchInlineSnapshot(
    `"pact.receive(expected): the message has "body" and no "data" (fields: description, contract, body). A message's payload is named "data" now, as in core's Message { id, type, key, data }: rename "body" to "data"."`,
  );
});

test('checkEvents: a messageOf that returns { body } is refused with the rename', () => {
  const problems = () =>
    registry.checkEvents(
      [{ what: 'fixture', event: { to: 'a', body: 'b' }, id: 'EmailSent@1' }],
      (event) =>
        ({
          body: event,
        }) as never,
    );
  expect(thrown(problems).code).toBe('EVENTSPEC_CONTRACT_BODY_RENAMED');
});

test('a message of null-prototype objects is validated as its plain objects (ajv compares with valueOf)', () => {
  const tagged = contractsFromFiles([
    {
      path: 'tagged.v1.contract.json',
      text: JSON.stringify({
        type: 'Tagged',
        version: 1,
        data: {
          type: 'object',
          properties: {
            tags: { type: 'array', uniqueItems: true },
            origin: { const: { system: 'crm' } },
            level: { enum: [{ n: 1 }, { n: 2 }] },
          },
        },
      }),
    },
  ]);
  const bare = (value: object) => Object.assign(Object.create(null) as object, value);
  const data = bare({
    tags: [bare({ name: 'a' }), bare({ name: 'a' })],
    origin: bare({ system: 'erp' }),
    level: bare({ n: 2 }),
  });
  expect(tagged.validate({ data }, 'Tagged@1')).toMatchInlineSnapshot(`
    {
      "contract": "Tagged@1",
      "ok": false,
      "violations": [
        {
          "actual": [
            {
              "name": "a",
            },
            {
              "name": "a",
            },
          ],
          "expected": "unique items (items 0 and 1 are equal)",
          "keyword": "uniqueItems",
          "part": "data",
          "path": "data.tags",
        },
        {
          "actual": {
            "system": "erp",
          },
          "expected": "exactly { system: "crm" }",
          "keyword": "const",
          "part": "data",
          "path": "data.origin",
        },
      ],
    }
  `);
  expect(
    tagged.validate({ data: bare({ tags: [bare({ name: 'a' })], level: bare({ n: 1 }) }) }, 'Tagged@1').ok,
  ).toBe(true);
});
