import type { Broker } from '../broker/broker.js';
import type { BrokerFeatures } from './broker-features.js';
import { type ConformanceScenario, conformanceScenarios } from './conformance-scenarios.js';

/** Options of {@link checkBrokerConformance} and {@link runConformanceScenario}. */
export interface BrokerConformanceOptions {
  /** Opens a broker in a namespace of its own; the suite closes it after the scenario. */
  open: () => Broker | Promise<Broker>;
  /** What the adapter declares it does; scenarios of undeclared features are skipped. */
  features: BrokerFeatures;
  /** How long one `settle()` or wait may take. @default 15000 */
  timeout?: number;
}

/** The outcome of one scenario. */
export type ConformanceResult =
  | { scenario: string; status: 'passed' }
  | { scenario: string; status: 'skipped'; reason: string }
  | { scenario: string; status: 'failed'; error: unknown };

/** Why `scenario` does not apply to an adapter with `features`, or undefined when it does. */
export function skipReason(scenario: ConformanceScenario, features: BrokerFeatures): string | undefined {
  if (scenario.feature === 'delivery' || features[scenario.feature]) return undefined;
  return `the adapter does not declare ${scenario.feature}`;
}

/**
 * Runs one scenario on fresh brokers from `open()` and closes them; throws a `BrokerConformanceFailure`
 * (code `EVENTSPEC_BROKER_CONFORMANCE_FAILED`, `actual` / `expected`) when the adapter breaks its rule.
 */
export async function runConformanceScenario(
  scenario: ConformanceScenario,
  options: BrokerConformanceOptions,
): Promise<void> {
  const brokers: Broker[] = [];
  try {
    for (let index = 0; index < scenario.brokers; index++) brokers.push(await options.open());
    await scenario.run(brokers, { timeout: options.timeout ?? 15_000 });
  } finally {
    await Promise.allSettled(brokers.map((broker) => broker.close()));
  }
}

/**
 * Checks a `Broker` adapter (SQS, Pub/Sub, Service Bus, a PostgreSQL queue, …) against the rules every
 * eventspec broker follows, feature by feature; resolves with one result per scenario, in order.
 * With vitest, `describeBrokerConformance` of `@eventspec/broker-fixtures/vitest` makes one test of each.
 * @example
 * const results = await checkBrokerConformance({
 *   open: () => new MyQueueBroker({ namespace: randomUUID() }),
 *   features: { orderPerKey: true, redelivery: true, deadLetter: 'dead-letter-topic', crash: false,
 *     competingConsumers: true, isolatedNamespaces: true },
 * });
 * const failed = results.filter((result) => result.status === 'failed');
 */
export async function checkBrokerConformance(
  options: BrokerConformanceOptions,
): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const scenario of conformanceScenarios) {
    const reason = skipReason(scenario, options.features);
    if (reason !== undefined) {
      results.push({ scenario: scenario.name, status: 'skipped', reason });
      continue;
    }
    try {
      await runConformanceScenario(scenario, options);
      results.push({ scenario: scenario.name, status: 'passed' });
    } catch (error) {
      results.push({ scenario: scenario.name, status: 'failed', error });
    }
  }
  return results;
}
