import type { ObservedFlow } from '@eventspec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkTopology,
  type DeclaredFlow,
  type DeclaredTopology,
  formatTopologyText,
  renderTopologySvg,
} from '../../src/index.js';

const flow = (
  application: string,
  action: 'send' | 'receive',
  typeAt: string,
  channel: string,
): DeclaredFlow => {
  const [type, version] = typeAt.split('@') as [string, string | undefined];
  return {
    application,
    action,
    type,
    version: Number(version ?? 1),
    channel,
    source: `${application}.asyncapi.yaml#/operations/x`,
  };
};
const topology = (...flows: DeclaredFlow[]): DeclaredTopology => ({
  flows,
  applications: [...new Set(flows.map((f) => f.application))],
});

const declared = topology(
  flow('orders', 'send', 'OrderPlaced@2', 'orders.{orderId}.placed'),
  flow('billing', 'receive', 'OrderPlaced@2', 'orders.{orderId}.placed'),
  flow('billing', 'send', 'InvoiceIssued', 'invoices'),
  flow('mailer', 'receive', 'InvoiceIssued', 'invoices'),
);
const inFlight: ObservedFlow[] = [
  { from: 'orders', to: ['billing'], type: 'OrderPlaced', version: 2, channel: 'orders.o-1.placed' },
  { from: 'billing', to: ['mailer'], type: 'InvoiceIssued', version: 1, channel: 'invoices' },
];

describe('checkTopology', () => {
  test('what runs is what is declared: no drift, templates matching concrete topics', () => {
    const report = checkTopology({ declared, observed: inFlight });
    expect(report.ok).toBe(true);
    expect(formatTopologyText(report)).toMatchInlineSnapshot(`
      "Topology: no drift (4 declared flows, 4 observed)
      "
    `);
  });

  test('each kind of drift, said with what to do', () => {
    const observed: ObservedFlow[] = [
      // orders publishes on a topic its template does not match (one part too many)
      { from: 'orders', to: ['billing'], type: 'OrderPlaced', version: 2, channel: 'orders.eu.o-1.placed' },
      // a version no document lists
      { from: 'orders', to: [], type: 'OrderPlaced', version: 3, channel: 'orders.o-2.placed' },
      // a service without a document, and a message nobody declares
      { from: 'audit', to: [], type: 'AuditLogged', channel: 'audit' },
      // mailer reads what it does not declare
      { from: 'billing', to: ['mailer', 'mailer'], type: 'InvoiceIssued', version: 1, channel: 'invoices' },
      {
        to: ['mailer'],
        type: 'OrderPlaced',
        version: 2,
        channel: 'orders.o-1.placed',
        source: 'mailer.test.ts',
      },
    ];
    const withOrphan = topology(...declared.flows, flow('mailer', 'receive', 'CustomerDeleted', 'customers'));
    const report = checkTopology({ declared: withOrphan, observed });
    expect(report.ok).toBe(false);
    expect(formatTopologyText(report)).toMatchInlineSnapshot(`
      "Topology: 9 drifts (5 declared flows, 7 observed)
        ✗ undeclared-send    orders sends OrderPlaced@2 on orders.eu.o-1.placed, but its document declares OrderPlaced only on orders.{orderId}.placed: fix the channel or the document
        ✗ undeclared-receive billing receives OrderPlaced@2 on orders.eu.o-1.placed, but its document declares OrderPlaced only on orders.{orderId}.placed: fix the channel or the document
        ✗ undeclared-version orders sends OrderPlaced@3 on orders.o-2.placed, but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop sending it
        ✗ undeclared-send    audit sends AuditLogged on audit, but no AsyncAPI document describes the application audit: add one (info.title or x-eventspec-application: audit)
        ✗ undeclared-receive mailer receives OrderPlaced@2 on orders.o-1.placed (observed in mailer.test.ts), but its document has no receive operation for OrderPlaced: declare it, or stop reading it
        ✗ unobserved         orders declares that it sends OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (orders.asyncapi.yaml#/operations/x)
        ✗ unobserved         billing declares that it receives OrderPlaced@2 on orders.{orderId}.placed, but no test observed it: a dead contract or an untested path (billing.asyncapi.yaml#/operations/x)
        ✗ unobserved         mailer declares that it receives CustomerDeleted@1 on customers, but no test observed it: a dead contract or an untested path (mailer.asyncapi.yaml#/operations/x)
        ✗ no-producer        mailer receives CustomerDeleted on customers, but no application declares that it sends CustomerDeleted there: declare the producer's send operation, or drop the receive (mailer.asyncapi.yaml#/operations/x)
      Not checked:
        - 1 observed flow carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))
      "
    `);
    expect(
      checkTopology({
        declared: withOrphan,
        observed,
        ignore: ['unobserved', 'no-producer', 'undeclared-send', 'undeclared-receive', 'undeclared-version'],
      }).ok,
    ).toBe(true);
  });

  test('the SVG graph marks each kind of drift: undeclared red, unobserved dashed, a channel no one produces red', () => {
    const orphan = topology(...declared.flows, flow('mailer', 'receive', 'CustomerDeleted', 'customers'));
    const observed: ObservedFlow[] = [
      inFlight[0]!,
      { from: 'billing', to: [], type: 'InvoiceVoided', version: 1, channel: 'invoices' },
    ];
    const svg = renderTopologySvg(checkTopology({ declared: orphan, observed }), 'Billing & mail');
    const marks = [
      ...svg.matchAll(
        /<g class="([\w -]+)"(?: data-status="(\w+)")? data-(?:application|name)="([^"]+)"(?: data-channel="([^"]+)")?/g,
      ),
    ];
    expect(marks.map((m) => m.slice(1).filter(Boolean).join(' '))).toMatchInlineSnapshot(`
      [
        "flow ok orders orders.{orderId}.placed",
        "flow ok billing orders.{orderId}.placed",
        "flow undeclared billing invoices",
        "flow unobserved billing invoices",
        "flow unobserved mailer invoices",
        "flow unobserved mailer customers",
        "application orders",
        "application billing",
        "application billing",
        "application mailer",
        "channel no-producer customers",
        "channel invoices",
        "channel orders.{orderId}.placed",
      ]
    `);
    expect(svg).toContain('Billing &amp; mail');
  });

  test('a flow without a version or a channel matches any, and the report says what it could not check', () => {
    const report = checkTopology({
      declared,
      observed: inFlight.map(({ version: _v, channel: _c, ...rest }) => rest),
    });
    expect(report.ok).toBe(true);
    expect(formatTopologyText(report)).toMatchInlineSnapshot(`
      "Topology: no drift (4 declared flows, 4 observed)
      Not checked:
        - 4 observed flows carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))
        - 4 observed flows carried no channel: matched against every channel of the type
      "
    `);
  });
});

