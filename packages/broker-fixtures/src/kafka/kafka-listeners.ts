import type { KafkaImageFlavor } from './kafka-images.js';

/** Container ports of the listeners eventspec configures. */
export const KafkaPort = {
  /** Clients on the host, advertised as `<host>:<hostPort>`. */
  external: 9092,
  /** Brokers among themselves on the Docker network, advertised as `<nodeHostname>:9093`. */
  broker: 9093,
  /** KRaft controllers. */
  controller: 9094,
  /** Clients through a fault proxy, advertised as the proxy's address so they never bypass it. */
  proxied: 9095,
} as const;

/** One KRaft node of a single broker or a cluster. */
export interface KafkaNodeConfig {
  flavor: KafkaImageFlavor;
  nodeId: number;
  /** Hostname of this node on the Docker network (inter-broker listener). */
  hostname: string;
  /** `nodeId@hostname:9094` of every controller. */
  voters: string[];
  clusterId: string;
  /** Host and port clients outside Docker use. */
  advertised: { host: string; port: number };
  /** Address of the fault proxy in front of the proxied listener, when there is one. */
  proxied?: { host: string; port: number };
}

/** Environment variables configuring a KRaft combined broker+controller node for the image's flavor. */
export function kafkaNodeEnvironment(node: KafkaNodeConfig): Record<string, string> {
  const listeners = [`PLAINTEXT://0.0.0.0:${KafkaPort.external}`, `BROKER://0.0.0.0:${KafkaPort.broker}`];
  const advertised = [
    `PLAINTEXT://${node.advertised.host}:${node.advertised.port}`,
    `BROKER://${node.hostname}:${KafkaPort.broker}`,
  ];
  const protocols = ['PLAINTEXT:PLAINTEXT', 'BROKER:PLAINTEXT', 'CONTROLLER:PLAINTEXT'];
  if (node.proxied) {
    listeners.push(`PROXIED://0.0.0.0:${KafkaPort.proxied}`);
    advertised.push(`PROXIED://${node.proxied.host}:${node.proxied.port}`);
    protocols.push('PROXIED:PLAINTEXT');
  }
  listeners.push(`CONTROLLER://0.0.0.0:${KafkaPort.controller}`);
  const replication = String(Math.min(3, node.voters.length));
  return {
    CLUSTER_ID: node.clusterId,
    KAFKA_NODE_ID: String(node.nodeId),
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_CONTROLLER_QUORUM_VOTERS: node.voters.join(','),
    KAFKA_LISTENERS: listeners.join(','),
    KAFKA_ADVERTISED_LISTENERS: advertised.join(','),
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: protocols.join(','),
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: replication,
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: replication,
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(Math.min(2, node.voters.length)),
    KAFKA_MIN_INSYNC_REPLICAS: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_LOG_DIRS: node.flavor === 'confluent' ? '/var/lib/kafka/data' : '/tmp/kraft-combined-logs',
    ...(node.flavor === 'confluent' ? { KAFKA_CONFLUENT_SUPPORT_METRICS_ENABLE: 'false' } : {}),
  };
}

/** A KRaft cluster id (22 characters of URL-safe base64 of 16 random bytes). */
export function newKafkaClusterId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
