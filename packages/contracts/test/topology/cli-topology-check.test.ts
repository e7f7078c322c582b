// Spawns the built `eventspec` command (run `pnpm run build` first) on AsyncAPI documents and observed flows
// written per test.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeObservedFlows } from '../../src/index.js';
import { cliScratch } from '../support/cli-scratch.js';

const scratch = cliScratch('eventspec-topology-');
const { eventspec } = scratch;

const orders = `asyncapi: 3.0.0
info: { title: orders, version: 1.0.0 }
channels:
  placed:
    address: 'orders.{orderId}.placed'
    messages:
      placed: { name: OrderPlaced, x-eventspec-version: 2, payload: { type: object } }
operations:
  publish: { action: send, channel: { $ref: '#/channels/placed' } }
`;
const billing = `asyncapi: 2.6.0
info: { title: billing, version: 1.0.0 }
channels:
  'orders.{orderId}.placed':
    parameters: { orderId: { schema: { type: string } } }
    publish:
      message: { name: OrderPlaced, x-eventspec-version: 2, payload: { type: object } }
`;

function documents(): void {
  scratch.write('asyncapi/orders.asyncapi.yaml', orders);
  scratch.write('asyncapi/billing.asyncapi.yaml', billing);
}

describe('eventspec topology check', { timeout: 60_000 }, () => {
  test('no drift: exit 0', () => {
    documents();
    writeObservedFlows(
      [{ from: 'orders', to: ['billing'], type: 'OrderPlaced', version: 2, channel: 'orders.o-1.placed' }],
      join(scratch.dir, 'observed/orders.json'),
    );
    expect(
      eventspec(
        'topology',
        'check',
        '--asyncapi',
        'asyncapi/orders.asyncapi.yaml',
        'asyncapi/billing.asyncapi.yaml',
        '--observed',
        'observed/orders.json',
      ),
    ).toEqual({ code: 0, stdout: 'Topology: no drift (2 declared flows, 2 observed)\n', stderr: '' });
  });

  test('drift: exit 1, as Markdown, JUnit and an SVG graph with the drift marked', () => {
    documents();
    writeObservedFlows(
      [
        { from: 'orders', to: ['billing'], type: 'OrderPlaced', version: 3, channel: 'orders.o-1.placed' },
        {
          from: 'orders',
          to: [],
          type: 'OrderShipped',
          channel: 'orders.o-1.shipped',
          source: 'shipping.test.ts',
        },
      ],
      join(scratch.dir, 'observed.json'),
    );
    const args = [
      'topology',
      'check',
      '--asyncapi',
      'asyncapi/orders.asyncapi.yaml',
      'asyncapi/billing.asyncapi.yaml',
      '--observed',
      'observed.json',
    ];
    // #region cli
    const markdown = eventspec(...args, '--format', 'markdown', '--svg', 'out/topology.svg');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatchInlineSnapshot(`
      "### ❌ Topology: 5 drifts (2 declared flows, 3 observed)

      | Drift | Application | Message | Channel | What to do |
      | --- | --- | --- | --- | --- |
      | undeclared-version | orders sends | \`OrderPlaced@3\` | \`orders.o-1.placed\` | orders sends OrderPlaced@3 on orders.o-1.placed, but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop sending it |
      | undeclared-version | billing receives | \`OrderPlaced@3\` | \`orders.o-1.placed\` | billing receives OrderPlaced@3 on orders.o-1.placed, but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop reading it |
      | undeclared-send | orders sends | \`OrderShipped\` | \`orders.o-1.shipped\` | orders sends OrderShipped on orders.o-1.shipped (observed in shipping.test.ts), but its document has no send operation for OrderShipped: declare it, or stop sending it |
      | unobserved | orders sends | \`OrderPlaced@2\` | \`orders.{orderId}.placed\` | orders declares that it sends OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (asyncapi/orders.asyncapi.yaml#/operations/publish) |
      | unobserved | billing receives | \`OrderPlaced@2\` | \`orders.{orderId}.placed\` | billing declares that it receives OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (asyncapi/billing.asyncapi.yaml#/channels/orders.{orderId}.placed/publish) |

      **Not checked**

      - 1 observed flow carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))
      "
    `);
    // #endregion cli
    const svg = scratch.read('out/topology.svg');
    expect(svg.match(/<g class="flow" data-status="[a-z]+"/g)).toMatchInlineSnapshot(`
      [
        "<g class="flow" data-status="undeclared"",
        "<g class="flow" data-status="undeclared"",
        "<g class="flow" data-status="undeclared"",
        "<g class="flow" data-status="unobserved"",
        "<g class="flow" data-status="unobserved"",
      ]
    `);
    expect(eventspec(...args, '--format', 'junit').stdout).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="eventspec topology check" tests="5" failures="5">
        <testsuite name="topology" tests="5" failures="5">
          <testcase classname="eventspec.topology.orders" name="undeclared-version: orders sends OrderPlaced@3 on orders.o-1.placed">
            <failure type="undeclared-version" message="orders sends OrderPlaced@3 on orders.o-1.placed, but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop sending it"/>
          </testcase>
          <testcase classname="eventspec.topology.billing" name="undeclared-version: billing receives OrderPlaced@3 on orders.o-1.placed">
            <failure type="undeclared-version" message="billing receives OrderPlaced@3 on orders.o-1.placed, but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop reading it"/>
          </testcase>
          <testcase classname="eventspec.topology.orders" name="undeclared-send: orders sends OrderShipped on orders.o-1.shipped">
            <failure type="undeclared-send" message="orders sends OrderShipped on orders.o-1.shipped (observed in shipping.test.ts), but its document has no send operation for OrderShipped: declare it, or stop sending it"/>
          </testcase>
          <testcase classname="eventspec.topology.orders" name="unobserved: orders sends OrderPlaced@2 on orders.{orderId}.placed" file="asyncapi/orders.asyncapi.yaml">
            <failure type="unobserved" message="orders declares that it sends OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (asyncapi/orders.asyncapi.yaml#/operations/publish)"/>
          </testcase>
          <testcase classname="eventspec.topology.billing" name="unobserved: billing receives OrderPlaced@2 on orders.{orderId}.placed" file="asyncapi/billing.asyncapi.yaml">
            <failure type="unobserved" message="billing declares that it receives OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (asyncapi/billing.asyncapi.yaml#/channels/orders.{orderId}.placed/publish)"/>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
    expect(
      eventspec(
        ...args,
        '--ignore',
        'undeclared-version',
        '--ignore',
        'undeclared-send',
        '--ignore',
        'undeclared-receive',
        '--ignore',
        'unobserved',
      ).code,
    ).toBe(0);
  });

  test('a malformed file of observed flows: exit 2, saying where and what is expected', () => {
    documents();
    scratch.write('observed.json', {
      eventspec: 'observed-flows',
      version: 1,
      flows: [
        { from: 'orders', type: 'OrderPlaced' },
        { to: [], type: 7 },
      ],
    });
    expect(
      eventspec(
        'topology',
        'check',
        '--asyncapi',
        'asyncapi/orders.asyncapi.yaml',
        '--observed',
        'observed.json',
        'missing.json',
      ),
    ).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "The topology cannot be checked (3 problems):
        - observed.json at /flows/0: "to" must be the list of receiving services (an empty list when none)
        - observed.json at /flows/1: "type" must be the message type, a non-empty string
        - missing.json: cannot read the observed flows (ENOENT)
      Fix the files above; nothing was checked.
      ",
        "stdout": "",
      }
    `);
  });

  test('usage errors: exit 64', () => {
    expect(eventspec('topology', 'check', '--asyncapi', 'a.yaml')).toMatchInlineSnapshot(`
      {
        "code": 64,
        "stderr": "eventspec topology check: --observed needs at least one file of observed flows

      Usage: eventspec topology check --asyncapi <files…> --observed <files…> [options]

      Compares the flows AsyncAPI documents declare (one document per application) with the flows tests observed
      (JSON files written by writeObservedFlows).

      Options:
        --asyncapi <files…>   AsyncAPI 3 or 2.x documents, one per application
        --observed <files…>   observed flows (JSON, as writeObservedFlows writes them)
        --format <format>     text (default), markdown or junit
        --svg <file>          also draw the graph, drift marked, to this SVG file
        --ignore <kind>       report this drift kind without failing: undeclared-send, undeclared-receive,
                              unobserved, no-producer, undeclared-version (repeatable)

      Exit codes: 0 no drift, 1 drift, 2 a file cannot be read, 64 usage.
      ",
        "stdout": "",
      }
    `);
    expect(
      eventspec('topology', 'check', '--asyncapi', 'a.yaml', '--observed', 'o.json', '--format', 'html').code,
    ).toBe(64);
  });
});
