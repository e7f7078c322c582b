import type { TestProject } from 'vitest/node';
import type { LeftoverOptions } from '../namespaces/leftovers.js';
import { newRunId } from '../namespaces/run-id.js';
import { BROKER_KINDS, type BrokerKind, type ProvidedBroker } from '../providers/broker-kind.js';
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
  await removeLeftovers(provided.brokers, { currentRunId: runId });
  for (const broker of provided.brokers) {
    if (broker.status === 'unavailable')
      process.stderr.write(`[eventspec] broker unavailable: ${broker.reason}\n`);
  }
  project.provide(ProvidedKey.runId, runId);
  project.provide(ProvidedKey.brokers, provided.brokers);
  return async () => {
    // Tests whose worker crashed never dropped their namespaces: remove this run's before leaving.
    await removeLeftovers(provided.brokers, { currentRunId: runId, currentRun: true });
    await provided.stop();
  };
}

/** Removes leftovers on the external brokers (containers are fresh, and go away with the run). */
async function removeLeftovers(brokers: ProvidedBroker[], options: LeftoverOptions): Promise<void> {
  for (const broker of brokers) {
    if (broker.status !== 'ready' || broker.provider !== 'external') continue;
    if (broker.kind === 'rabbitmq') {
      await removeRabbitMqLeftovers(broker.endpoint, options).catch(() => []);
    } else if (broker.kind === 'kafka') {
      const { removeKafkaLeftovers } = await import('../kafka/kafka-leftovers.js');
      await removeKafkaLeftovers(broker.endpoint, options).catch(() => undefined);
    } else if (broker.kind === 'nats') {
      const { removeNatsLeftovers } = await import('../nats/nats-leftovers.js');
      await removeNatsLeftovers(broker.endpoint, options).catch(() => []);
    } else {
      const { removeRedisLeftovers } = await import('../redis/redis-leftovers.js');
      await removeRedisLeftovers(broker.endpoint, options).catch(() => []);
    }
  }
}

function brokerKinds(project: TestProject): BrokerKind[] {
  const configured = project.getProvidedContext()[ProvidedKey.kinds];
  if (configured?.length) return configured;
  const fromEnv = (process.env.EVENTSPEC_BROKERS ?? 'kafka,rabbitmq').split(',').map((kind) => kind.trim());
  return fromEnv.filter((kind): kind is BrokerKind => BROKER_KINDS.includes(kind as BrokerKind));
}
