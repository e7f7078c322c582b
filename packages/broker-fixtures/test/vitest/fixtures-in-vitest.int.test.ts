import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('./fixture-project/', import.meta.url));
const vitest = join(dirname(fileURLToPath(import.meta.resolve('vitest/package.json'))), 'vitest.mjs');

interface Outcome {
  title: string;
  status: string;
  failureMessages: string[];
}

/** Runs the fixture project with no broker reachable (no external brokers, no Docker). */
async function runWithoutBrokers(env: Record<string, string>): Promise<Outcome[]> {
  const dir = await mkdtemp(join(tmpdir(), 'eventspec-vitest-'));
  const output = join(dir, 'report.json');
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--root', root, '--reporter=json', `--outputFile=${output}`],
    {
      env: {
        ...process.env,
        EVENTSPEC_KAFKA_BROKERS: '',
        EVENTSPEC_AMQP_URL: '',
        EVENTSPEC_NATS_URL: '',
        EVENTSPEC_REDIS_URL: '',
        EVENTSPEC_REQUIRE_BROKERS: '',
        EVENTSPEC_BROKER_PROVIDER: '',
        DOCKER_HOST: 'tcp://127.0.0.1:1',
        ...env,
      },
      stdio: 'ignore',
    },
  );
  await new Promise((resolve) => child.on('close', resolve));
  const report = JSON.parse(await readFile(output, 'utf8'));
  await rm(dir, { recursive: true, force: true });
  return report.testResults.flatMap((file: { assertionResults: Outcome[] }) =>
    file.assertionResults.map(({ title, status, failureMessages }) => ({ title, status, failureMessages })),
  );
}

describe('brokerTest when the brokers are unavailable', () => {
  test('tests that need a broker are skipped, the others run', async () => {
    const outcomes = await runWithoutBrokers({});
    expect(outcomes.map(({ title, status }) => [title, status])).toEqual([
      ['needs kafka', 'skipped'],
      ['needs rabbitmq', 'skipped'],
      ['needs nats', 'skipped'],
      ['needs redis', 'skipped'],
      ['needs no broker', 'passed'],
    ]);
  }, 60_000);

  test('EVENTSPEC_REQUIRE_BROKERS=1 turns the skips into failures that say what was tried', async () => {
    const outcomes = await runWithoutBrokers({ EVENTSPEC_REQUIRE_BROKERS: '1' });
    expect(outcomes.map(({ title, status }) => [title, status])).toEqual([
      ['needs kafka', 'failed'],
      ['needs rabbitmq', 'failed'],
      ['needs nats', 'failed'],
      ['needs redis', 'failed'],
      ['needs no broker', 'passed'],
    ]);
    expect(outcomes[2]!.failureMessages[0]!.split('\n')[0]).toMatchInlineSnapshot(
      `"BrokerError: nats: tried EVENTSPEC_NATS_URL (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_NATS_URL to a running broker or start Docker. (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)"`,
    );
    expect(outcomes[0]!.failureMessages[0]!.split('\n')[0]).toMatchInlineSnapshot(
      `"BrokerError: kafka: tried EVENTSPEC_KAFKA_BROKERS (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_KAFKA_BROKERS to a running broker or start Docker. (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)"`,
    );
  }, 60_000);
});
