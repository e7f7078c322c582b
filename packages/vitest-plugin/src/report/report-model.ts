import type { SpecRecord } from '@eventspec/core';
import type { TestModule } from 'vitest/node';

/** One test and the spec records it left. */
export interface ReportedTest {
  name: string;
  file: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The test's own failure, when it failed without a spec record (a plain assertion). */
  error?: string;
  records: SpecRecord[];
}

/** What the report shows: subjects (aggregates, process managers, …) with their scenarios. */
export interface ReportModel {
  title: string;
  generatedAt: string;
  subjects: ReportSubject[];
  totals: {
    scenarios: number;
    failed: number;
    onPurpose: number;
    invariants: number;
    invariantRuns: number;
    deliveryChecks: number;
    deliveryPlans: number;
    /** Distinct contracts that messages or changes were checked against. */
    contracts: number;
    tests: number;
  };
}

/** One aggregate, process manager, projection, system or upcaster set, and everything checked about it. */
export interface ReportSubject {
  id: string;
  name: string;
  kind: SpecRecord['kind'];
  failed: number;
  entries: ReportEntry[];
}

/** One record in the report, with the test that left it. */
export interface ReportEntry {
  test: string;
  file: string;
  record: SpecRecord;
  /** A failing step inside a passing test: the test checks that it fails (failure output shown on purpose). */
  onPurpose: boolean;
  /** How many like records this entry stands for (messages that passed one contract in one test). */
  count: number;
}

const kindOrder: readonly SpecRecord['kind'][] = [
  'decider',
  'process',
  'projection',
  'invariant',
  'delivery',
  'contract',
  'broker',
  'topology',
  'system',
  'upcaster',
];

/** Gathers the records of a run, grouped by subject: the scenario's name, else its top-level describe. */
export function reportModel(tests: readonly ReportedTest[], title: string): ReportModel {
  const subjects = new Map<string, ReportSubject>();
  let scenarios = 0;
  let failed = 0;
  let onPurpose = 0;
  let invariants = 0;
  let invariantRuns = 0;
  let deliveryChecks = 0;
  let deliveryPlans = 0;
  const contracts = new Set<string>();
  for (const test of tests) {
    for (const record of test.records) {
      const name = record.subject ?? test.name.split(' > ')[0] ?? test.file;
      const kind = record.kind === 'invariant' ? 'decider' : record.kind;
      const key = `${kind}:${name}`;
      const subject = subjects.get(key) ?? { id: slug(key), name, kind, failed: 0, entries: [] };
      const shownOnPurpose = record.status === 'failed' && test.state === 'passed';
      const previous = subject.entries.at(-1);
      if (previous && previous.test === test.name && sameKindOfPass(previous.record, record))
        previous.count++;
      else
        subject.entries.push({
          test: test.name,
          file: test.file,
          record,
          onPurpose: shownOnPurpose,
          count: 1,
        });
      if (record.status === 'failed' && !shownOnPurpose) subject.failed++;
      subjects.set(key, subject);
      if (record.kind === 'invariant') {
        invariants++;
        invariantRuns += record.runs;
      } else if (record.kind === 'delivery') {
        deliveryChecks++;
        deliveryPlans += record.plans;
      } else if (record.kind === 'contract') contracts.add(record.subject);
      else if (record.kind !== 'broker' && record.kind !== 'topology') scenarios++;
      if (shownOnPurpose) onPurpose++;
      else if (record.status === 'failed') failed++;
    }
  }
  const ordered = [...subjects.values()].sort(
    (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
  return {
    title,
    generatedAt: new Date().toISOString(),
    subjects: ordered,
    totals: {
      scenarios,
      failed,
      onPurpose,
      invariants,
      invariantRuns,
      deliveryChecks,
      deliveryPlans,
      contracts: contracts.size,
      tests: tests.length,
    },
  };
}

/** The tests of finished test modules, with their records. */
export function reportedTests(modules: ReadonlyArray<TestModule>): ReportedTest[] {
  const tests: ReportedTest[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      const records = ((test.meta() as { eventspec?: SpecRecord[] }).eventspec ?? []).slice();
      const reported: ReportedTest = {
        name: test.fullName,
        file: module.relativeModuleId,
        state: result.state,
        records,
      };
      const error = result.errors?.[0]?.message;
      if (result.state === 'failed' && error !== undefined) reported.error = error;
      tests.push(reported);
    }
  }
  return tests;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The message type a step is about, or what kind of step it is: `PlaceOrder`, `clock`, `history`. */
export function stepName(when: string | undefined): string {
  if (when === undefined) return 'history';
  const type = /^[A-Z][\w.-]*/.exec(when)?.[0];
  if (type) return type;
  return when.startsWith('the clock') ? 'the clock advances' : when;
}

/** `1 invariant`, `2 invariants`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Passing message checks of one contract are shown once per test, with their count. */
function sameKindOfPass(previous: SpecRecord, record: SpecRecord): boolean {
  return (
    previous.kind === 'contract' &&
    record.kind === 'contract' &&
    previous.action === 'validated' &&
    record.action === 'validated' &&
    previous.status === 'passed' &&
    record.status === 'passed'
  );
}
