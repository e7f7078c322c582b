import { eventspec } from '@eventspec/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Only for `pnpm run show-failures`: the specs in failing/ fail by design.
export default defineConfig({
  plugins: [eventspec()],
  test: { name: 'example:orders:failing', include: ['failing/**/*.test.ts'] },
});
