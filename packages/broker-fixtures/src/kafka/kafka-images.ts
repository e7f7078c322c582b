/** The Kafka images eventspec knows how to configure. */
export type KafkaImageFlavor = 'apache-native' | 'apache' | 'confluent';

/** Pinned images per flavor; the default is the GraalVM native Kafka (sub-second start). */
export const KAFKA_IMAGES: Readonly<Record<KafkaImageFlavor, string>> = {
  'apache-native': 'apache/kafka-native:4.1.1',
  apache: 'apache/kafka:4.1.1',
  confluent: 'confluentinc/cp-kafka:8.1.0',
};

/** The image from EVENTSPEC_KAFKA_IMAGE, else the pinned `apache/kafka-native`. */
export function defaultKafkaImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVENTSPEC_KAFKA_IMAGE || KAFKA_IMAGES['apache-native'];
}

/**
 * Which configuration an image needs, from its repository name: `apache/kafka-native`, `apache/kafka`
 * (and mirrors of them), or Confluent's `cp-kafka`. Unknown names are treated as `apache`.
 */
export function kafkaFlavorOf(image: string): KafkaImageFlavor {
  const repository = image.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (/(^|\/)cp-kafka$/.test(repository)) return 'confluent';
  if (/(^|\/)kafka-native$/.test(repository)) return 'apache-native';
  return 'apache';
}
