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
