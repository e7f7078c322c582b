import { connect, type Socket } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/**
 * Whether a Kafka cluster is down, not just slow: resolves with the reason when no broker of `brokers`
 * keeps a TCP connection open for 300 ms (refused or reset at once), else `undefined` (it answers, or it
 * is paused and holds connections). Goes through `socketFactory` when the client does (a fault proxy).
 */
export async function kafkaDown(
  brokers: readonly string[],
  socketFactory?: ISocketFactory,
): Promise<unknown> {
  const results = await Promise.all(brokers.map((address) => probe(address, socketFactory)));
  if (results.some((result) => result === undefined)) return undefined;
  return new Error(`no broker of ${brokers.join(', ')} accepts connections (${results[0]})`);
}

function probe(address: string, socketFactory: ISocketFactory | undefined): Promise<string | undefined> {
  const index = address.lastIndexOf(':');
  const host = address.slice(0, index);
  const port = Number(address.slice(index + 1));
  return new Promise((resolve) => {
    let socket: Socket;
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), 300);
    socket = socketFactory
      ? (socketFactory({ host, port, ssl: {}, onConnect: () => undefined }) as Socket)
      : connect({ host, port });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    socket.once('close', () => done('connection closed'));
  });
}
