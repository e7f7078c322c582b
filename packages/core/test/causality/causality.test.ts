import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  type CausalLink,
  causedBy,
  checkCausality,
  checkCausalityOfLog,
  configureSpecs,
  InMemoryTopicBroker,
  metadataOf,
  type ProcessManager,
  processScenario,
  type SyncDecider,
  scenario,
  send,
} from '../../src/index.js';

const svgDir = join(import.meta.dirname, '.eventspec-causality');
afterAll(() => rmSync(svgDir, { recursive: true, force: true }));

type Command = { type: 'PlaceOrder'; metadata: { commandId: string; correlationId?: string } };
type Event = {
  type: 'OrderPlaced' | 'StockReserved';
  metadata?: { eventId?: string; correlationId?: string; causationId?: string } | undefined;
};

const place: Command = { type: 'PlaceOrder', metadata: { commandId: 'cmd-1', correlationId: 'conv-1' } };

const careful: SyncDecider<Command, Event, null> = {
  initialState: null,
  decide: (command) => [
    causedBy(command, { type: 'OrderPlaced' }, { id: 'evt-1' }),
    causedBy(command, { type: 'StockReserved' }, { id: 'evt-2' }),
  ],
  evolve: (state) => state,
};
// Forgets the metadata of the second event.
const careless: SyncDecider<Command, Event, null> = {
  ...careful,
  decide: (command) => [
    causedBy(command, { type: 'OrderPlaced' }, { id: 'evt-1' }),
    { type: 'StockReserved', metadata: { eventId: 'evt-2' } },
  ],
};

describe('causedBy', () => {
  test('keeps the correlation id and names the trigger as the cause', () => {
    expect(causedBy(place, { type: 'OrderPlaced' }, { id: 'evt-1' })).toEqual({
      type: 'OrderPlaced',
      metadata: { messageId: 'evt-1', correlationId: 'conv-1', causationId: 'cmd-1' },
    });
  });

  test('a trigger without a correlation id starts the conversation: its id becomes the correlation id', () => {
    const message = { id: 'm-1', type: 'PaymentCaptured', key: 'o-1', data: {}, headers: {} };
    const output = causedBy(message, {
      id: 'm-2',
      type: 'ConfirmPayment',
      key: 'o-1',
      data: {},
      headers: { 'content-type': 'json' },
    });
    expect(output.headers).toEqual({
      'content-type': 'json',
      'correlation-id': 'm-1',
      'causation-id': 'm-1',
    });
    expect(metadataOf(output)).toEqual({ id: 'm-2', correlationId: 'm-1', causationId: 'm-1' });
  });
});

describe('checkCausality', () => {
  const reserved = (metadata: Event['metadata']): Event => ({ type: 'StockReserved', metadata });
  const run = (second: Event): CausalLink[] => [
    { trigger: place, outputs: [causedBy(place, { type: 'OrderPlaced' }, { id: 'evt-1' }), second] },
    {
      trigger: {
        type: 'OrderPlaced',
        metadata: { eventId: 'evt-1', correlationId: 'conv-1', causationId: 'cmd-1' },
      },
      outputs: [],
    },
  ];

  test('passes when every output keeps the correlation id and names its trigger', () => {
    checkCausality(run(causedBy(place, { type: 'StockReserved' }, { id: 'evt-2' })), { svgDir: false });
  });

  test.each([
    ['no correlation id', reserved({ eventId: 'evt-2', causationId: 'cmd-1' }), 'it has no correlation id'],
    [
      'another correlation id',
      reserved({ eventId: 'evt-2', correlationId: 'conv-9', causationId: 'cmd-1' }),
      'its correlation id "conv-9"',
    ],
    [
      'a causation id that is not the trigger',
      reserved({ eventId: 'evt-2', correlationId: 'conv-1', causationId: 'evt-1' }),
      'its causation id "evt-1"',
    ],
  ])('fails on %s', (_, second, problem) => {
    expect(() => checkCausality(run(second), { svgDir: false })).toThrowError(problem);
  });

  test('draws the chain as a tree with the first broken link marked, and as an SVG', () => {
    const links: CausalLink[] = [
      ...run(reserved({ eventId: 'evt-2', correlationId: 'conv-9', causationId: 'cmd-1' })),
      {
        trigger: {
          type: 'OrderPlaced',
          metadata: { eventId: 'evt-1', correlationId: 'conv-1', causationId: 'cmd-1' },
        },
        outputs: [{ type: 'RequestPayment', metadata: { commandId: 'cmd-2', correlationId: 'conv-1' } }],
      },
    ];
    let message = '';
    try {
      checkCausality(links, { name: 'checkout run', svgDir });
    } catch (error) {
      expect(error).toMatchObject({ code: 'EVENTSPEC_CAUSALITY_BROKEN' });
      message = (error as Error).message.replace(svgDir, '<svgDir>');
    }
    expect(message).toMatchInlineSnapshot(`
      "Causality broken in checkout run: 2 links lost the correlation or causation id.

        PlaceOrder  id=cmd-1  correlation=conv-1
        ├─ ✓ OrderPlaced  id=evt-1  correlation=conv-1  causation=cmd-1
        │  └─ ✗ RequestPayment  id=cmd-2  correlation=conv-1  ← it has no causation id (expected "evt-1", the id of OrderPlaced)
        └─ ✗ StockReserved  id=evt-2  correlation=conv-9  causation=cmd-1  ← first broken link: its correlation id "conv-9" is not its trigger's "conv-1"

      Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.
      The chain as a picture: <svgDir>/checkout-run.svg"
    `);
    const svg = readFileSync(join(svgDir, 'checkout-run.svg'), 'utf8');
    expect(svg).toContain('<title>checkout run</title>');
    expect(svg).toContain('first broken link: its correlation id &quot;conv-9&quot;');
  });
});

