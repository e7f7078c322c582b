import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'broker-fixtures', include: ['test/**/*.test.ts'] },
});
