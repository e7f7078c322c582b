import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { createVitest } from 'vitest/node';
import SummaryReporter from '../../src/summary-reporter.js';

const fixture = fileURLToPath(new URL('../fixtures/failing-run', import.meta.url));

/** Runs the failing fixture project with the summary reporter and the report; returns what they wrote. */
async function runFailingProject(): Promise<{ summary: string; markdown: string; html: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'eventspec-failed-run-')), 'index.html');
  process.env.EVENTSPEC_TEST_REPORT_FILE = file;
  let written = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  const vitest = await createVitest('test', {
    root: fixture,
    watch: false,
    reporters: [new SummaryReporter()],
    config: join(fixture, 'vitest.config.ts'),
  });
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    process.stdout.write = write;
    delete process.env.EVENTSPEC_TEST_REPORT_FILE;
  }
  const summary = written.slice(written.indexOf('eventspec summary'), written.indexOf('eventspec report'));
  return {
    summary: summary.replace(/in \d+\.\d+s/, 'in <time>').trimEnd(),
    markdown: readFileSync(join(file, '..', 'report.md'), 'utf8'),
    html: readFileSync(file, 'utf8'),
  };
}

describe('a run that failed', () => {
  let run: Awaited<ReturnType<typeof runFailingProject>>;
  beforeAll(async () => {
    run = await runFailingProject();
  }, 60_000);

  test('the summary counts the file that failed to run as a failure, never "✓ … passed"', () => {
    expect(run.summary).toMatchInlineSnapshot(`
      "eventspec summary
        ✗ scenarios.spec.ts  2 passed, 1 failed
        ✗ broken.spec.ts     failed to run: broken.spec.ts cannot load: a module it imports threw
        3 specs: 2 passed, 1 failed, 1 file failed to run in <time>
        checked: 3 scenario steps, 0 invariants over 0 random histories"
    `);
  });

  test('the report counts failures outside scenarios, and lists each test once', () => {
    expect(run.markdown.replace(/\n {2}at .*$/gm, '')).toMatchInlineSnapshot(`
      "# failing run

      2 scenarios, 2 failed (2 outside any scenario, and 1 failing on purpose) · 0 invariants over 0 random histories

      ## ✗ Failed outside any scenario

      - ✗ the file failed to run (broken.spec.ts)

        \`\`\`text
        broken.spec.ts cannot load: a module it imports threw
        \`\`\`

      - ✗ a plain assertion (scenarios.spec.ts)

        \`\`\`text
        AssertionError: expected 2 to be 3 // Object.is equality
        \`\`\`

      ## ✓ counter (decider)

      - ✓ adding one — given Added — when \`Add\` — then Added
      - ✗ (on purpose) a wrong expectation fails, the right one passes — given no history — when \`Add\` — then Added

        \`\`\`text
        then() failed: 1 event differs.
        
          given  no events
          when   Add { by: 5 }
          then   Added
        
          [0] ✗ Added
                by: expected 6, received 5
        \`\`\`
      "
    `);
  });

  test("the HTML report's Then shows the expected events with their data", () => {
    const then = /<dt>Then<\/dt><dd>(.*?)<\/dd>/.exec(run.html)?.[1];
    expect(then).toMatchInlineSnapshot(
      `"<ul><li><code>Added { by: 1, note: &quot;counted&quot; }</code></li></ul>"`,
    );
    expect(/<p class="summary[^>]*>(.*?)<\/p>/.exec(run.html)?.[1]).toMatchInlineSnapshot(
      `"2 scenarios · 2 failed (2 outside any scenario) · 1 failing on purpose (their output is checked) · 0 invariants over 0 random histories"`,
    );
  });
});
