import { fileURLToPath } from 'node:url';
import type { BrokerKind } from '../providers/broker-kind.js';
import './provided-context.js';

/** The part of a vitest `test` config that starts `brokers` once per run (global setup) for the fixtures. */
export interface BrokersTestConfig {
  globalSetup: string[];
  provide: { 'eventspec:brokerKinds': BrokerKind[] };
}

/**
 * vitest `test` options that start the given brokers once per run in a global setup and hand them to
 * the `kafka` / `rabbitmq` fixtures. Spread it into `test` (the eventspec plugin's `brokers` option does).
 * @example
 * export default defineProject({ test: { ...brokersTestConfig(['kafka', 'rabbitmq']) } });
 */
export function brokersTestConfig(brokers: readonly BrokerKind[]): BrokersTestConfig {
  const here = fileURLToPath(import.meta.url);
  const extension = here.endsWith('.ts') ? '.ts' : '.js';
  return {
    globalSetup: [fileURLToPath(new URL(`./global-setup${extension}`, import.meta.url))],
    provide: { 'eventspec:brokerKinds': [...brokers] },
  };
}
