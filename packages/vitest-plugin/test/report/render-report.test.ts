import { describe, expect, test } from 'vitest';
import { renderHtml, renderMarkdown, reportModel } from '../../src/report/index.js';
import { sampleRun } from './sample-run.js';

describe('the report model', () => {
  test('groups records by subject, tells real failures from failures shown on purpose, and counts invariant runs', () => {
    const model = reportModel(sampleRun, 'Orders');
    expect(model.totals).toEqual({
      scenarios: 4,
      failed: 2,
      onPurpose: 1,
      invariants: 1,
      invariantRuns: 300,
      deliveryChecks: 1,
      deliveryPlans: 120,
      contracts: 0,
      tests: 5,
    });
    expect(model.subjects.map((s) => [s.kind, s.name, s.entries.length, s.failed])).toEqual([
      ['decider', 'order', 4, 1],
      ['process', 'checkout', 1, 0],
      ['delivery', 'payment consumer', 1, 1],
    ]);
  });
});

describe('the Markdown twin', () => {
  test('lists every subject, failures inline', () => {
    const markdown = renderMarkdown({ ...reportModel(sampleRun, 'Orders'), generatedAt: 'now' });
    expect(markdown).toMatchInlineSnapshot(`
      "# Orders

      4 scenarios, 2 failed (and 1 failing on purpose) · 1 invariant over 300 random histories · 1 delivery check over 120 plans

      ## ✗ order (decider)

      - ✓ placing an order totals its lines — given no history — when \`PlaceOrder\` — then OrderPlaced
      - ✓ invariant **shipped implies paid**: 300 histories, 2900 commands (seed 42)
      - ✗ confirming the payment — given OrderPlaced — when \`ConfirmPayment\` — then OrderPaid

        \`\`\`text
        then() failed: 1 event differs.
        
          given  OrderPlaced
          when   ConfirmPayment { orderId: "o-1", paymentId: "pay-1" }
          then   OrderPaid
        
          [0] ✗ OrderPaid
                data.paymentId: expected "pay-2", received "pay-1"
        \`\`\`

      - ✗ (on purpose) shows a wrong total — given no history — when \`PlaceOrder\` — then OrderPlaced

        \`\`\`text
        then() failed: 1 event differs.
        
          given  OrderPlaced
          when   ConfirmPayment { orderId: "o-1", paymentId: "pay-1" }
          then   OrderPaid
        
          [0] ✗ OrderPaid
                data.paymentId: expected "pay-2", received "pay-1"
        \`\`\`


      ## ✓ checkout (process)

      - ✓ times out after 15 minutes — given OrderPlaced — when \`the clock advances\` — then due: PaymentTimedOut; send: CancelOrder; nothing else

      ## ✗ payment consumer (delivery)

      - ✗ charges once per payment — 3 messages under duplicates, reordering across keys, fail-before and crash-after: 120 plans — duplicated effect

        \`\`\`text
        1. deliver #1 PaymentRequested key "order-1"
        2. deliver #1 PaymentRequested key "order-1" again (duplicate), attempt 2
        \`\`\`
      "
    `);
  });
});

describe('the HTML page', () => {
  test('is one self-contained file: no external scripts, styles or fonts', () => {
    const html = renderHtml(reportModel(sampleRun, 'Orders <live>'));
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/);
    expect(html).toContain('<title>Orders &lt;live&gt;</title>');
    expect(html).toContain('data.paymentId: expected &quot;pay-2&quot;, received &quot;pay-1&quot;');
  });
});
