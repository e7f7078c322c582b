import type { Broker } from '@eventspec/core';
import {
  type BrokerFeatures,
  conformanceScenarios,
  runConformanceScenario,
  skipReason,
} from '@eventspec/core/conformance';
import { test as baseTest, describe, type TestAPI, type TestContext, type TestFunction } from 'vitest';

/** Options of {@link describeBrokerConformance}. */
export interface DescribeBrokerConformanceOptions<Extra extends object> {
  /** The `test` to run each scenario with, e.g. `brokerTest` to open brokers from its fixtures. @default vitest's `test` */
  test?: TestAPI<Extra>;
  /** Opens a broker in a namespace of its own for one scenario (called twice by the namespace scenario). */
  open: (context: Extra & TestContext) => Broker | Promise<Broker>;
  /** What the adapter declares it does; the other scenarios are reported skipped with the reason. */
  features: BrokerFeatures;
  /** How long one `settle()` or wait may take. @default 15000 */
  timeout?: number;
}

/**
 * The broker conformance suite of `@eventspec/core/conformance` as a vitest `describe`: one test per
 * scenario, failing with the rule broken, `actual` / `expected` and a hint; scenarios of features the
 * adapter does not declare are skipped with the reason.
 * @example
 * describeBrokerConformance('my SQS adapter', {
 *   open: () => new SqsBroker({ queuePrefix: randomUUID() }),
 *   features: { orderPerKey: false, redelivery: true, deadLetter: 'dead-letter-topic', crash: false,
 *     competingConsumers: true, isolatedNamespaces: true },
 * });
 */
export function describeBrokerConformance<Extra extends object = object>(
  name: string,
  options: DescribeBrokerConformanceOptions<Extra>,
): void {
  const runner = (options.test ?? baseTest) as TestAPI<Extra>;
  const timeout = options.timeout ?? 15_000;
  describe(name, () => {
    for (const scenario of conformanceScenarios) {
      const reason = skipReason(scenario, options.features);
      if (reason !== undefined) {
        runner.skip(`${scenario.name} — skipped: ${reason}`, () => undefined);
        continue;
      }
      const run = async (context: Extra & TestContext) => {
        await runConformanceScenario(scenario, {
          features: options.features,
          timeout,
          open: () => options.open(context),
        });
      };
      // vitest starts the fixtures a test names in its first parameter's destructuring, read from its source:
      // the scenario's test shows `open`'s, so `open: ({ kafka }) => kafka.newBroker()` gets the kafka fixture.
      run.toString = () => options.open.toString();
      runner(scenario.name, run as TestFunction<Extra>, timeout * 4);
    }
  });
}
