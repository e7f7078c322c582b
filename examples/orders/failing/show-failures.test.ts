// Fails on purpose: run with `pnpm --filter @eventspec-examples/orders run show-failures` to see how vitest
// shows eventspec failures (the diff, the scenario, the event-by-event comparison).
import { test } from 'vitest';
import * as failing from './failing-specs.js';

for (const [name, spec] of Object.entries(failing)) test(name, spec);
