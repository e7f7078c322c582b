import { getContainerRuntimeClient } from 'testcontainers';
import { expect, test } from 'vitest';
import { describeWithImages } from '../support/docker-describe.js';
import { built, distIndex, runScript } from '../support/run-script.js';

async function waitUntilGone(id: string, timeoutMs: number): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const left = await client.container.dockerode.listContainers({ all: true, filters: { id: [id] } });
    if (left.length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const startAndDie = (death: string) => `
  import { RabbitMqContainer } from ${JSON.stringify(distIndex)};
  const rabbit = await new RabbitMqContainer().withPullPolicy('never').withProgress(() => {}).start();
  console.log(rabbit.getId());
  ${death}
  setInterval(() => {}, 1000);
`;

const startNatsAndRedisAndDie = `
  import { NatsContainer, RedisContainer } from ${JSON.stringify(distIndex)};
  const quiet = () => {};
  const started = await Promise.all([
    new NatsContainer().withPullPolicy('never').withProgress(quiet).start(),
    new RedisContainer().withPullPolicy('never').withProgress(quiet).start(),
  ]);
  console.log(started.map((container) => container.getId()).join('\\n'));
  process.kill(process.pid, 'SIGKILL');
`;

// No Ryuk here (TESTCONTAINERS_RYUK_DISABLED=true): these prove eventspec's own cleanup.
describeWithImages(['rabbitmq', 'nats', 'redis'], 'containers are never leaked', () => {
  test.skipIf(!built).concurrent.each([
    ['the process is killed (a crashed worker: SIGKILL)', `process.kill(process.pid, 'SIGKILL');`],
    ['the process gets SIGTERM', `process.kill(process.pid, 'SIGTERM');`],
    ['the process exits without stopping it', `process.exit(1);`],
  ])(
    'removed when %s',
    async (_, death) => {
      const { done } = runScript(startAndDie(death));
      const { stdout, stderr } = await done;
      const id = stdout.trim().split('\n')[0] ?? '';
      expect(id, stderr).toMatch(/^[0-9a-f]{64}$/);
      expect(await waitUntilGone(id, 15_000)).toBe(true);
    },
    60_000,
  );

  test.skipIf(!built)(
    'NATS and Redis containers are removed too when their process is killed',
    async () => {
      const { done } = runScript(startNatsAndRedisAndDie);
      const { stdout, stderr } = await done;
      const ids = stdout.trim().split('\n');
      expect(ids, stderr).toHaveLength(2);
      for (const id of ids) expect(await waitUntilGone(id, 15_000)).toBe(true);
    },
    60_000,
  );
});
