import { EventspecError } from '../errors/eventspec-error.js';

/** The code of every conformance failure. */
export const CONFORMANCE_FAILED = 'EVENTSPEC_BROKER_CONFORMANCE_FAILED' as const;

/**
 * A broker adapter broke a rule of the conformance suite: the scenario, the rule, what happened
 * (`actual`) against what must happen (`expected`), and what to look at in the adapter.
 */
export class BrokerConformanceFailure extends EventspecError {
  override name = 'BrokerConformanceFailure';
  readonly scenario: string;

  constructor(scenario: string, rule: string, details: { actual: unknown; expected: unknown; hint: string }) {
    super(
      CONFORMANCE_FAILED,
      `Broker conformance, "${scenario}": ${rule}\n` +
        `  expected: ${JSON.stringify(details.expected)}\n` +
        `  actual:   ${JSON.stringify(details.actual)}\n` +
        `  ${details.hint}`,
      { actual: details.actual, expected: details.expected },
    );
    this.scenario = scenario;
  }
}

/** Fails the scenario unless `actual` and `expected` are the same JSON value. */
export function expectSame(
  scenario: string,
  rule: string,
  actual: unknown,
  expected: unknown,
  hint: string,
): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  throw new BrokerConformanceFailure(scenario, rule, { actual, expected, hint });
}
