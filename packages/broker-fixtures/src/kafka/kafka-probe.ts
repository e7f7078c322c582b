import type { ISocketFactory } from 'kafkajs';
import { whyNotServing } from '../faults/tcp-probe.js';

/**
 * Whether a Kafka cluster is down, not just slow: resolves with the reason when no broker of `brokers`
 * keeps a TCP connection open for 300 ms, else `undefined` (it answers, or it is paused and holds
 * connections). Goes through `socketFactory` when the client does (a fault proxy).
 */
export async function kafkaDown(
  brokers: readonly string[],
  socketFactory?: ISocketFactory,
): Promise<unknown> {
  const factory = socketFactory
    ? ({ host, port }: { host: string; port: number }) =>
        socketFactory({ host, port, ssl: {}, onConnect: () => undefined })
    : undefined;
  const results = await Promise.all(brokers.map((address) => whyNotServing(address, 300, factory)));
  if (results.some((result) => result === undefined)) return undefined;
  return new Error(`no broker of ${brokers.join(', ')} accepts connections (${results[0]})`);
}
