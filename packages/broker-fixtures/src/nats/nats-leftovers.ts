import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { type LeftoverOptions, selectLeftovers } from '../namespaces/leftovers.js';
import type { NatsEndpoint } from './nats-endpoint.js';

/**
 * Deletes the JetStream streams crashed runs left on a shared NATS server (eventspec namespaces of other
 * runs older than `maxAgeMs`), or with `currentRun: true` those of this run that crashed tests left.
 * A namespace's name is read from its stream's subject (`<namespace>.>`). Resolves with the streams deleted.
 */
export async function removeNatsLeftovers(
  endpoint: NatsEndpoint,
  options: LeftoverOptions,
): Promise<string[]> {
  const connection = await connect({ servers: endpoint.url, name: 'eventspec leftovers' });
  try {
    const jsm = await jetstreamManager(connection);
    const streams = new Map<string, string>();
    for await (const info of jsm.streams.list()) {
      for (const subject of info.config.subjects ?? []) {
        if (subject.endsWith('.>')) streams.set(subject.slice(0, -2), info.config.name);
      }
    }
    const removed: string[] = [];
    for (const namespace of selectLeftovers(streams.keys(), options)) {
      const stream = streams.get(namespace)!;
      if (await jsm.streams.delete(stream).catch(() => false)) removed.push(stream);
    }
    return removed;
  } finally {
    await connection.close();
  }
}
