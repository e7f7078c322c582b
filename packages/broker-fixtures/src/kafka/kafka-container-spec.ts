import type { PullPolicyName } from '../docker/ensure-image.js';
import type { BrokerContainerSpec } from '../docker/start-broker-container.js';
import type { StartProgressListener } from '../docker/start-progress.js';
import { kafkaFlavorOf } from './kafka-images.js';
import { KafkaPort, kafkaNodeEnvironment } from './kafka-listeners.js';

/** Inputs of {@link kafkaContainerSpecs}: host ports are chosen before start so they can be advertised. */
export interface KafkaSpecInput {
  image: string;
  clusterId: string;
  /** One host port per node, for the external listener. */
  hostPorts: number[];
  /** Host ports of the proxied listener and the proxies in front of them, one per node, when proxied. */
  proxied?: Array<{ hostPort: number; proxyHost: string; proxyPort: number }>;
  advertisedHost: string;
  startupTimeoutMs: number;
  pull: PullPolicyName;
  reuse: boolean;
  onProgress?: StartProgressListener;
}

/** The container specs of a single node (one host port) or of a KRaft cluster (one per node). */
export function kafkaContainerSpecs(input: KafkaSpecInput): BrokerContainerSpec[] {
  const flavor = kafkaFlavorOf(input.image);
  const size = input.hostPorts.length;
  const hostnames = input.hostPorts.map((_, index) => (size === 1 ? 'kafka' : `kafka-${index + 1}`));
  const voters = hostnames.map((hostname, index) => `${index + 1}@${hostname}:${KafkaPort.controller}`);
  return input.hostPorts.map((hostPort, index) => {
    const proxied = input.proxied?.[index];
    const ports: Array<{ container: number; host: number }> = [
      { container: KafkaPort.external, host: hostPort },
    ];
    if (proxied) ports.push({ container: KafkaPort.proxied, host: proxied.hostPort });
    return {
      broker: 'kafka',
      image: input.image,
      imageEnvVariable: 'EVENTSPEC_KAFKA_IMAGE',
      ports,
      environment: kafkaNodeEnvironment({
        flavor,
        nodeId: index + 1,
        hostname: hostnames[index]!,
        voters: size === 1 ? [`1@localhost:${KafkaPort.controller}`] : voters,
        clusterId: input.clusterId,
        advertised: { host: input.advertisedHost, port: hostPort },
        ...(proxied ? { proxied: { host: proxied.proxyHost, port: proxied.proxyPort } } : {}),
      }),
      readyLog: /Kafka Server started/,
      startupTimeoutMs: input.startupTimeoutMs,
      pull: input.pull,
      reuse: input.reuse,
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    } satisfies BrokerContainerSpec;
  });
}
