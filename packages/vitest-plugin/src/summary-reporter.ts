import type { SpecRecord } from '@eventspec/core';
import type { Reporter, TestModule, TestSuite } from 'vitest/node';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * A vitest reporter that ends a run with a short summary of the specs by what they describe (the top-level
 * `describe` of each file), for `pnpm start`-style runs. Use it beside a reporter that shows failures.
 * @example vitest run --reporter=default --reporter=@eventspec/vitest-plugin/summary-reporter
 */
export default class SummaryReporter implements Reporter {
  private startedAt = 0;

  onTestRunStart(): void {
    this.startedAt = performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const groups = new Map<string, Tally>();
    const total: Tally = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const suite = test.parent.type === 'module' ? module.relativeModuleId : topSuiteName(test.parent);
        const tally = groups.get(suite) ?? { passed: 0, failed: 0, skipped: 0 };
        const state = test.result().state;
        const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        tally[key]++;
        total[key]++;
        groups.set(suite, tally);
      }
    }
    const width = Math.max(10, ...[...groups.keys()].map((name) => name.length));
    const lines = ['', 'eventspec summary'];
    for (const [name, tally] of groups)
      lines.push(`  ${tally.failed ? '✗' : '✓'} ${name.padEnd(width)}  ${describe(tally)}`);
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    const count = total.passed + total.failed + total.skipped;
    lines.push(`  ${count} specs: ${describe(total)} in ${seconds}s`);
    const checked = checkedByKind(testModules);
    if (checked) lines.push(`  checked: ${checked}`);
    const brokers = brokersUsed(testModules);
    if (brokers) lines.push(`  brokers: ${brokers}`);
    lines.push('');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

function topSuiteName(suite: TestSuite): string {
  let current = suite;
  while (current.parent.type === 'suite') current = current.parent;
  return current.name;
}

function describe(tally: Tally): string {
  const parts = [`${tally.passed} passed`];
  if (tally.failed) parts.push(`${tally.failed} failed`);
  if (tally.skipped) parts.push(`${tally.skipped} skipped`);
  return parts.join(', ');
}

/** `42 scenarios, 2 invariants over 600 random histories`, from the spec records the report collects. */
function checkedByKind(testModules: ReadonlyArray<TestModule>): string {
  let scenarios = 0;
  let invariants = 0;
  let histories = 0;
  let deliveryChecks = 0;
  let plans = 0;
  const contracts = new Set<string>();
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      for (const record of (test.meta() as { eventspec?: SpecRecord[] }).eventspec ?? []) {
        if (record.kind === 'invariant') {
          invariants++;
          histories += record.runs;
        } else if (record.kind === 'delivery') {
          deliveryChecks++;
          plans += record.plans;
        } else if (record.kind === 'contract') contracts.add(record.subject);
        else if (record.kind !== 'broker' && record.kind !== 'topology') scenarios++;
      }
    }
  }
  if (scenarios + invariants + deliveryChecks + contracts.size === 0) return '';
  const delivery = deliveryChecks ? `, ${deliveryChecks} delivery checks over ${plans} plans` : '';
  const verified = contracts.size ? `, ${contracts.size} contracts checked` : '';
  return `${scenarios} scenario steps, ${invariants} invariants over ${histories} random histories${delivery}${verified}`;
}

/** `rabbitmq external, at amqp://127.0.0.1:5672; kafka external, at …`: the brokers the tests ran against. */
function brokersUsed(testModules: ReadonlyArray<TestModule>): string {
  const used = new Set<string>();
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      for (const record of (test.meta() as { eventspec?: SpecRecord[] }).eventspec ?? []) {
        if (record.kind === 'broker' && record.action === 'provided')
          used.add(`${record.subject} ${record.detail}`);
      }
    }
  }
  return [...used].join('; ');
}
