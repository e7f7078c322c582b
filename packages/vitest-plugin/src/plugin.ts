import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';

/** Options of the {@link eventspec} vitest plugin. */
export interface EventspecPluginOptions {
  /**
   * Register eventspec's matchers (`toEmit`, `toEmitMatching`, …) in every test file.
   * @default true
   */
  matchers?: boolean;
  /**
   * Check causality in every decider and process-manager scenario of the project: each output must keep
   * its trigger's correlation id and name it as its cause. `{ svgDir }` sets where broken chains are drawn.
   * @default false
   */
  causality?: boolean | { svgDir?: string | false };
}

/** What the plugin hands to its setup file in each test worker. */
export interface EventspecProvided {
  matchers: boolean;
  causality: boolean | { svgDir?: string | false };
}

declare module 'vitest' {
  interface ProvidedContext {
    'eventspec:settings': EventspecProvided;
  }
}

/**
 * The eventspec vitest plugin: registers eventspec's matchers for every test file of the project and applies
 * project-wide spec settings (causality).
 * @example
 * // vitest.config.ts
 * import { eventspec } from '@eventspec/vitest-plugin';
 * export default defineConfig({ plugins: [eventspec()] });
 */
export function eventspec(options: EventspecPluginOptions = {}): Plugin {
  const settings: EventspecProvided = {
    matchers: options.matchers !== false,
    causality: options.causality ?? false,
  };
  const setupFiles = [fileURLToPath(import.meta.resolve('./setup.js'))];
  return {
    name: 'eventspec',
    config: () => ({ test: { setupFiles, provide: { 'eventspec:settings': settings } } }),
  };
}
