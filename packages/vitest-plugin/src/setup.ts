// Loaded by the eventspec() plugin in every test file: registers eventspec's matchers.
import { expect } from 'vitest';
import { eventMatchers } from './matchers/events.js';

expect.extend({ ...eventMatchers });
