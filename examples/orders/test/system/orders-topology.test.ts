import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkTopology,
  formatTopologyText,
  loadDeclaredTopology,
  readObservedFlows,
  writeObservedFlows,
} from '@eventspec/contracts';
import {
  causedBy,
  handlerService,
  type ObservedFlow,
  observedFlows,
  publish,
  send,
  system,
} from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { type OrderCommand, type OrderEvent, ordersSystem } from '../../src/index.js';
import { withId } from '../with-id.js';

const folder = fileURLToPath(new URL('../../topology', import.meta.url));
const documents = readdirSync(folder).map((name) => `${folder}/${name}`);
// #region declared
const declared = loadDeclaredTopology(documents);
// #endregion declared
const start = '2024-05-01T09:00:00.000Z';
const placeOrder = (orderId: string, unitPrice: number): OrderCommand =>
  withId(`cmd-${orderId}`, {
    type: 'PlaceOrder',
    orderId,
    customerId: 'c-7',
    lines: [{ sku: 'espresso-machine', quantity: 1, unitPrice }],
  });

// #region observe
/** Runs the paid and the declined checkout and returns the flows they put on the bus. */
async function observe(services: typeof ordersSystem): Promise<ObservedFlow[]> {
  const flows: ObservedFlow[] = [];
  for (const [orderId, price, status] of [
    ['o-1', 32_000, 'shipped'],
    ['o-2', 90_000, 'cancelled'],
  ] as const) {
    const report = await system(services, { start })
      .when(placeOrder(orderId, price))
      .eventually({ state: { orders: new Map([[orderId, { status }]]) } }, { within: '1h' });
    // The test places the order as the storefront does.
    flows.push(...observedFlows(report, { source: `checkout of ${orderId}`, testAs: 'storefront' }));
  }
  return flows;
}
// #endregion observe

describe('the orders topology: what the AsyncAPI documents declare against what the system does', () => {
  // #region no-drift
  test('the system scenarios send and receive exactly what the documents declare', {
    timeout: 60_000,
  }, async () => {
    const report = checkTopology({
      declared: await declared,
      observed: await observe(ordersSystem),
      name: 'Orders topology', // the page of the HTML report
    });
    expect(formatTopologyText(report)).toMatchInlineSnapshot(`
      "Topology: no drift (30 declared flows, 30 observed)
      Not checked:
        - 30 observed flows carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))
      "
    `);
  });
  // #endregion no-drift

  test('the observed flows written for `eventspec topology check` read back as the same check', {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'orders-topology-'));
    try {
      const observed = await observe(ordersSystem);
      // #region write-observed
      writeObservedFlows(observed, join(folder, 'orders-system.json'));
      // #endregion write-observed
      const read = await readObservedFlows([join(folder, 'orders-system.json')]);
      expect(read).toEqual(observed);
      expect(checkTopology({ declared: await declared, observed: read }).ok).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // #region planted
  test('a warehouse that also publishes an event no document declares is caught', {
    timeout: 60_000,
  }, async () => {
    const warehouse = handlerService<OrderEvent>({
      listensTo: ['OrderPaid'],
      publishes: ['StockReserved'],
      handle: (event, context) =>
        context.replaying || event.type !== 'OrderPaid'
          ? []
          : [
              publish(causedBy(event, { type: 'StockReserved', orderId: event.data.orderId })),
              send(
                causedBy<OrderCommand>(event, {
                  type: 'ShipOrder',
                  orderId: event.data.orderId,
                  trackingNumber: `TRK-${event.data.orderId}`,
                }),
              ),
            ],
    });
    const report = checkTopology({
      declared: await declared,
      observed: await observe({ ...ordersSystem, warehouse }),
    });
    expect(report.ok).toBe(false);
    expect(formatTopologyText(report)).toMatchInlineSnapshot(`
      "Topology: 1 drift (30 declared flows, 31 observed)
        ✗ undeclared-send    warehouse sends StockReserved on warehouse.events (observed in checkout of o-1), but its document has no send operation for StockReserved: declare it, or stop sending it
      Not checked:
        - 31 observed flows carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))
      "
    `);
  });
  // #endregion planted
});
