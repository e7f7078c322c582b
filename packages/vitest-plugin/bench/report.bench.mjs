// Report generation for 1,000 scenarios (target: under 1 s), against writing the same records as JSON (the
// floor: what any report costs just to serialize its data), measured in the same run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml, renderMarkdown, reportModel } from '../dist/report/index.js';

const failure = [
  'then() failed: 1 event differs.',
  '',
  '  [0] ✗ OrderPaid',
  '        data.paymentId: expected "pay-2", received "pay-1"',
].join('\n');
const tests = Array.from({ length: 1000 }, (_, i) => ({
  name: `aggregate-${i % 25} > scenario ${i}`,
  file: `test/aggregate-${i % 25}.test.ts`,
  state: i % 50 === 0 ? 'failed' : 'passed',
  records: [
    i % 10 === 9
      ? {
          kind: 'invariant',
          subject: `aggregate-${i % 25}`,
          name: `invariant ${i}`,
          runs: 100,
          commands: 1000,
          rejected: 100,
          seed: i,
          status: 'passed',
        }
      : {
          kind: 'decider',
          subject: `aggregate-${i % 25}`,
          given: [
            `OrderPlaced { orderId: "o-${i}", lines: [{ sku: "tea", quantity: 2, unitPrice: 450 }] }`,
            `OrderPaid { orderId: "o-${i}" }`,
          ],
          when: `Command${i % 7} { orderId: "o-${i}" }`,
          then: 'OrderShipped, InvoiceSent',
          status: i % 50 === 0 ? 'failed' : 'passed',
          ...(i % 50 === 0 ? { failure } : {}),
        },
  ],
}));
const folder = mkdtempSync(join(tmpdir(), 'eventspec-report-bench-'));
const time = (fn, rounds = 20) => {
  fn();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (performance.now() - started) / rounds;
};
const floor = time(() => writeFileSync(join(folder, 'records.json'), JSON.stringify(tests)));
const report = time(() => {
  const model = reportModel(tests, 'bench');
  writeFileSync(join(folder, 'index.html'), renderHtml(model));
  writeFileSync(join(folder, 'report.md'), renderMarkdown(model));
});
console.table([
  { task: 'records as JSON (floor)', scenarios: 1000, ms: floor.toFixed(1), 'vs floor': '1.0×' },
  {
    task: 'HTML report + Markdown twin',
    scenarios: 1000,
    ms: report.toFixed(1),
    'vs floor': `${(report / floor).toFixed(1)}×`,
  },
]);
console.log(`target: report generation for 1,000 scenarios < 1 s → ${(report / 1000).toFixed(3)} s`);
