import { eventspec } from '@eventspec/vitest-plugin';
import { defineProject } from 'vitest/config';

// #region config
export default defineProject({
  plugins: [
    eventspec({
      report: { outputFile: '.eventspec/getting-started/index.html', title: 'Table reservations' },
    }),
  ],
  test: { name: 'example:getting-started', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
// #endregion config
