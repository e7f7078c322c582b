import { createServer } from 'node:net';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * A TCP port free on the loopback interface right now. Brokers bind their host ports to one chosen up
 * front so that a restart keeps the same address and Kafka can advertise it before starting.
 */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Fails with `EVENTSPEC_BROKER_PORT_IN_USE` when something already listens on `port`. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new BrokerError(
      BrokerErrorCode.PortInUse,
      `Host port ${port} asked for ${what} is already in use. Free it (\`ss -ltnp 'sport = :${port}'\` ` +
        'shows who holds it) or leave the port out to let eventspec pick a free one.',
      { actual: `port ${port} in use`, expected: `port ${port} free` },
    );
  }
}