// The laws: observing exactly what is declared is never drift; observing one flow fewer, or one more that
// no document declares, always is.
const name = fc.constantFrom('orders', 'billing', 'mailer', 'stock', 'audit');
const declaredFlows = fc
  .uniqueArray(
    fc.record({
      application: name,
      action: fc.constantFrom('send' as const, 'receive' as const),
      type: fc.constantFrom('A', 'B', 'C', 'D'),
      version: fc.integer({ min: 1, max: 3 }),
      channel: fc.constantFrom('a', 'b.{id}', 'c.{id}.x', 'd'),
    }),
    { minLength: 1, maxLength: 20, selector: (f) => JSON.stringify(f) },
  )
  .map((flows) => flows.map((f) => ({ ...f, source: 'x' })));
const concrete = (channel: string) => channel.replace(/\{[^}]+\}/g, 'k-1');
const exactly = (flows: readonly DeclaredFlow[]): ObservedFlow[] =>
  flows.map((f) =>
    f.action === 'send'
      ? { from: f.application, to: [], type: f.type, version: f.version, channel: concrete(f.channel) }
      : { to: [f.application], type: f.type, version: f.version, channel: concrete(f.channel) },
  );

describe('checkTopology laws (200 random topologies each)', () => {
  const unobservedOrOrphan = (kind: string) => kind === 'no-producer';
  test('observing exactly the declared flows: no undeclared and no unobserved flow', () => {
    fc.assert(
      fc.property(declaredFlows, (flows) => {
        const report = checkTopology({ declared: topology(...flows), observed: exactly(flows) });
        expect(report.drift.filter((d) => !unobservedOrOrphan(d.kind))).toEqual([]);
      }),
      { numRuns: 200, seed: 14 },
    );
  });
  test('one declared flow left unobserved is reported as unobserved', () => {
    fc.assert(
      fc.property(declaredFlows, fc.nat(), (flows, i) => {
        const gone = flows[i % flows.length]!;
        const report = checkTopology({
          declared: topology(...flows),
          observed: exactly(flows.filter((f) => f !== gone)),
        });
        expect(report.drift.filter((d) => d.kind === 'unobserved').map((d) => d.declared)).toEqual([gone]);
      }),
      { numRuns: 200, seed: 15 },
    );
  });
  test('one flow no document declares is always caught', () => {
    fc.assert(
      fc.property(
        declaredFlows,
        name,
        fc.constantFrom('A', 'Z'),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('a', 'b.k-1', 'e'),
        (flows, application, type, version, channel) => {
          const extra: ObservedFlow = { from: application, to: [], type, version, channel };
          const covered = flows.some(
            (f) =>
              f.application === application &&
              f.action === 'send' &&
              f.type === type &&
              f.version === version &&
              concrete(f.channel) === channel,
          );
          const report = checkTopology({
            declared: topology(...flows),
            observed: [...exactly(flows), extra],
          });
          const undeclared = report.drift.filter((d) => d.kind.startsWith('undeclared'));
          expect(undeclared.length).toBe(covered ? 0 : 1);
        },
      ),
      { numRuns: 200, seed: 16 },
    );
  });
});
