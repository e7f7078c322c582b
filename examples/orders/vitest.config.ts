import { eventspec } from '@eventspec/vitest-plugin';
import { defineProject } from 'vitest/config';

// #region plugin
export default defineProject({
  plugins: [eventspec({ report: { title: 'Orders system — living documentation' } })],
  test: { name: 'example:orders', include: ['test/**/*.test.ts'] },
});
// #endregion plugin
