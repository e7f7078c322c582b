// Loaded by the eventspec() plugin in every test file: registers eventspec's matchers and applies the
// project-wide spec settings given to the plugin.
import { configureSpecs, onSpecRecord } from '@eventspec/core';
import { afterEach, beforeEach, expect, inject, type TaskMeta } from 'vitest';
import { causalityMatchers } from './matchers/causality.js';
import { contractMatchers } from './matchers/contracts.js';
import { deliveryMatchers } from './matchers/delivery.js';
import { eventMatchers } from './matchers/events.js';

const settings = inject('eventspec:settings') ?? { matchers: true, causality: false, report: false };
if (settings.matchers)
  expect.extend({ ...causalityMatchers, ...contractMatchers, ...deliveryMatchers, ...eventMatchers });
configureSpecs({ causality: settings.causality });

// With the report on, every spec record of a test goes into the test's meta, where the reporter reads it.
if (settings.report) {
  let current: { meta: TaskMeta } | undefined;
  beforeEach((context) => {
    current = context.task;
  });
  afterEach(() => {
    current = undefined;
  });
  onSpecRecord((record) => {
    if (!current) return;
    current.meta.eventspec ??= [];
    current.meta.eventspec.push(record);
  });
}
