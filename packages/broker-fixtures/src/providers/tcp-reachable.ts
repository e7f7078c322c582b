import { connect } from 'node:net';

/** True when a TCP connection to `host:port` opens within `timeoutMs`. */
export function isTcpReachable(address: string, timeoutMs = 2000): Promise<boolean> {
  const index = address.lastIndexOf(':');
  const host = address.slice(0, index).replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(address.slice(index + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
