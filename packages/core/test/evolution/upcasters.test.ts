import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkUpcastRoundTrip, defineUpcasters, upcasterScenario } from '../../src/index.js';

// OrderPlaced went from a single amount (v1), to an amount with a currency (v2), to lines (v3).
type PlacedV1 = { type: 'OrderPlaced'; version: 1; orderId: string; amount: number };
type PlacedV2 = { type: 'OrderPlaced'; version: 2; orderId: string; amount: number; currency: string };
type PlacedV3 = {
  type: 'OrderPlaced';
  version: 3;
  orderId: string;
  currency: string;
  lines: { sku: string; cents: number }[];
};
// ItemsShipped v1 carried several shipments in one event; v2 is one event per shipment.
type ShippedV1 = { type: 'ItemsShipped'; version: 1; orderId: string; parcels: string[] };
type ParcelShipped = { type: 'ParcelShipped'; version: 1; orderId: string; parcel: string };
// Obsolete events are dropped.
type Audited = { type: 'OrderAudited'; version: 1; orderId: string };

type Stored = PlacedV1 | PlacedV2 | PlacedV3 | ShippedV1 | ParcelShipped | Audited;
type Latest = PlacedV3 | ParcelShipped;

const upcasters = defineUpcasters<Stored, Latest>()
  .register<PlacedV1, PlacedV2>('OrderPlaced', 1, (v1) => ({ ...v1, version: 2, currency: 'EUR' }))
  .register<PlacedV2, PlacedV3>('OrderPlaced', 2, ({ orderId, amount, currency }) => ({
    type: 'OrderPlaced',
    version: 3,
    orderId,
    currency,
    lines: [{ sku: 'unknown', cents: amount }],
  }))
  .register<ShippedV1, ParcelShipped>('ItemsShipped', 1, ({ orderId, parcels }) =>
    parcels.map((parcel) => ({ type: 'ParcelShipped', version: 1, orderId, parcel })),
  )
  .register<Audited, never>('OrderAudited', 1, () => []);

const placedV3: PlacedV3 = {
  type: 'OrderPlaced',
  version: 3,
  orderId: 'o-1',
  currency: 'EUR',
  lines: [{ sku: 'unknown', cents: 900 }],
};

