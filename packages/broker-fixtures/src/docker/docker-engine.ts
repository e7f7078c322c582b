import { type ContainerRuntimeClient, getContainerRuntimeClient } from 'testcontainers';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * The Docker engine Testcontainers found, or a {@link BrokerError} `EVENTSPEC_BROKER_DOCKER_UNAVAILABLE`
 * saying where it looked and how to fix it.
 */
export async function connectDocker(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient();
  } catch (cause) {
    throw new BrokerError(
      BrokerErrorCode.DockerUnavailable,
      `No Docker engine answered (looked at ${describeDockerTarget()}). Start Docker, or point DOCKER_HOST ` +
        'at a running engine, or use the external provider (EVENTSPEC_KAFKA_BROKERS / EVENTSPEC_AMQP_URL) ' +
        'to test against brokers someone else runs.',
      { cause },
    );
  }
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
