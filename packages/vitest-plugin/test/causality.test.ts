import { causedBy } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { eventspec } from '../src/index.js';

const trigger = { type: 'PlaceOrder', metadata: { commandId: 'cmd-1', correlationId: 'conv-1' } };

describe('toKeepCausality', () => {
  test('on causal links and on a flat log', () => {
    expect([
      { trigger, outputs: [causedBy(trigger, { type: 'OrderPlaced' }, { id: 'evt-1' })] },
    ]).toKeepCausality();
    expect([
      { trigger, outputs: [{ type: 'OrderPlaced', metadata: { eventId: 'evt-1' } }] },
    ]).not.toKeepCausality({ svgDir: false });
    const log = [
      { id: 'm-1', type: 'OrderPlaced', key: 'o-1', data: {}, headers: {} },
      {
        id: 'm-2',
        type: 'RequestPayment',
        key: 'o-1',
        data: {},
        headers: { 'correlation-id': 'm-9', 'causation-id': 'm-1' },
      },
    ];
    expect(() => expect(log).toKeepCausality({ name: 'broker log', svgDir: false })).toThrowError(
      /first broken link: its correlation id "m-9" is not its trigger's "m-1"/,
    );
  });
});

describe('eventspec({ causality })', () => {
  test('hands the setting to every test worker', async () => {
    const plugin = eventspec({ causality: { svgDir: false } });
    const config = await (plugin.config as () => Promise<{ test: { provide: Record<string, unknown> } }>)();
    expect(config.test.provide).toEqual({
      'eventspec:settings': { matchers: true, causality: { svgDir: false }, report: false },
    });
  });
});
