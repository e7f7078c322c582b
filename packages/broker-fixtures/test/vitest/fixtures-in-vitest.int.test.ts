import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { describeWithDocker } from '../support/docker-describe.js';

const root = fileURLToPath(new URL('./fixture-project/', import.meta.url));
const vitest = join(dirname(fileURLToPath(import.meta.resolve('vitest/package.json'))), 'vitest.mjs');

interface Outcome {
  title: string;
  status: string;
  failureMessages: string[];
}

/** Runs the fixture project with no broker reachable (no external brokers; no Docker unless `env` says). */
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
      ['needs rabbitmq alone', 'skipped'],
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
      ['needs rabbitmq alone', 'failed'],
    ]);
    expect(outcomes[2]!.failureMessages[0]!.split('\n')[0]).toMatchInlineSnapshot(
      `"BrokerError: nats: tried EVENTSPEC_NATS_URL (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_NATS_URL to a running broker or start Docker. (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)"`,
    );
    expect(outcomes[0]!.failureMessages[0]!.split('\n')[0]).toMatchInlineSnapshot(
      `"BrokerError: kafka: tried EVENTSPEC_KAFKA_BROKERS (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_KAFKA_BROKERS to a running broker or start Docker. (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)"`,
    );
  }, 60_000);
});

describeWithDocker('brokerTest when Docker answers but cannot have the images (offline)', () => {
  const offline = {
    DOCKER_HOST: process.env.DOCKER_HOST ?? '',
    EVENTSPEC_KAFKA_IMAGE: 'eventspec-test/no-such-kafka:0',
    EVENTSPEC_RABBITMQ_IMAGE: 'eventspec-test/no-such-rabbitmq:0',
    EVENTSPEC_NATS_IMAGE: 'eventspec-test/no-such-nats:0',
    EVENTSPEC_REDIS_IMAGE: 'eventspec-test/no-such-redis:0',
    // Nothing may pull in tests: with pulling disabled, a missing image stands for an offline machine.
    EVENTSPEC_IMAGE_PULL: 'never',
  };

  test('the run goes on: tests that need a broker are skipped, the others run', async () => {
    const outcomes = await runWithoutBrokers(offline);
    expect(outcomes.map(({ title, status }) => [title, status])).toEqual([
      ['needs kafka', 'skipped'],
      ['needs rabbitmq', 'skipped'],
      ['needs nats', 'skipped'],
      ['needs redis', 'skipped'],
      ['needs no broker', 'passed'],
      ['needs rabbitmq alone', 'skipped'],
    ]);
  }, 60_000);

  test('EVENTSPEC_REQUIRE_BROKERS=1: those tests fail, naming the missing image', async () => {
    const outcomes = await runWithoutBrokers({ ...offline, EVENTSPEC_REQUIRE_BROKERS: '1' });
    expect(outcomes.map(({ title, status }) => [title, status])).toEqual([
      ['needs kafka', 'failed'],
      ['needs rabbitmq', 'failed'],
      ['needs nats', 'failed'],
      ['needs redis', 'failed'],
      ['needs no broker', 'passed'],
      ['needs rabbitmq alone', 'failed'],
    ]);
    expect(outcomes[1]!.failureMessages[0]!.split('\n')[0]).toMatchInlineSnapshot(
      `"BrokerError: rabbitmq: tried EVENTSPEC_AMQP_URL (not set), then Docker: Image eventspec-test/no-such-rabbitmq:0 is not on this machine and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Run \`docker pull eventspec-test/no-such-rabbitmq:0\` where a registry is reachable, or set EVENTSPEC_RABBITMQ_IMAGE to an image this machine has (see \`docker images\`). Or set EVENTSPEC_AMQP_URL to a running broker. (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)"`,
    );
  }, 60_000);
});
