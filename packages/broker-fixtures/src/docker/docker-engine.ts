import { existsSync } from 'node:fs';
import { type ContainerRuntimeClient, getContainerRuntimeClient } from 'testcontainers';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * The Docker engine Testcontainers found, or a {@link BrokerError} `EVENTSPEC_BROKER_DOCKER_UNAVAILABLE`
 * saying where it looked and how to fix it. A `DOCKER_HOST` that does not answer is an error, never a
 * silent fall back to another engine (Testcontainers then tries /var/run/docker.sock).
 */
export async function connectDocker(env: NodeJS.ProcessEnv = process.env): Promise<ContainerRuntimeClient> {
  let client: ContainerRuntimeClient;
  try {
    client = await getContainerRuntimeClient();
  } catch (cause) {
    throw new BrokerError(
      BrokerErrorCode.DockerUnavailable,
      `No Docker engine answered (looked at ${describeDockerTarget(env)}). Start Docker, or point DOCKER_HOST ` +
        'at a running engine, or use the external provider (EVENTSPEC_KAFKA_BROKERS / EVENTSPEC_AMQP_URL) ' +
        'to test against brokers someone else runs.',
      { cause },
    );
  }
  const used = engineAddress(client);
  const wanted = env.DOCKER_HOST;
  if (wanted && used && !sameEngine(wanted, used)) {
    throw new BrokerError(
      BrokerErrorCode.DockerUnavailable,
      `DOCKER_HOST=${wanted} does not answer${whyNot(wanted)}; Testcontainers fell back to the engine at ${used}, ` +
        'and eventspec does not run containers on an engine you did not name. Fix DOCKER_HOST (`docker ' +
        `context inspect\` shows your engine's address), or unset it to use ${used}.`,
      { actual: used, expected: wanted },
    );
  }
  return client;
}

/** True when a Docker engine answers; never throws. */
export async function isDockerAvailable(): Promise<boolean> {
  try {
    await connectDocker();
    return true;
  } catch {
    return false;
  }
}

/** Where Testcontainers looks for Docker, in words, for error messages. */
export function describeDockerTarget(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST}`;
  return 'the default socket /var/run/docker.sock, ~/.testcontainers.properties and the docker context';
}

// The address the client's dockerode talks to: unix:///path or tcp://host:port.
function engineAddress(client: ContainerRuntimeClient): string | undefined {
  const modem = (
    client.container.dockerode as unknown as {
      modem?: { socketPath?: unknown; host?: unknown; port?: unknown };
    }
  ).modem;
  if (typeof modem?.socketPath === 'string') return `unix://${modem.socketPath}`;
  if (typeof modem?.host === 'string') return `tcp://${modem.host}:${modem.port ?? ''}`;
  return undefined;
}

function sameEngine(wanted: string, used: string): boolean {
  try {
    const a = new URL(wanted);
    const b = new URL(used);
    if (a.hostname === '' || a.protocol === 'unix:' || a.protocol === 'npipe:')
      return a.pathname === b.pathname;
    return a.hostname === b.hostname && (a.port || '2375') === (b.port || a.port || '2375');
  } catch {
    return true;
  }
}

function whyNot(wanted: string): string {
  try {
    const url = new URL(wanted);
    if (url.protocol === 'unix:' && !existsSync(url.pathname)) return ` (no socket at ${url.pathname})`;
  } catch {
    return ' (not a URL)';
  }
  return '';
}
