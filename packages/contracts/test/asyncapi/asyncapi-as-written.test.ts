// AsyncAPI documents as people write them (2.6 and 3.0, in the shapes of the specification's examples):
// concrete messages on concrete destinations must validate, and what does not must say why.
import { expect, test, vi } from 'vitest';

// Parsing an AsyncAPI document takes a second or more on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

import { loadParser } from '../../src/asyncapi/_internals/load-parser.js';
import { loadAsyncApi } from '../../src/asyncapi/index.js';
import { type ContractMessage, type ContractRegistry, formatViolation } from '../../src/index.js';

const folder = new URL('../fixtures/contracts/asyncapi-as-written/', import.meta.url).pathname;
const load = async (name: string) => {
  const warnings: string[] = [];
  const registry = await loadAsyncApi(`${folder}${name}`, {
    onWarning: (w) => warnings.push(w.replace(/^\S*asyncapi-as-written\//, '')),
  });
  return { registry, warnings };
};
const problems = (registry: ContractRegistry, id: string, message: ContractMessage) =>
  registry.validate(message, id).violations.map(formatViolation);

const measured = {
  key: 'L-7',
  headers: { correlationId: '6f1c1f3e-9a7b-4a55-8f2f-0c1d2e3f4a5b' },
  data: { lumens: 420, sentAt: '2026-12-06T03:00:00Z', manual: 'https://example.com/ä/manual' },
};

// #region asyncapi-templates
test('AsyncAPI 2.6: a concrete destination matches its address template, checked against the parameter', async () => {
  const { registry, warnings } = await load('lighting-2.6.asyncapi.yaml');
  expect(registry.list().map((c) => c.id)).toEqual(['dimLight@1', 'LightMeasured@1']);
  expect(
    problems(registry, 'LightMeasured@1', { ...measured, channel: 'city.lights.1.0.event.L-7.measured' }),
  ).toEqual([]);
  expect(
    problems(registry, 'LightMeasured@1', { ...measured, channel: 'city.lights.1.0.event.lamp-7.measured' }),
  ).toMatchInlineSnapshot(`
    [
      "channel: expected "city.lights.1.0.event.{lightId}.measured" (lightId: matching /^L-[0-9]+$/) or "city.lights.1.0.action.{lightId}.dim", got "city.lights.1.0.event.lamp-7.measured"",
    ]
  `);
  expect(warnings).toMatchInlineSnapshot(`
    [
      "lighting-2.6.asyncapi.yaml: format "iri-reference" is not one eventspec validates; it is ignored (values of any form pass). Use a format of ajv-formats (date-time, email, uri, uuid, …) to have it checked.",
    ]
  `);
});
// #endregion asyncapi-templates

test('AsyncAPI 2.6: a message two channels share is valid on each, and the operations say who sends and receives it', async () => {
  const { registry } = await load('lighting-2.6.asyncapi.yaml');
  expect(
    problems(registry, 'LightMeasured@1', { ...measured, channel: 'city.lights.1.0.action.anything.dim' }),
  ).toEqual([]);
  const contract = registry.get('LightMeasured@1');
  expect({ channels: contract.channels, operations: contract.operations }).toMatchInlineSnapshot(`
    {
      "channels": [
        {
          "kind": "topic",
          "parameters": {
            "lightId": {
              "description": "The id of the light.",
              "pattern": "^L-[0-9]+$",
            },
          },
          "topic": "city.lights.1.0.event.{lightId}.measured",
        },
        {
          "kind": "topic",
          "parameters": {
            "lightId": {
              "description": "The id of the light.",
            },
          },
          "topic": "city.lights.1.0.action.{lightId}.dim",
        },
      ],
      "operations": [
        {
          "action": "send",
          "application": "Lighting Controller",
          "operation": "reportMeasurement",
        },
        {
          "action": "receive",
          "application": "Lighting Controller",
          "operation": "dimLight",
        },
      ],
    }
  `);
  expect(registry.get('dimLight@1').operations).toMatchInlineSnapshot(`
    [
      {
        "action": "receive",
        "application": "Lighting Controller",
        "operation": "dimLight",
      },
    ]
  `);
});

test('traits bring the Kafka key and the headers; each is checked', async () => {
  const { registry } = await load('lighting-2.6.asyncapi.yaml');
  expect(
    problems(registry, 'LightMeasured@1', {
      key: 'X-7',
      headers: { correlationId: 'not-a-uuid' },
      data: { lumens: -1, sentAt: 'yesterday' },
    }),
  ).toMatchInlineSnapshot(`
    [
      "data.lumens: expected a number >= 0, got -1",
      "data.sentAt: expected a string in "date-time" format, got "yesterday"",
      "key: expected a string matching /^L-/, got "X-7"",
      "headers.correlationId: expected a string in "uuid" format, got "not-a-uuid"",
    ]
  `);
});

test('a oneOf violation names the closest shape and its own violations', async () => {
  const { registry } = await load('lighting-2.6.asyncapi.yaml');
  expect(
    problems(registry, 'dimLight@1', { data: { percentage: 30, reason: { operator: 'ana', ticket: '7' } } }),
  ).toMatchInlineSnapshot(`
    [
      "data.reason: expected a value matching exactly one of the allowed shapes, got { operator: "ana", ticket: "7" }; closest is shape 2 of 2, where data.reason.ticket: expected an integer, got "7"",
    ]
  `);
  expect(
    problems(registry, 'dimLight@1', { data: { percentage: 30, reason: { schedule: 'noon' } } }),
  ).toMatchInlineSnapshot(`
    [
      "data.reason: expected a value matching exactly one of the allowed shapes, got { schedule: "noon" }; closest is shape 1 of 2, where data.reason.schedule: expected one of "night", "dawn", got "noon"",
    ]
  `);
});

test('AsyncAPI 3.0: templates with an enum parameter, a shared message, send and receive, request and reply', async () => {
  const { registry, warnings } = await load('lighting-3.0.asyncapi.yaml');
  expect(registry.list().map((c) => c.id)).toEqual(['DimLight@1', 'LightMeasured@1', 'LightsOut@1']);
  const on = (channel: string) => problems(registry, 'LightMeasured@1', { ...measured, channel });
  expect(on('city.lights.2.0.event.L-7.measured')).toEqual([]);
  expect(on('city.lights.audit')).toEqual([]);
  expect(on('city.lights.2.0.event..measured')).toMatchInlineSnapshot(`
    [
      "channel: expected "city.lights.2.0.event.{lightId}.measured" or "city.lights.audit", got "city.lights.2.0.event..measured"",
    ]
  `);
  expect(
    problems(registry, 'DimLight@1', { data: { percentage: 5 }, channel: 'city.lights.2.0.action.L-2.dim' }),
  ).toEqual([]);
  expect(
    problems(registry, 'DimLight@1', { data: { percentage: 5 }, channel: 'city.lights.2.0.action.L-9.dim' }),
  ).toMatchInlineSnapshot(`
    [
      "channel: expected "city.lights.2.0.action.{lightId}.dim" (lightId: one of "L-1", "L-2", "L-3"), got "city.lights.2.0.action.L-9.dim"",
    ]
  `);
  expect(registry.list().map((c) => [c.id, c.operations])).toMatchInlineSnapshot(`
    [
      [
        "DimLight@1",
        [
          {
            "action": "receive",
            "application": "Lighting Controller",
            "operation": "dim",
          },
        ],
      ],
      [
        "LightMeasured@1",
        [
          {
            "action": "send",
            "application": "Lighting Controller",
            "operation": "reportMeasurement",
          },
          {
            "action": "receive",
            "application": "Lighting Controller",
            "operation": "auditMeasurement",
          },
        ],
      ],
      [
        "LightsOut@1",
        [
          {
            "action": "send",
            "application": "Lighting Controller",
            "operation": "dim (reply)",
          },
          {
            "action": "send",
            "application": "Lighting Controller",
            "operation": "announceLightsOut",
          },
        ],
      ],
    ]
  `);
  expect(warnings).toMatchInlineSnapshot(`
    [
      "lighting-3.0.asyncapi.yaml: format "iri-reference" is not one eventspec validates; it is ignored (values of any form pass). Use a format of ajv-formats (date-time, email, uri, uuid, …) to have it checked.",
    ]
  `);
});

test('a message without payload carries no data: only an empty (null) data satisfies it', async () => {
  const { registry } = await load('lighting-3.0.asyncapi.yaml');
  expect(problems(registry, 'LightsOut@1', { data: null, channel: 'city.lights.2.0.action.dimmed' })).toEqual(
    [],
  );
  expect(problems(registry, 'LightsOut@1', { data: { anything: true } })).toMatchInlineSnapshot(`
    [
      "data: expected exactly null, got { anything: true }",
    ]
  `);
});

test('without @asyncapi/parser installed, the error says to install it', async () => {
  const missing = () => import(`@asyncapi/${'parser-that-is-not-installed'}`);
  const error = (await loadParser(missing as never).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  )) as Error & { code: string };
  expect([error.code, error.message]).toMatchInlineSnapshot(`
    [
      "EVENTSPEC_ASYNCAPI_PARSER_MISSING",
      "Install @asyncapi/parser to use AsyncAPI documents (loadAsyncApi, asyncApiFromText, *.asyncapi.yaml files in a contracts folder): npm install --save-dev @asyncapi/parser.",
    ]
  `);
});
