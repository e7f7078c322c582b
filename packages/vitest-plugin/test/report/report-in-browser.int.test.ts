// What a person sees: the report rendered by a real headless Chromium (Debian's), driven by playwright-core.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { renderHtml, reportModel } from '../../src/report/index.js';
import { describeWithChromium, launchChromium } from './chromium.js';
import { sampleRun } from './sample-run.js';

const artifacts = resolve(import.meta.dirname, '../../../../.eventspec/artifacts');

describeWithChromium('the report in a browser', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'eventspec-report-'));
    const file = join(folder, 'index.html');
    writeFileSync(file, renderHtml(reportModel(sampleRun, 'Orders — living documentation')));
    url = pathToFileURL(file).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('shows the index, a failing scenario with its diff, and filters as one types', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    const index = page.getByRole('navigation', { name: 'Index' });
    await expect(index.getByRole('link', { name: /order/ }).isVisible()).resolves.toBe(true);
    await expect(index.getByRole('link', { name: /checkout/ }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.summary').innerText()).resolves.toBe(
      '4 scenarios · 2 failed · 1 failing on purpose (their output is checked) · 1 invariant over 300 random histories · 1 delivery check over 120 plans',
    );

    await expect(page.locator('article.scenario.failed').count()).resolves.toBe(2);
    const failing = page.locator('article.scenario.failed', { hasText: 'order > confirming the payment' });
    await expect(failing.locator('.diff-field').innerText()).resolves.toContain(
      'data.paymentId: expected "pay-2", received "pay-1"',
    );
    await expect(
      failing
        .locator('.diff-field')
        .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).color),
    ).resolves.toBe('rgb(255, 213, 79)');

    const consumer = page.locator('article.scenario.failed', { hasText: 'payment consumer' });
    await expect(consumer.locator('ol.timeline li').allInnerTexts()).resolves.toEqual([
      'deliver #1 PaymentRequested key "order-1"',
      'deliver #1 PaymentRequested key "order-1" again (duplicate), attempt 2',
    ]);
    await expect(consumer.locator('figure.timeline-svg svg').isVisible()).resolves.toBe(true);
    await expect(consumer.locator('figure.timeline-svg svg text').innerHTML()).resolves.toBe(
      'deliver #1 again',
    );

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });

    await page.getByRole('searchbox', { name: 'Search scenarios' }).fill('clock advances');
    await expect(page.locator('article.scenario:visible').count()).resolves.toBe(1);
    await expect(page.locator('#order').isVisible()).resolves.toBe(false);
    await expect(index.getByRole('link', { name: /order/ }).isVisible()).resolves.toBe(false);
    await page.getByRole('searchbox', { name: 'Search scenarios' }).fill('no such scenario');
    await expect(page.locator('#no-match').isVisible()).resolves.toBe(true);
    await page.close();
  });

  test('a long failure line wraps inside the page instead of being cut at its edge', async () => {
    const long = `data.note: expected "${'x'.repeat(300)}", received "${'y'.repeat(300)}"`;
    const folder = mkdtempSync(join(tmpdir(), 'eventspec-report-long-'));
    const file = join(folder, 'index.html');
    const run = [
      {
        name: 'order > a long failure',
        file: 'order.test.ts',
        state: 'failed' as const,
        records: [
          {
            kind: 'decider' as const,
            subject: 'order',
            given: [],
            when: 'PlaceOrder',
            then: 'OrderPlaced',
            status: 'failed' as const,
            failure: `then() failed: 1 event differs.\n  [0] ✗ OrderPlaced\n        ${long}`,
          },
        ],
      },
    ];
    writeFileSync(file, renderHtml(reportModel(run, 'Long lines')));
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(pathToFileURL(file).href);
    const failure = page.locator('pre.failure');
    await expect(failure.innerText()).resolves.toContain(long);
    await expect(failure.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
    await page.close();
  });
});
