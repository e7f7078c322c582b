import type { TestProject } from 'vitest/node';
import { newRunId } from '../namespaces/run-id.js';
import type { BrokerKind } from '../providers/broker-kind.js';
import { provideBrokers } from '../providers/provide-brokers.js';
import { removeRabbitMqLeftovers } from '../rabbitmq/rabbitmq-namespace.js';
import { ProvidedKey } from './provided-context.js';

/**
 * vitest global setup: provides the brokers of `eventspec:brokerKinds` (or EVENTSPEC_BROKERS, a comma
 * list) once for the run, removes what crashed runs left on shared brokers, hands endpoints and the run
 * id to workers, and stops the containers at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kinds = brokerKinds(project);
  const runId = newRunId();
  const provided = await provideBrokers(kinds);
  for (const broker of provided.brokers) {
    if (broker.status !== 'ready' || broker.provider !== 'external') continue;
    if (broker.kind === 'rabbitmq') {
      await removeRabbitMqLeftovers(broker.endpoint, { currentRunId: runId }).catch(() => []);
    } else {
      const { removeKafkaLeftovers } = await import('../kafka/kafka-leftovers.js');
      await removeKafkaLeftovers(broker.endpoint, { currentRunId: runId }).catch(() => undefined);
    }
  }
  for (const broker of provided.brokers) {
    if (broker.status === 'unavailable')
      process.stderr.write(`[eventspec] broker unavailable: ${broker.reason}\n`);
  }
  project.provide(ProvidedKey.runId, runId);
  project.provide(ProvidedKey.brokers, provided.brokers);
  return () => provided.stop();
}

function brokerKinds(project: TestProject): BrokerKind[] {
  const configured = project.getProvidedContext()[ProvidedKey.kinds];
  if (configured?.length) return configured;
  const fromEnv = (process.env.EVENTSPEC_BROKERS ?? 'kafka,rabbitmq').split(',').map((kind) => kind.trim());
  return fromEnv.filter((kind): kind is BrokerKind => kind === 'kafka' || kind === 'rabbitmq');
}
