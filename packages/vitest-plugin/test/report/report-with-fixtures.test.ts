import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVitest, type Reporter, type TestModule } from 'vitest/node';

const fixture = fileURLToPath(new URL('../fixtures/report-with-fixtures', import.meta.url));

/** Runs the fixture project (report on, brokerTest and a user's test.extend fixture) with no broker reachable. */
async function runFixtureProject(): Promise<{ outcomes: string[][]; markdown: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'eventspec-report-fixtures-')), 'index.html');
  const saved = { ...process.env };
  Object.assign(process.env, {
    EVENTSPEC_TEST_REPORT_FILE: file,
    EVENTSPEC_AMQP_URL: '',
    EVENTSPEC_KAFKA_BROKERS: '',
    EVENTSPEC_BROKER_PROVIDER: '',
    EVENTSPEC_REQUIRE_BROKERS: '',
    DOCKER_HOST: 'tcp://127.0.0.1:1',
  });
  const outcomes: string[][] = [];
  const collect: Reporter = {
    onTestRunEnd(modules: ReadonlyArray<TestModule>) {
      for (const module of modules)
        for (const test of module.children.allTests()) outcomes.push([test.name, test.result().state]);
    },
  };
  const vitest = await createVitest('test', {
    root: fixture,
    watch: false,
    reporters: [collect],
    config: join(fixture, 'vitest.config.ts'),
  });
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    process.env = saved;
  }
  return { outcomes, markdown: readFileSync(join(file, '..', 'report.md'), 'utf8') };
}

describe('the report beside test.extend fixtures', () => {
  test("a user's fixture and brokerTest work with the report on, and the report holds the scenario", async () => {
    const { outcomes, markdown } = await runFixtureProject();
    expect(outcomes).toEqual([
      ['a user fixture', 'passed'],
      ['a broker fixture', 'skipped'],
    ]);
    expect(markdown.split('\n').slice(0, 7).join('\n')).toMatchInlineSnapshot(`
      "# eventspec report

      1 scenarios, 0 failed · 0 invariants over 0 random histories

      ## ✓ counter (decider)

      - ✓ a user fixture — given Added — when \`Add\` — then Added"
    `);
  }, 60_000);
});
