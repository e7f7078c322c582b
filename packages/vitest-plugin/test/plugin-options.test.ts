import { describe, expect, test } from 'vitest';
import { eventspec } from '../src/index.js';

type TestConfig = { test: { setupFiles: string[]; globalSetup: string[]; provide: Record<string, unknown> } };
const configOf = async (plugin: ReturnType<typeof eventspec>) =>
  (await (plugin.config as () => Promise<TestConfig>)()).test;

describe('eventspec(options)', () => {
  test('by default: the setup file, matchers on, causality and report off, no global setup', async () => {
    const config = await configOf(eventspec());
    expect(config.setupFiles).toEqual([expect.stringMatching(/setup\.js$/)]);
    expect(config.globalSetup).toEqual([]);
    expect(config.provide).toEqual({
      'eventspec:settings': { matchers: true, causality: false, report: false },
    });
  });

  test('brokers: starts them once per run through the broker fixtures’ global setup', async () => {
    const config = await configOf(eventspec({ brokers: ['kafka', 'rabbitmq'] }));
    expect(config.globalSetup).toEqual([
      expect.stringMatching(/broker-fixtures[/\\]dist[/\\]vitest[/\\]global-setup\.js$/),
    ]);
    expect(config.provide['eventspec:brokerKinds']).toEqual(['kafka', 'rabbitmq']);
  });
});
