import { defineProject } from 'vitest/config';
import { eventspec } from './src/index.js';

export default defineProject({
  plugins: [eventspec()],
  test: { name: 'vitest-plugin', include: ['test/**/*.test.ts'] },
});
