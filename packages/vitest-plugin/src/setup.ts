// Loaded by the eventspec() plugin in every test file: registers eventspec's matchers.
import { expect } from 'vitest';
import { contractMatchers } from './matchers/contracts.js';
import { deliveryMatchers } from './matchers/delivery.js';
import { eventMatchers } from './matchers/events.js';

expect.extend({ ...contractMatchers, ...deliveryMatchers, ...eventMatchers });
