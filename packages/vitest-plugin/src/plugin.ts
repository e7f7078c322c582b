import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';

/** Options of the {@link eventspec} vitest plugin. */
export interface EventspecPluginOptions {
  /**
   * Register eventspec's matchers (`toEmit`, `toEmitMatching`, …) in every test file.
   * @default true
   */
  matchers?: boolean;
}

/**
 * The eventspec vitest plugin: registers eventspec's matchers for every test file of the project.
 * @example
 * // vitest.config.ts
 * import { eventspec } from '@eventspec/vitest-plugin';
 * export default defineConfig({ plugins: [eventspec()] });
 */
export function eventspec(options: EventspecPluginOptions = {}): Plugin {
  const setupFiles = options.matchers === false ? [] : [fileURLToPath(import.meta.resolve('./setup.js'))];
  return {
    name: 'eventspec',
    config: () => ({ test: { setupFiles } }),
  };
}
