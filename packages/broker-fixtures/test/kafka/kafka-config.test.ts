import { describe, expect, test } from 'vitest';
import { defaultKafkaImage, KAFKA_IMAGES, kafkaContainerSpecs, kafkaFlavorOf } from '../../src/index.js';

const base = {
  clusterId: 'AAAAAAAAAAAAAAAAAAAAAA',
  advertisedHost: '127.0.0.1',
  startupTimeoutMs: 1000,
  pull: 'never',
  reuse: false,
} as const;

describe('Kafka images', () => {
  test('the default is the pinned native image, overridable with EVENTSPEC_KAFKA_IMAGE', () => {
    expect(defaultKafkaImage({})).toBe(KAFKA_IMAGES['apache-native']);
    expect(defaultKafkaImage({ EVENTSPEC_KAFKA_IMAGE: 'apache/kafka:3.9.1' })).toBe('apache/kafka:3.9.1');
    expect(Object.values(KAFKA_IMAGES).every((image) => /:\d+\.\d+\.\d+$/.test(image))).toBe(true);
  });

  test.each([
    ['apache/kafka-native:4.1.1', 'apache-native'],
    ['apache/kafka:4.1.1', 'apache'],
    ['confluentinc/cp-kafka:8.1.0', 'confluent'],
    ['mirror.example.com:5000/confluentinc/cp-kafka:7.9.0', 'confluent'],
    ['registry.local/apache/kafka-native@sha256:abc', 'apache-native'],
    ['bitnami/kafka:3.9', 'apache'],
  ])('%s is configured as %s', (image, flavor) => {
    expect(kafkaFlavorOf(image)).toBe(flavor);
  });
});

describe('Kafka listeners', () => {
  test('a single native node advertises the host port chosen before start, KRaft combined mode', () => {
    const [spec] = kafkaContainerSpecs({ ...base, image: KAFKA_IMAGES['apache-native'], hostPorts: [41000] });
    expect(spec!.ports).toEqual([{ container: 9092, host: 41000 }]);
    expect(spec!.readyLog).toEqual(/Kafka Server started/);
    expect(spec!.environment).toMatchInlineSnapshot(`
      {
        "CLUSTER_ID": "AAAAAAAAAAAAAAAAAAAAAA",
        "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://127.0.0.1:41000,BROKER://kafka:9093",
        "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "true",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9094",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
        "KAFKA_INTER_BROKER_LISTENER_NAME": "BROKER",
        "KAFKA_LISTENERS": "PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_LOG_DIRS": "/tmp/kraft-combined-logs",
        "KAFKA_MIN_INSYNC_REPLICAS": "1",
        "KAFKA_NODE_ID": "1",
        "KAFKA_NUM_PARTITIONS": "1",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
      }
    `);
  });

  test('the JVM image takes the same configuration; cp-kafka its own data dir', () => {
    const [apache] = kafkaContainerSpecs({ ...base, image: KAFKA_IMAGES.apache, hostPorts: [41000] });
    const [native] = kafkaContainerSpecs({
      ...base,
      image: KAFKA_IMAGES['apache-native'],
      hostPorts: [41000],
    });
    const [confluent] = kafkaContainerSpecs({ ...base, image: KAFKA_IMAGES.confluent, hostPorts: [41000] });
    expect(apache!.environment).toEqual(native!.environment);
    const { KAFKA_LOG_DIRS, KAFKA_CONFLUENT_SUPPORT_METRICS_ENABLE, ...rest } = confluent!.environment;
    expect({ KAFKA_LOG_DIRS, KAFKA_CONFLUENT_SUPPORT_METRICS_ENABLE }).toEqual({
      KAFKA_LOG_DIRS: '/var/lib/kafka/data',
      KAFKA_CONFLUENT_SUPPORT_METRICS_ENABLE: 'false',
    });
    const { KAFKA_LOG_DIRS: _, ...nativeRest } = native!.environment;
    expect(rest).toEqual(nativeRest);
    expect(confluent!.imageEnvVariable).toBe('EVENTSPEC_KAFKA_IMAGE');
  });

  test('a 3-node cluster: every node is a voter, brokers talk on the Docker network, replication 3', () => {
    const specs = kafkaContainerSpecs({
      ...base,
      image: KAFKA_IMAGES.apache,
      hostPorts: [41001, 41002, 41003],
    });
    expect(
      specs.map(({ environment: env }) => [
        env.KAFKA_NODE_ID,
        env.KAFKA_ADVERTISED_LISTENERS,
        env.KAFKA_CONTROLLER_QUORUM_VOTERS,
      ]),
    ).toMatchInlineSnapshot(`
      [
        [
          "1",
          "PLAINTEXT://127.0.0.1:41001,BROKER://kafka-1:9093",
          "1@kafka-1:9094,2@kafka-2:9094,3@kafka-3:9094",
        ],
        [
          "2",
          "PLAINTEXT://127.0.0.1:41002,BROKER://kafka-2:9093",
          "1@kafka-1:9094,2@kafka-2:9094,3@kafka-3:9094",
        ],
        [
          "3",
          "PLAINTEXT://127.0.0.1:41003,BROKER://kafka-3:9093",
          "1@kafka-1:9094,2@kafka-2:9094,3@kafka-3:9094",
        ],
      ]
    `);
    expect(new Set(specs.map((spec) => spec.environment.CLUSTER_ID)).size).toBe(1);
    expect(specs[0]!.environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('3');
    expect(specs[0]!.environment.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('2');
  });

  test('with a fault proxy, clients are advertised the proxy so they never bypass it', () => {
    const [spec] = kafkaContainerSpecs({
      ...base,
      image: KAFKA_IMAGES['apache-native'],
      hostPorts: [41000],
      proxied: [{ hostPort: 41010, proxyHost: '127.0.0.1', proxyPort: 41020 }],
    });
    expect(spec!.ports).toEqual([
      { container: 9092, host: 41000 },
      { container: 9095, host: 41010 },
    ]);
    expect(spec!.environment.KAFKA_ADVERTISED_LISTENERS).toBe(
      'PLAINTEXT://127.0.0.1:41000,BROKER://kafka:9093,PROXIED://127.0.0.1:41020',
    );
    expect(spec!.environment.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toContain('PROXIED:PLAINTEXT');
  });
});

describe('KafkaContainer options', () => {
  test('every configuration problem is reported at once, before Docker is touched', async () => {
    const { KafkaContainer } = await import('../../src/index.js');
    const error = await new KafkaContainer(KAFKA_IMAGES.apache)
      .withNodes(3)
      .withHostPorts(39092)
      .withStartupTimeout(0)
      .start()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENTSPEC_BROKER_INVALID_OPTIONS' });
    expect((error as Error).message).toMatchInlineSnapshot(`
      "KafkaContainer cannot start:
        - withHostPorts(39092): one port per node is needed (3 node(s)).
        - withStartupTimeout(0): the timeout must be positive."
    `);
    const reuse = await new KafkaContainer()
      .withReuse()
      .start()
      .catch((caught: unknown) => caught);
    expect((reuse as Error).message).toMatch(/withReuse\(\) needs withHostPorts/);
  });
});
