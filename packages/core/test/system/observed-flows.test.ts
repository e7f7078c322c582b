import { describe, expect, test } from 'vitest';
import { observedFlows, system } from '../../src/index.js';
import { shop } from './shop.js';

const at = '2024-06-01T09:00:00.000Z';
const place = (orderId: string, amount: number) => ({ type: 'PlaceOrder', orderId, amount, sku: 'mug' });

describe('observedFlows: what a system scenario put on the bus, for the topology check', () => {
  test('one flow per publisher, type and topic, with every listener; timers left out; given and when alike', async () => {
    const report = await system(shop, { start: at })
      .given([place('o-1', 300)])
      .when(place('o-2', 300))
      .eventually({}, { within: '1h' });
    expect(observedFlows(report, { source: 'shop', testAs: 'storefront' })).toMatchInlineSnapshot(`
      [
        {
          "channel": "orders.commands",
          "from": "storefront",
          "source": "shop",
          "to": [
            "orders",
          ],
          "type": "PlaceOrder",
        },
        {
          "channel": "orders.events",
          "from": "orders",
          "source": "shop",
          "to": [
            "checkout",
          ],
          "type": "OrderPlaced",
        },
        {
          "channel": "stock.commands",
          "from": "checkout",
          "source": "shop",
          "to": [
            "stock",
          ],
          "type": "ReserveStock",
        },
        {
          "channel": "payments.commands",
          "from": "checkout",
          "source": "shop",
          "to": [
            "payments",
          ],
          "type": "ChargeCard",
        },
        {
          "channel": "stock.events",
          "from": "stock",
          "source": "shop",
          "to": [],
          "type": "StockReserved",
        },
        {
          "channel": "payments.events",
          "from": "payments",
          "source": "shop",
          "to": [
            "checkout",
          ],
          "type": "PaymentCaptured",
        },
        {
          "channel": "orders.commands",
          "from": "checkout",
          "source": "shop",
          "to": [
            "orders",
          ],
          "type": "ConfirmOrder",
        },
        {
          "channel": "orders.events",
          "from": "orders",
          "source": "shop",
          "to": [
            "confirmed",
          ],
          "type": "OrderConfirmed",
        },
      ]
    `);
  });

  test('the test is no publisher unless told which application it plays; versions come from the header', () => {
    const message = (type: string, headers?: Record<string, string>) => ({ type, orderId: 'o-1', headers });
    const flow = [
      {
        seq: 0,
        at: new Date(0),
        from: 'test',
        to: 'orders',
        kind: 'command' as const,
        message: message('PlaceOrder'),
        phase: 'when' as const,
      },
      {
        seq: 1,
        at: new Date(0),
        from: 'orders',
        to: 'orders',
        kind: 'event' as const,
        message: message('OrderPlaced', { 'x-eventspec-version': '2' }),
        phase: 'when' as const,
        listeners: ['billing'],
      },
      {
        seq: 2,
        at: new Date(0),
        from: 'orders',
        to: 'orders',
        kind: 'event' as const,
        message: message('OrderPlaced', { 'x-eventspec-version': '2' }),
        phase: 'when' as const,
        listeners: ['mailer'],
      },
      {
        seq: 3,
        at: new Date(0),
        from: 'orders',
        to: 'orders',
        kind: 'event' as const,
        message: message('OrderPlaced', { 'x-eventspec-version': 'two' }),
        phase: 'when' as const,
        listeners: [],
      },
    ];
    expect(observedFlows({ flow })).toEqual([
      { to: ['orders'], type: 'PlaceOrder', channel: 'orders.commands' },
      {
        from: 'orders',
        to: ['billing', 'mailer'],
        type: 'OrderPlaced',
        version: 2,
        channel: 'orders.events',
      },
      { from: 'orders', to: [], type: 'OrderPlaced', channel: 'orders.events' },
    ]);
  });
});
