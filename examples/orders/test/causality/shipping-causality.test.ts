import { causedBy, checkCausalityOfLog, scenario } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { type ShippingCommand, shipping } from '../../src/index.js';

const request: ShippingCommand = {
  type: 'RequestShipment',
  orderId: 'o-1',
  metadata: { messageId: 'cmd-41', correlationId: 'checkout-o-1', causationId: 'evt-40' },
};

describe('shipping keeps the trace', () => {
  // #region scenario-causality
  test('every event carries the command as its cause and the conversation it belongs to', () => {
    scenario(shipping, { causality: true })
      .when(request)
      .thenMatch([{ type: 'ShipmentRequested' }, { type: 'LabelPrinted' }]);
  });
  // #endregion scenario-causality

  // #region matcher
  test('the links of a run, checked with the matcher', () => {
    const events = shipping.decide(request, { requested: false }, { now: () => new Date() });
    expect([{ trigger: request, outputs: [events].flat() }]).toKeepCausality();
  });
  // #endregion matcher

  // #region log
  test('a broker log from checkout to shipping has no broken link', () => {
    const placed = {
      id: 'evt-40',
      type: 'OrderPaid',
      key: 'o-1',
      data: {},
      headers: { 'correlation-id': 'checkout-o-1' },
    };
    const requested = causedBy(placed, {
      id: 'cmd-41',
      type: 'RequestShipment',
      key: 'o-1',
      data: {},
      headers: {},
    });
    checkCausalityOfLog([placed, requested], { name: 'checkout to shipping' });
  });
  // #endregion log
});
