import { connect } from 'node:net';
import { waitUntil } from './wait-until.js';

/** Resolves once `host:port` accepts TCP connections (after a restart), polling up to a minute. */
export function waitForPort(host: string, port: number, what = `${host}:${port}`): Promise<void> {
  return waitUntil(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, host, () => {
          socket.destroy();
          resolve(true);
        }).on('error', () => resolve(false));
      }),
    { timeoutMs: 60_000, what },
  );
}

/**
 * Resolves once the server on `host:port` answers like itself: `send` (if any) written on a fresh
 * connection, and the first bytes back matching `reply`. Docker's port proxy accepts connections before
 * the broker behind it is up, so an accepted connection alone proves nothing after a restart.
 */
export function waitForReply(
  host: string,
  port: number,
  options: { send?: string; reply: RegExp; what: string },
): Promise<void> {
  return waitUntil(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, host, () => {
          if (options.send) socket.write(options.send);
        });
        const done = (ok: boolean) => {
          socket.destroy();
          resolve(ok);
        };
        socket.setTimeout(1000, () => done(false));
        socket.once('data', (data) => done(options.reply.test(data.toString('utf8'))));
        socket.on('error', () => done(false));
        socket.on('close', () => done(false));
      }),
    { timeoutMs: 60_000, what: options.what },
  );
}
