// Debian's headless Chromium for the tests of what a person sees: found through EVENTSPEC_CHROMIUM or
// /usr/bin/chromium. Without it those tests skip with the reason, or fail when EVENTSPEC_REQUIRE_BROWSER=1.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe, test } from 'vitest';

export function chromiumExecutable(): string | undefined {
  return (
    process.env.EVENTSPEC_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  );
}

/** Launches it headless with the flags this machine's closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable()!,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** `describe` when Chromium is there; otherwise one test that skips visibly, or fails when it is required. */
export function describeWithChromium(name: string, body: () => void): void {
  if (chromiumExecutable() !== undefined) {
    describe(name, body);
    return;
  }
  const required = process.env.EVENTSPEC_REQUIRE_BROWSER === '1';
  describe(name, () => {
    test(required ? 'needs Chromium (EVENTSPEC_REQUIRE_BROWSER=1)' : 'skipped: no Chromium', (context) => {
      if (required) {
        throw new Error(
          "EVENTSPEC_REQUIRE_BROWSER=1 but no Chromium was found: install Debian's chromium or set EVENTSPEC_CHROMIUM.",
        );
      }
      context.skip("no Chromium: install Debian's chromium package or set EVENTSPEC_CHROMIUM to its path");
    });
  });
}
