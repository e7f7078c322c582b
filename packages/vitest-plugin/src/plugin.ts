import { fileURLToPath } from 'node:url';
import type { SpecRecord } from '@eventspec/core';
import type { Plugin } from 'vitest/config';
import { EventspecReportReporter, type ReportOptions } from './report/report-reporter.js';

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
  /**
   * Write the living-documentation report after each run: every scenario as given / when / then, grouped
   * by aggregate and command, failures inline (HTML, plus a Markdown twin).
   * @default false
   */
  report?: boolean | ReportOptions;
  /**
   * Brokers to start once per run (a global setup), for the `kafka` / `rabbitmq` / `nats` / `redis` fixtures of
   * `@eventspec/broker-fixtures/vitest` (an optional peer dependency).
   */
  brokers?: ReadonlyArray<'kafka' | 'rabbitmq' | 'nats' | 'redis'>;
}

/** What the plugin hands to its setup file in each test worker. */
export interface EventspecProvided {
  matchers: boolean;
  causality: boolean | { svgDir?: string | false };
  report: boolean;
}

declare module 'vitest' {
  interface ProvidedContext {
    'eventspec:settings': EventspecProvided;
  }
  interface TaskMeta {
    /** The spec records a test left, for the eventspec report. */
    eventspec?: SpecRecord[];
  }
}

/**
 * The eventspec vitest plugin: registers eventspec's matchers for every test file of the project and applies
 * project-wide spec settings (causality), and writes the living-documentation report when asked to.
 * @example
 * // vitest.config.ts
 * import { eventspec } from '@eventspec/vitest-plugin';
 * export default defineConfig({ plugins: [eventspec()] });
 */
export function eventspec(options: EventspecPluginOptions = {}): Plugin {
  const settings: EventspecProvided = {
    matchers: options.matchers !== false,
    causality: options.causality ?? false,
    report: Boolean(options.report),
  };
  const setupFiles = [fileURLToPath(import.meta.resolve('./setup.js'))];
  return {
    name: 'eventspec',
    async config() {
      const test = { setupFiles, globalSetup: [] as string[], provide: { 'eventspec:settings': settings } };
      if (options.brokers?.length) {
        const { brokersTestConfig } = await import('@eventspec/broker-fixtures/vitest/config');
        const brokers = brokersTestConfig(options.brokers);
        test.globalSetup.push(...brokers.globalSetup);
        Object.assign(test.provide, brokers.provide);
      }
      return { test };
    },
    configureVitest({ vitest, project }) {
      if (!options.report) return;
      // One report per project that asks for one, from that project's tests only.
      const report = options.report === true ? {} : options.report;
      vitest.config.reporters.push(new EventspecReportReporter({ ...report, project: project.name }));
    },
  };
}
