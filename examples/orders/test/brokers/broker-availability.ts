import {
  describeDockerTarget,
  isDockerAvailable,
  type KafkaEndpoint,
  type ProvidedBrokers,
  provideBrokers,
} from '@eventspec/broker-fixtures';
import { describe, test } from 'vitest';

const required = process.env.EVENTSPEC_REQUIRE_BROKERS === '1';
const dockerReady = await isDockerAvailable();

/** `describe` that skips visibly without Docker, and fails instead under EVENTSPEC_REQUIRE_BROKERS=1. */
export function describeWithDocker(name: string, body: () => void): void {
  if (dockerReady) describe(name, body);
  else if (required) test(`${name} (Docker required)`, () => failNoDocker());
  else describe.skip(`${name} — skipped: no Docker engine at ${describeDockerTarget()}`, body);
}

function failNoDocker(): never {
  throw new Error(`No Docker engine at ${describeDockerTarget()} and EVENTSPEC_REQUIRE_BROKERS=1`);
}

/** Provides Kafka for a test file (EVENTSPEC_KAFKA_BROKERS, else a container), or the reason it cannot. */
export async function provideKafka(): Promise<{
  provided: ProvidedBrokers;
  endpoint?: KafkaEndpoint;
  reason?: string;
}> {
  const provided = await provideBrokers(['kafka']);
  const [kafka] = provided.brokers;
  if (kafka?.status === 'ready' && kafka.kind === 'kafka') return { provided, endpoint: kafka.endpoint };
  const reason = kafka?.status === 'unavailable' ? kafka.reason : 'kafka was not provided';
  if (required) throw new Error(`${reason} (EVENTSPEC_REQUIRE_BROKERS=1)`);
  return { provided, reason };
}
