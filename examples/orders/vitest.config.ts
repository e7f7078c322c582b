import { eventspec } from '@eventspec/vitest-plugin';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [eventspec()],
  test: { name: 'example:orders', include: ['test/**/*.test.ts'] },
});
