/** Where a Kafka cluster answers; plain data, so vitest's global setup can hand it to workers. */
export interface KafkaEndpoint {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  /**
   * What the cluster's admin API allows; namespaces are dropped with it. librdkafka's mock cluster, for
   * one, serves neither: its topics stay until it stops.
   */
  capabilities: { deleteTopics: boolean; deleteGroups: boolean; refusal?: string };
}

/** The endpoint from `EVENTSPEC_KAFKA_BROKERS` (comma-separated `host:port`), or undefined. */
export function kafkaEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaEndpoint | undefined {
  const brokers = (env.EVENTSPEC_KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) return undefined;
  return { brokers, capabilities: { deleteTopics: true, deleteGroups: true } };
}