describe('upcasters', () => {
  test('chains each stored event to its latest version; latest events pass unchanged', () => {
    upcasterScenario(upcasters)
      .given([
        { type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 900 },
        { type: 'OrderPlaced', version: 2, orderId: 'o-1', amount: 900, currency: 'EUR' },
        placedV3,
      ])
      .then([placedV3, placedV3, placedV3]);
  });

  test('one event may become several, or none', () => {
    upcasterScenario(upcasters)
      .given([
        { type: 'ItemsShipped', version: 1, orderId: 'o-1', parcels: ['p1', 'p2'] },
        { type: 'OrderAudited', version: 1, orderId: 'o-1' },
      ])
      .then([
        { type: 'ParcelShipped', version: 1, orderId: 'o-1', parcel: 'p1' },
        { type: 'ParcelShipped', version: 1, orderId: 'o-1', parcel: 'p2' },
      ]);
  });

  test("the stored event's envelope goes with what the upcasters make of it, unless an upcaster sets its own", () => {
    const metadata = { messageId: 'evt-1', correlationId: 'conv-1', causationId: 'cmd-1' };
    // Through two steps, the second of which rebuilds the event from its fields.
    expect(
      upcasters.upcast({ type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 900, metadata } as Stored),
    ).toEqual([{ ...placedV3, metadata }]);
    // A split: each event keeps the cause and the conversation of the stored one.
    const headers = { 'correlation-id': 'conv-2', 'causation-id': 'cmd-2' };
    expect(
      upcasters.upcast({
        type: 'ItemsShipped',
        version: 1,
        orderId: 'o-2',
        parcels: ['p-1', 'p-2'],
        headers,
      } as Stored),
    ).toEqual([
      { type: 'ParcelShipped', version: 1, orderId: 'o-2', parcel: 'p-1', headers },
      { type: 'ParcelShipped', version: 1, orderId: 'o-2', parcel: 'p-2', headers },
    ]);
    const ownIds = defineUpcasters<Stored, Latest>().register<ShippedV1, ParcelShipped>(
      'ItemsShipped',
      1,
      (v1) =>
        v1.parcels.map((parcel, n) => ({
          type: 'ParcelShipped',
          version: 1,
          orderId: v1.orderId,
          parcel,
          metadata: { ...metadata, messageId: `evt-1/${n + 1}` },
        })),
    );
    expect(
      ownIds
        .upcast({ type: 'ItemsShipped', version: 1, orderId: 'o-3', parcels: ['p-3'], metadata } as Stored)
        .map((event) => (event as { metadata?: unknown }).metadata),
    ).toEqual([{ ...metadata, messageId: 'evt-1/1' }]);
    // An event without an envelope gets none.
    expect(upcasters.upcast({ type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 900 })).toEqual([
      placedV3,
    ]);
  });

  test('a failing upcaster spec shows the events that differ', () => {
    expect(() =>
      upcasterScenario(upcasters)
        .given([{ type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 900 }])
        .then([{ ...placedV3, currency: 'USD' }]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: 1 event differs.

        given  OrderPlaced
        when   upcast to the latest versions
        then   OrderPlaced

        [0] ✗ OrderPlaced
              currency: expected "USD", received "EUR"]
    `);
  });

  test('a gap in a chain, a cycle and an unknown version are clear errors', () => {
    const gappy = defineUpcasters<Stored>()
      .register('OrderPlaced', 1, (v1: PlacedV1) => ({ ...v1, version: 2 as const, currency: 'EUR' }))
      .latest('OrderPlaced', 4);
    expect(() => gappy.verify()).toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: The upcaster chains have gaps:
        - OrderPlaced@2 has no upcaster to OrderPlaced@3 (the latest is OrderPlaced@4); register one with register('OrderPlaced', 2, upcast).
        - OrderPlaced@3 has no upcaster to OrderPlaced@4 (the latest is OrderPlaced@4); register one with register('OrderPlaced', 3, upcast).]
    `);
    upcasterScenario(gappy)
      .given([{ type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 1 }])
      .thenError(/has no upcaster to OrderPlaced@3/);
    const cyclic = defineUpcasters<Stored>()
      .register('ItemsShipped', 1, ({ orderId }: ShippedV1) => ({
        type: 'OrderAudited' as const,
        version: 1 as const,
        orderId,
      }))
      .register('OrderAudited', 1, ({ orderId }: Audited) => ({
        type: 'ItemsShipped' as const,
        version: 1 as const,
        orderId,
        parcels: [],
      }));
    expect(() =>
      cyclic.upcast({ type: 'ItemsShipped', version: 1, orderId: 'o-1', parcels: [] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: The upcasters go round in a cycle: ItemsShipped@1 → OrderAudited@1 → ItemsShipped@1. Each upcaster must move to a later version (or to other events that do).]`,
    );
    expect(() => upcasters.upcast({ type: 'OrderPlaced', version: 7 } as never)).toThrowError(
      /newer than the latest version/,
    );
    expect(() => upcasters.register('OrderPlaced', 1, (e: PlacedV1) => e)).toThrowError(
      /Two upcasters are registered for OrderPlaced@1/,
    );
  });
});

describe('what a registry reads', () => {
  test('versionOf reads type and version with the accessors, the latest when there is none; hasUpcaster names the steps', () => {
    expect(upcasters.versionOf({ type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 1 })).toEqual({
      type: 'OrderPlaced',
      version: 1,
    });
    const { version: _version, ...unversioned } = placedV3;
    expect(upcasters.versionOf(unversioned as PlacedV3)).toEqual({ type: 'OrderPlaced', version: 3 });
    const byKind = defineUpcasters<{ kind: string; v?: number }>({
      typeOf: (event) => (event as { kind: string }).kind,
      versionOf: (event) => (event as { v?: number }).v,
    }).register('Placed', 1, (event) => ({ ...event, v: 2 }));
    expect(byKind.versionOf({ kind: 'Placed', v: 1 })).toEqual({ type: 'Placed', version: 1 });
    expect(byKind.versionOf({ kind: 'Placed' })).toEqual({ type: 'Placed', version: 2 });
    expect([1, 2, 3].map((from) => upcasters.hasUpcaster('OrderPlaced', from))).toEqual([true, true, false]);
    expect(byKind.hasUpcaster('OrderPlaced', 1)).toBe(false);
  });
});

describe('checkUpcastRoundTrip', () => {
  type State = { totals: Map<string, { cents: number; currency: string }>; parcels: number };
  const fold = {
    initialState: (): State => ({ totals: new Map(), parcels: 0 }),
    evolve: (state: State, event: Latest): State =>
      event.type === 'OrderPlaced'
        ? {
            ...state,
            totals: new Map(state.totals).set(event.orderId, {
              cents: event.lines.reduce((s, l) => s + l.cents, 0),
              currency: event.currency,
            }),
          }
        : { ...state, parcels: state.parcels + 1 },
  };
  const placed = fc.record({
    type: fc.constant('OrderPlaced' as const),
    version: fc.constant(3 as const),
    orderId: fc.constantFrom('o-1', 'o-2'),
    currency: fc.constant('EUR'),
    lines: fc.tuple(fc.record({ sku: fc.constant('unknown'), cents: fc.nat(10_000) })),
  });
  const shipped = fc.record({
    type: fc.constant('ParcelShipped' as const),
    version: fc.constant(1 as const),
    orderId: fc.constant('o-1'),
    parcel: fc.string(),
  });
  const writers = {
    OrderPlaced: {
      1: (e: Latest): Stored => ({
        type: 'OrderPlaced',
        version: 1,
        orderId: e.orderId,
        amount: (e as PlacedV3).lines[0]!.cents,
      }),
      2: (e: Latest): Stored => ({
        type: 'OrderPlaced',
        version: 2,
        orderId: e.orderId,
        amount: (e as PlacedV3).lines[0]!.cents,
        currency: (e as PlacedV3).currency,
      }),
    },
  };

  test('holds when old versions can say everything the decider reads', () => {
    const report = checkUpcastRoundTrip({
      decider: fold,
      upcasters,
      histories: fc.array(fc.oneof(placed, shipped), { maxLength: 8 }),
      writers,
      runs: 200,
      seed: 1,
    });
    expect(report).toEqual({ runs: 200, seed: 1 });
  });

  test('a runs, seed or path it cannot search with is a coded error (runs: 1.5 once searched forever)', () => {
    const refused = (options: Record<string, unknown>) => {
      try {
        checkUpcastRoundTrip({ decider: fold, upcasters, histories: fc.constant([]), writers, ...options });
      } catch (error) {
        const { code, message } = error as Error & { code?: string };
        return `${code}: ${message}`;
      }
      return 'accepted';
    };
    expect([
      refused({ runs: 1.5 }),
      refused({ runs: Number.POSITIVE_INFINITY, seed: 'x', path: 7 }),
      refused({ path: '0:1' }),
    ]).toMatchInlineSnapshot(`
      [
        "EVENTSPEC_EVOLUTION_BAD_OPTIONS: checkUpcastRoundTrip() cannot search with these options:
        - \`runs\` must be a whole number from 1 to 2^53 − 1, got 1.5",
        "EVENTSPEC_EVOLUTION_BAD_OPTIONS: checkUpcastRoundTrip() cannot search with these options:
        - \`runs\` must be a whole number from 1 to 2^53 − 1, got Infinity
        - \`seed\` must be the whole number a failure printed, got "x"
        - \`path\` must be the path a failure printed, such as "3:1:0", got 7",
        "EVENTSPEC_EVOLUTION_BAD_OPTIONS: checkUpcastRoundTrip() cannot search with these options:
        - \`path\` replays a failure only together with its \`seed\`",
      ]
    `);
  });

  test('fails, with the shrunk history and the versions it was written at, when an upcaster loses information', () => {
    const usd = placed.map((event) => ({ ...event, currency: 'USD' }));
    let message = '';
    try {
      checkUpcastRoundTrip({
        decider: fold,
        upcasters,
        histories: fc.array(fc.oneof(usd, shipped), { maxLength: 8 }),
        writers,
        seed: 3,
      });
    } catch (error) {
      expect(error).toMatchObject({ code: 'EVENTSPEC_EVOLUTION_ROUND_TRIP' });
      message = (error as Error).message.replace(/path: "[\d:]+"/, 'path: "…"');
    }
    expect(message).toMatchInlineSnapshot(`
      "Upcasting changes what the decider sees: the history written at older versions folds to another state.

        [0] OrderPlaced written at @1: { type: "OrderPlaced", version: 1, orderId: "o-1", amount: 0 }

        state (upcast history vs the history at the latest versions)
          state.totals.get("o-1").currency: latest "USD", upcast "EUR"

      Replay: pass { seed: 3, path: "…" } in the options."
    `);
  });
});
