import { describe, expect, test } from 'vitest';
import { structureChecks } from '../../src/asyncapi/_internals/precompiled-structure.js';
import { declaredTopologyFromText, TopologyInputError } from '../../src/index.js';

const v3 = (title: string, body: string) =>
  `asyncapi: 3.0.0\ninfo:\n  title: ${title}\n  version: 1.0.0\n${body}`;

const summary = (
  flows: readonly { application: string; action: string; type: string; version: number; channel: string }[],
) => flows.map((f) => `${f.application} ${f.action} ${f.type}@${f.version} ${f.channel}`);

describe('the declared topology of AsyncAPI documents', () => {
  test('AsyncAPI 3: send and receive operations, with or without their own message lists', async () => {
    const topology = await declaredTopologyFromText([
      {
        file: 'billing.asyncapi.yaml',
        text: v3(
          'billing',
          `channels:
  placed:
    address: 'orders.{orderId}.placed'
    messages:
      placedV1: { name: OrderPlaced, payload: { type: object } }
      placedV2: { name: OrderPlaced, x-eventspec-version: 2, payload: { type: object } }
  invoices:
    address: invoices
    messages:
      issued: { name: InvoiceIssued, payload: { type: object } }
      voided: { name: InvoiceVoided, payload: { type: object } }
operations:
  onPlaced:
    action: receive
    channel: { $ref: '#/channels/placed' }
    messages: [{ $ref: '#/channels/placed/messages/placedV2' }]
  issue:
    action: send
    channel: { $ref: '#/channels/invoices' }
`,
        ),
      },
    ]);
    expect(topology.applications).toEqual(['billing']);
    expect(summary(topology.flows)).toMatchInlineSnapshot(`
      [
        "billing receive OrderPlaced@2 orders.{orderId}.placed",
        "billing send InvoiceIssued@1 invoices",
        "billing send InvoiceVoided@1 invoices",
      ]
    `);
    expect(topology.flows[0]!.source).toBe('billing.asyncapi.yaml#/operations/onPlaced');
  });

  // #region asyncapi-2
  test('AsyncAPI 2.6: subscribe is what the application sends, publish what it receives', async () => {
    const topology = await declaredTopologyFromText([
      {
        file: 'shipping.asyncapi.yaml',
        text: `asyncapi: 2.6.0
info: { title: shipping, version: 1.0.0 }
channels:
  orders.paid:
    publish:
      message: { name: OrderPaid, payload: { type: object } }
  shipments:
    subscribe:
      message:
        oneOf:
          - { name: ParcelShipped, x-eventspec-version: 3, payload: { type: object } }
          - { name: ParcelLost, payload: { type: object } }
`,
      },
    ]);
    expect(summary(topology.flows)).toMatchInlineSnapshot(`
      [
        "shipping receive OrderPaid@1 orders.paid",
        "shipping send ParcelShipped@3 shipments",
        "shipping send ParcelLost@1 shipments",
      ]
    `);
  });
  // #endregion asyncapi-2

  test('AsyncAPI 3 as tools write it: channels and messages in components, a request with its reply', async () => {
    const topology = await declaredTopologyFromText([
      {
        file: 'pricing.asyncapi.yaml',
        text: v3(
          'pricing',
          `channels:
  quotes: { $ref: '#/components/channels/quotes' }
  quoteReplies: { $ref: '#/components/channels/quoteReplies' }
operations:
  answerQuote:
    action: receive
    channel: { $ref: '#/channels/quotes' }
    reply:
      channel: { $ref: '#/channels/quoteReplies' }
      messages: [{ $ref: '#/channels/quoteReplies/messages/quoted' }]
components:
  channels:
    quotes:
      address: 'quotes/{currency}'
      parameters: { currency: { enum: [EUR, USD] } }
      messages:
        requested: { $ref: '#/components/messages/quoteRequested' }
    quoteReplies:
      address: quotes.replies
      messages:
        quoted: { $ref: '#/components/messages/quoted' }
  messages:
    quoteRequested: { payload: { type: object } }
    quoted: { name: PriceQuoted, x-eventspec-version: 2, payload: { type: object } }
`,
        ),
      },
    ]);
    expect(summary(topology.flows)).toMatchInlineSnapshot(`
      [
        "pricing receive requested@1 quotes/{currency}",
        "pricing send PriceQuoted@2 quotes.replies",
      ]
    `);
  });

  test('x-eventspec-application names the application when the title does not', async () => {
    const topology = await declaredTopologyFromText([
      {
        file: 'a.asyncapi.yaml',
        text: `asyncapi: 3.0.0\nx-eventspec-application: ledger\ninfo: { title: The Ledger API, version: 1.0.0 }\n`,
      },
    ]);
    expect(topology.applications).toEqual(['ledger']);
  });

  test('every problem of every document is reported at once, with where and what to do', async () => {
    const error = await declaredTopologyFromText([
      {
        file: 'a.asyncapi.yaml',
        text: v3(
          'billing',
          `channels:
  nowhere:
    messages:
      m: { name: Thing, payload: { type: object } }
  bad:
    address: bad
    messages:
      m: { name: Thing, x-eventspec-version: 0, payload: { type: object } }
operations:
  a: { action: send, channel: { $ref: '#/channels/nowhere' } }
  b: { action: send, channel: { $ref: '#/channels/bad' } }
`,
        ),
      },
      { file: 'b.asyncapi.yaml', text: v3('billing', '') },
      { file: 'c.asyncapi.yaml', text: 'asyncapi: 3.0.0\ninfo: [' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyInputError);
    expect((error as TopologyInputError).code).toBe('EVENTSPEC_TOPOLOGY_INPUT_INVALID');
    expect((error as Error).message).toMatchInlineSnapshot(`
      "The topology cannot be checked (4 problems):
        - a.asyncapi.yaml at /operations/a/channel: the channel has no address, so no topic can be matched against it: give the channel an address (a template like "orders.{orderId}" is fine)
        - a.asyncapi.yaml at /operations/b/channel/messages/m/x-eventspec-version: message "Thing": "x-eventspec-version" is 0, but it must be a positive integer (the contract version, 1 when absent)
        - c.asyncapi.yaml:3:1: "info" property type must be object
        - c.asyncapi.yaml:3:1: Unexpected end of the stream within a flow collection
      Fix the files above; nothing was checked."
    `);
  });
});

test('documents are checked by the validators compiled at build time, or by the parser when told off', async () => {
  const text = v3(
    'billing',
    `channels:\n  invoices:\n    address: invoices\n    messages:\n      issued: { name: InvoiceIssued, payload: { type: object } }\noperations:\n  sendInvoice:\n    action: send\n    channel: { $ref: '#/channels/invoices' }\n`,
  );
  const decided = async (setting: string | undefined) => {
    const initial = process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
    if (setting === undefined) delete process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
    else process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED = setting;
    try {
      const before = structureChecks.precompiled;
      const topology = await declaredTopologyFromText([{ file: 'billing.asyncapi.yaml', text }]);
      expect(summary(topology.flows)).toEqual(['billing send InvoiceIssued@1 invoices']);
      return structureChecks.precompiled - before;
    } finally {
      if (initial === undefined) delete process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED;
      else process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED = initial;
    }
  };
  expect(await decided(undefined)).toBe(2);
  expect(await decided('off')).toBe(0);
});
