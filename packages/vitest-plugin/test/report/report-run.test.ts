import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVitest } from 'vitest/node';

const fixture = fileURLToPath(new URL('../fixtures/report-run', import.meta.url));

describe('the report of a real vitest run', () => {
  test("holds the tests' scenarios and what the global setup recorded (a broker)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eventspec-report-run-')), 'index.html');
    process.env.EVENTSPEC_TEST_REPORT_FILE = file;
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
      delete process.env.EVENTSPEC_TEST_REPORT_FILE;
    }
    const markdown = readFileSync(join(file, '..', 'report.md'), 'utf8');
    expect(markdown).toContain('## ✓ counter (decider)');
    expect(markdown).toContain('- ✓ adding one — given Added — when `Add` — then Added');
    expect(markdown).toContain('- broker: external, at amqp://127.0.0.1:5672');
    expect(readFileSync(file, 'utf8')).toContain('<title>fixture run</title>');
  }, 60_000);
});
