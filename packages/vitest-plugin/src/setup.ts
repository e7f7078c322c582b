// Loaded by the eventspec() plugin in every test file: registers eventspec's matchers and applies the
// project-wide spec settings given to the plugin.
import { configureSpecs, onSpecRecord, type SpecRecord } from '@eventspec/core';
import { watchUnawaitedScenarios } from '@eventspec/core/internal';
import { afterEach, beforeEach, expect, inject, type TaskMeta } from 'vitest';
import { causalityMatchers } from './matchers/causality.js';
import { deliveryMatchers } from './matchers/delivery.js';
import { eventMatchers } from './matchers/events.js';

const settings = inject('eventspec:settings') ?? { matchers: true, causality: false, report: false };
if (settings.matchers) expect.extend({ ...causalityMatchers, ...deliveryMatchers, ...eventMatchers });
configureSpecs({ causality: settings.causality });

// An async scenario nobody awaited fails its test (it would otherwise pass, or end in an unhandled rejection).
const unawaited = watchUnawaitedScenarios();
afterEach(() => unawaited.check());

// With the report on, every spec record of a test goes into the test's meta, where the reporter reads it.
// Records made outside a test (a broker provided in beforeAll) go to the next test of the file.
if (settings.report) {
  let current: { meta: TaskMeta } | undefined;
  const waiting: SpecRecord[] = [];
  const keep = (task: { meta: TaskMeta }, records: readonly SpecRecord[]) => {
    task.meta.eventspec ??= [];
    task.meta.eventspec.push(...records);
  };
  // vitest reads which fixtures a hook needs from its first parameter, so it must be a destructuring
  // pattern: `(context) =>` breaks every test.extend fixture of the file (FixtureParseError).
  beforeEach(({ task }) => {
    current = task;
    keep(current, waiting.splice(0));
  });
  afterEach(() => {
    current = undefined;
  });
  onSpecRecord((record) => {
    if (current) keep(current, [record]);
    else waiting.push(record);
  });
}
