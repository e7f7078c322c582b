// Loaded by the eventspec() plugin in every test file: registers eventspec's matchers and applies the
// project-wide spec settings given to the plugin.
import { configureSpecs } from '@eventspec/core';
import { expect, inject } from 'vitest';
import { causalityMatchers } from './matchers/causality.js';
import { contractMatchers } from './matchers/contracts.js';
import { deliveryMatchers } from './matchers/delivery.js';
import { eventMatchers } from './matchers/events.js';

const settings = inject('eventspec:settings') ?? { matchers: true, causality: false };
if (settings.matchers)
  expect.extend({ ...causalityMatchers, ...contractMatchers, ...deliveryMatchers, ...eventMatchers });
configureSpecs({ causality: settings.causality });
