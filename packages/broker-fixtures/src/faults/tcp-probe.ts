import { connect, type Socket } from 'node:net';

/** Makes the probe's socket (e.g. a kafkajs `socketFactory` going through a fault proxy). */
export type ProbeSocketFactory = (address: { host: string; port: number }) => Socket;

/**
 * Why `host:port` does not serve connections — refused, or reset within `ms` (a proxy or a dying broker
 * that accepts and drops) — or `undefined` when a connection stays open that long (a live or a paused
 * broker: the kernel still accepts for a frozen process).
 */
export function whyNotServing(
  address: string,
  ms = 300,
  socketFactory?: ProbeSocketFactory,
): Promise<string | undefined> {
  const index = address.lastIndexOf(':');
  const host = address.slice(0, index).replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(address.slice(index + 1));
  return new Promise((resolve) => {
    const socket = socketFactory ? socketFactory({ host, port }) : connect({ host, port });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), ms);
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    socket.once('close', () => done('connection closed at once'));
  });
}
