import { eventspec } from '@eventspec/vitest-plugin';
import { defineProject } from 'vitest/config';

// #region plugin
export default defineProject({
  plugins: [
    eventspec({
      // Every decider and process-manager scenario checks that each output keeps its trigger's trace.
      causality: true,
      report: { title: 'Orders system — living documentation' },
    }),
  ],
  test: {
    name: 'example:orders',
    include: ['test/**/*.test.ts'],
    // Some tests spawn the contracts CLI twice or load every contract: on two busy cores that takes long.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
// #endregion plugin
