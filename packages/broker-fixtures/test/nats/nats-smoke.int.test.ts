import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, expect, test } from 'vitest';
import { NatsBroker } from '../../src/nats/nats-broker.js';
import { NatsNamespace } from '../../src/nats/nats-namespace.js';
import { deliversInOrderPerKey, redeliversAfterAThrow } from '../broker-interface/scenarios.js';

describe('nats smoke', () => {
  test('order + redelivery', async () => {
    const nc = await connect({ servers: process.env.EVENTSPEC_NATS_URL });
    const ns = new NatsNamespace(`es_smoke_${Date.now()}.1_x`);
    const broker = new NatsBroker(nc, ns);
    try {
      await deliversInOrderPerKey(broker as never, expect, 'orders');
      await redeliversAfterAThrow(broker as never, expect, 'payments');
    } finally {
      await broker.close();
      await ns.drop(await jetstreamManager(nc));
      await nc.close();
    }
  });
});
