import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVitest } from 'vitest/node';

const fixture = fileURLToPath(new URL('./fixtures/unawaited-run', import.meta.url));

describe('a forgotten await on an async scenario', () => {
  test('fails its test (passing or failing scenario), and no awaited scenario is flagged', async () => {
    const vitest = await createVitest('test', {
      root: fixture,
      watch: false,
      reporters: [],
      config: join(fixture, 'vitest.config.ts'),
    });
    try {
      await vitest.start();
    } finally {
      await vitest.close();
    }
    const tests = vitest.state.getFiles().flatMap((file) => file.tasks);
    const outcome = Object.fromEntries(
      tests.map((task) => [
        task.name,
        `${task.result?.state}${task.result?.errors?.length ? `: ${task.result.errors.map((e) => e.message).join(' | ')}` : ''}`,
      ]),
    );
    expect(outcome).toMatchInlineSnapshot(`
      {
        "a failing scenario without await": "fail: An async scenario was not awaited, so the test could not fail with it:
        - scenario: when Add: it failed: then() failed: 1 missing, 1 unexpected.
      Its decide, project or react returns a promise: put await before the scenario (await scenario(decider).given([...]).when(command).then([...])), or return it from the test.",
        "a passing scenario without await": "fail: An async scenario was not awaited, so the test could not fail with it:
        - scenario: when Add: it passed, but the test did not wait for it
      Its decide, project or react returns a promise: put await before the scenario (await scenario(decider).given([...]).when(command).then([...])), or return it from the test.",
        "a process scenario without await": "fail: An async scenario was not awaited, so the test could not fail with it:
        - processScenario: it failed: then() failed: send: 1 missing, 1 unexpected.
      Its decide, project or react returns a promise: put await before the scenario (await scenario(decider).given([...]).when(command).then([...])), or return it from the test.",
        "a returned scenario": "pass",
        "a scenario under expect().rejects": "pass",
        "an awaited process scenario": "pass",
        "an awaited scenario": "pass",
      }
    `);
    expect(vitest.state.getUnhandledErrors()).toEqual([]);
  }, 60_000);
});
