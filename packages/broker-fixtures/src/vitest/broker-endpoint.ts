import { inject } from 'vitest';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { KafkaEndpoint } from '../kafka/kafka-endpoint.js';
import { formatNamespace } from '../namespaces/namespace-name.js';
import type { NatsEndpoint } from '../nats/nats-endpoint.js';
import type { BrokerKind, ProvidedBroker } from '../providers/broker-kind.js';
import type { RabbitMqEndpoint } from '../rabbitmq/rabbitmq-endpoint.js';
import type { RedisEndpoint } from '../redis/redis-endpoint.js';
import { ProvidedKey } from './provided-context.js';

/** What a broker fixture reads from vitest's test context. */
export interface FixtureContext {
  task: { name: string };
  skip: (note?: string) => never;
}

let sequence = 0;

/** A new namespace name for a test of this worker: run id, worker id, sequence, test name. */
export function namespaceFor(testName: string): string {
  const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? String(process.pid);
  return formatNamespace({ runId: inject(ProvidedKey.runId), worker, sequence: ++sequence, label: testName });
}

/** The endpoint of `kind` the global setup provided; skips (or fails, under EVENTSPEC_REQUIRE_BROKERS=1) otherwise. */
export function endpointOf(
  kind: BrokerKind,
  skip: (note?: string) => never,
): KafkaEndpoint | RabbitMqEndpoint | NatsEndpoint | RedisEndpoint {
  const brokers: ProvidedBroker[] | undefined = inject(ProvidedKey.brokers);
  const broker = brokers?.find((candidate) => candidate.kind === kind);
  if (broker?.status === 'ready') return broker.endpoint;
  const reason =
    broker?.status === 'unavailable'
      ? broker.reason
      : `${kind} was not started for this run: add it to eventspec({ brokers: [...] }) or brokersTestConfig().`;
  if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1') {
    throw new BrokerError(
      BrokerErrorCode.Unavailable,
      `${reason} (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)`,
    );
  }
  return skip(reason);
}