describe('checkCausalityOfLog', () => {
  test('links a flat log by causation ids, and reports causes missing from the log', () => {
    const log = [
      { id: 'm-1', type: 'OrderPlaced', key: 'o-1', data: {}, headers: {} },
      {
        id: 'm-2',
        type: 'RequestPayment',
        key: 'o-1',
        data: {},
        headers: { 'correlation-id': 'm-1', 'causation-id': 'm-1' },
      },
      {
        id: 'm-3',
        type: 'PaymentCaptured',
        key: 'o-1',
        data: {},
        headers: { 'correlation-id': 'm-1', 'causation-id': 'm-2' },
      },
    ];
    checkCausalityOfLog(log, { svgDir: false });
    const lost = [
      ...log,
      {
        id: 'm-4',
        type: 'ShipOrder',
        key: 'o-1',
        data: {},
        headers: { 'correlation-id': 'm-1', 'causation-id': 'm-9' },
      },
    ];
    expect(() => checkCausalityOfLog(lost, { svgDir: false })).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Causality broken in causal chain: 1 message names a cause not in the log.

        OrderPlaced  id=m-1
        └─ ✓ RequestPayment  id=m-2  correlation=m-1  causation=m-1
           └─ ✓ PaymentCaptured  id=m-3  correlation=m-1  causation=m-2

        ✗ ShipOrder m-4 names causation id "m-9", which no message in the log has

      Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.]
    `);
  });
});

describe("the in-memory broker's log", () => {
  test('a handler that derives its outputs with causedBy leaves a log with no broken link', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    await broker.subscribe({
      source: 'orders',
      group: 'billing',
      handler: async (message) => {
        await broker.publish('billing', [
          causedBy(message, {
            id: `bill-${message.id}`,
            type: 'InvoiceRequested',
            key: message.key,
            data: {},
            headers: {},
          }),
        ]);
      },
    });
    await broker.publish('orders', [{ id: 'm-1', type: 'OrderPlaced', key: 'o-1', data: {}, headers: {} }]);
    await broker.settle();
    const log = broker.published.map(({ message }) => message);
    expect(log.map((m) => m.id)).toEqual(['m-1', 'bill-m-1']);
    checkCausalityOfLog(log, { svgDir: false });
  });
});

describe('causality in scenarios', () => {
  test('a decider scenario with { causality: true } checks the when command and given commands', () => {
    scenario(careful, { causality: { svgDir: false } })
      .when(place)
      .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]);
    expect(() =>
      scenario(careless, { causality: { svgDir: false } })
        .when(place)
        .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]),
    ).toThrowError(/Causality broken in scenario: when PlaceOrder/);
    // off by default
    scenario(careless)
      .when(place)
      .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]);
  });

  test('configureSpecs turns it on for every scenario, process managers included', () => {
    const pm: ProcessManager<Event, null> = {
      initialState: null,
      react: () =>
        send({ type: 'RequestPayment', metadata: { commandId: 'cmd-2', correlationId: 'conv-1' } }),
    };
    configureSpecs({ causality: { svgDir: false } });
    try {
      expect(() =>
        scenario(careless)
          .when(place)
          .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]),
      ).toThrowError(/EVENTSPEC|Causality broken/);
      expect(() =>
        processScenario(pm)
          .when({
            type: 'OrderPlaced',
            metadata: { eventId: 'evt-1', correlationId: 'conv-1', causationId: 'cmd-1' },
          })
          .thenMatch({ send: [{ type: 'RequestPayment' }] }),
      ).toThrowError(/its causation id|no causation id/);
      // The project's options reach the check: with svgDir false no picture is written (and none is named).
      expect(() =>
        scenario(careless)
          .when(place)
          .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]),
      ).toThrowError(
        expect.objectContaining({ message: expect.not.stringContaining('The chain as a picture') }),
      );
      const folder = mkdtempSync(join(tmpdir(), 'eventspec-causality-'));
      configureSpecs({ causality: { svgDir: folder } });
      expect(() =>
        scenario(careless)
          .when(place)
          .thenMatch([{ type: 'OrderPlaced' }, { type: 'StockReserved' }]),
      ).toThrowError(`The chain as a picture: ${join(folder, 'scenario-when-placeorder.svg')}`);
      rmSync(folder, { recursive: true });
    } finally {
      configureSpecs({ causality: false });
    }
  });
});
