import { describe, expect, test } from 'vitest';
import type { ReportedTest } from '../../src/report/index.js';
import { renderHtml, renderMarkdown, reportModel } from '../../src/report/index.js';

// What checkTopology records when the plugin listens (plain data: the plugin does not depend on contracts).
const run: ReportedTest[] = [
  {
    name: 'the orders topology > a planted warehouse is caught',
    file: 'test/system/orders-topology.test.ts',
    state: 'passed',
    records: [
      {
        kind: 'topology',
        subject: 'Orders topology',
        status: 'failed',
        detail:
          'Topology: 1 drift (30 declared flows, 31 observed)\n  ✗ undeclared-send    warehouse sends StockReserved on warehouse.events, but its document has no send operation for StockReserved: declare it, or stop sending it\n',
        svg: '<svg xmlns="http://www.w3.org/2000/svg"><g class="flow" data-status="undeclared"><text>✗ StockReserved</text></g></svg>\n',
      },
    ],
  },
];

describe('the report shows topology checks when there are some', () => {
  test('a Topology subject: the drift in words and the graph, not counted as a scenario', () => {
    const model = reportModel(run, 'Orders');
    expect(model.subjects.map((s) => [s.kind, s.name])).toEqual([['topology', 'Orders topology']]);
    expect(model.totals.scenarios).toBe(0);
    const html = renderHtml(model);
    const section = html.slice(html.indexOf('<section class="subject"'), html.indexOf('</section>') + 10);
    expect(section).toMatchInlineSnapshot(`
      "<section class="subject" id="topology-orders-topology"><h2>Orders topology <small>Topology</small></h2>
      <h3>Declared vs observed</h3>
      <article class="scenario on-purpose" data-search="the orders topology &gt; a planted warehouse is caught orders topology topology: 1 drift (30 declared flows, 31 observed)
        ✗ undeclared-send    warehouse sends stockreserved on warehouse.events, but its document has no send operation for stockreserved: declare it, or stop sending it
      ">
      <header><span class="badge on-purpose">✗ fails on purpose</span><span class="test">the orders topology &gt; a planted warehouse is caught</span><span class="file">test/system/orders-topology.test.ts</span></header>
      <pre class="invariant">Topology: 1 drift (30 declared flows, 31 observed)
        ✗ undeclared-send    warehouse sends StockReserved on warehouse.events, but its document has no send operation for StockReserved: declare it, or stop sending it
      </pre><figure class="timeline-svg"><svg xmlns="http://www.w3.org/2000/svg"><g class="flow" data-status="undeclared"><text>✗ StockReserved</text></g></svg>
      </figure>

      </article></section>"
    `);
    expect(renderMarkdown({ ...model, generatedAt: 'now' })).toContain(
      'undeclared-send    warehouse sends StockReserved',
    );
  });

  test('no topology record, no topology section', () => {
    expect(renderHtml(reportModel([], 'Orders'))).not.toContain('Topology');
  });
});
