import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  deciderService,
  type FaultNote,
  type FlowEntry,
  projectionService,
  type Rejection,
  renderMessageFlowSvg,
  system,
} from '../../src/index.js';
import { confirmationCount, payments, shop } from './shop.js';

const at = '2024-06-01T09:00:00.000Z';
const place = (orderId: string, amount: number) => ({ type: 'PlaceOrder', orderId, amount, sku: 'mug' });
const folder = mkdtempSync(join(tmpdir(), 'eventspec-system-svg-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/** Parses the SVG as XML 1.0 would, failing on anything not well-formed; returns its elements in order. */
function parseXml(xml: string): Element[] {
  const elements: Element[] = [];
  const open: Element[] = [];
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let roots = 0;
  for (const token of xml.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith('<')) {
      if (entity.test(token)) throw new Error(`an unescaped & in text: ${token}`);
      if (open.length === 0 && token.trim()) throw new Error(`text outside the root: ${token}`);
      for (const element of open) element.text += decode(token);
      continue;
    }
    const close = /^<\/([\w:-]+)\s*>$/.exec(token);
    if (close) {
      const top = open.pop();
      if (top?.name !== close[1]) throw new Error(`</${close[1]}> closes <${top?.name}>`);
      continue;
    }
    const tag = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!tag) throw new Error(`not a well-formed tag: ${token}`);
    const attrs: Record<string, string> = {};
    for (const [, name, value] of tag[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (name! in attrs) throw new Error(`attribute ${name} twice in ${token}`);
      if (entity.test(value!)) throw new Error(`an unescaped & in ${token}`);
      attrs[name!] = decode(value!);
    }
    if (open.length === 0) roots++;
    const element = { name: tag[1]!, attrs, text: '' };
    elements.push(element);
    if (!tag[3]) open.push(element);
  }
  if (open.length > 0 || roots !== 1) throw new Error('not exactly one closed root element');
  return elements;
}

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The error a scenario fails with; a scenario that passes fails the test. */
function failureOf(scenario: Promise<unknown>): Promise<Error & { code: string }> {
  return scenario.then(
    () => {
      throw new Error('the scenario passed');
    },
    (error: Error & { code: string }) => error,
  );
}

const withClass = (elements: Element[], name: string) => elements.filter((e) => e.attrs.class === name);
const relative = (message: string) => message.replaceAll(folder, '<svgDir>');

describe('the message flow as a sequence diagram', () => {
  test('a lane per participant in order of appearance, an arrow per message, given apart from when', async () => {
    const report = await system(shop, { start: at })
      .given([place('o-1', 300)])
      .when({ type: 'CancelOrder', orderId: 'o-1', reason: 'changed mind' })
      .eventually({ rejected: [{ type: 'CancelOrder' }] }, { within: '1h' });
    const elements = parseXml(renderMessageFlowSvg(report.flow, report.rejections));
    expect(withClass(elements, 'lane').map((e) => e.attrs['data-lane'])).toEqual([
      'test',
      'orders',
      'checkout',
      'stock',
      'payments',
      'confirmed',
    ]);
    const arrows = withClass(elements, 'message');
    expect(arrows).toHaveLength(report.flow.length);
    expect(arrows.map((e) => `${e.attrs['data-from']} → ${e.attrs['data-to']}`).slice(0, 3)).toEqual([
      'test → orders',
      'orders → checkout',
      'checkout → stock',
    ]);
    // OrderConfirmed goes to the projection that listens to it.
    expect(arrows.find((e) => e.text.startsWith('OrderConfirmed'))?.attrs['data-to']).toBe('confirmed');
    expect(withClass(elements, 'phase').map((e) => e.attrs['data-phase'])).toEqual(['given', 'when']);
    const rejection = withClass(elements, 'rejection');
    expect(rejection.map((e) => [e.attrs['data-service'], e.text])).toEqual([
      ['orders', '✗rejected CancelOrder: a confirmed order cannot be cancelled'],
    ]);
    // The rejection sits right after the command it rejects.
    const rows = elements.filter((e) => e.attrs.class === 'message' || e.attrs.class === 'rejection');
    expect(rows[rows.indexOf(rejection[0]!) - 1]?.text).toMatch(/^CancelOrder/);
  });

  test('timers loop on their service with a clock; the broker’s faults are marked where they happened', () => {
    const entry = (seq: number, from: string, kind: FlowEntry['kind'], message: unknown, to = from) =>
      ({
        seq,
        at: new Date(Date.parse(at) + seq * 60_000),
        from,
        to,
        kind,
        message,
        phase: 'when',
        listeners: kind === 'event' ? ['checkout'] : [to],
      }) satisfies FlowEntry;
    const flow = [
      entry(0, 'test', 'command', { type: 'PlaceOrder', orderId: 'o-1' }, 'orders'),
      entry(1, 'orders', 'event', { type: 'OrderPlaced', orderId: 'o-1' }),
      entry(2, 'checkout', 'timer', { type: 'PaymentTimedOut', orderId: 'o-1' }),
    ];
    const faults: FaultNote[] = [
      { flowIndex: 2, text: 'the broker publishes #2 OrderPlaced again (a duplicate, same id)' },
    ];
    const elements = parseXml(renderMessageFlowSvg(flow, [], faults, 'a timer & a fault'));
    expect(elements.find((e) => e.name === 'title')?.text).toBe('a timer & a fault');
    const rows = elements.filter((e) => ['message', 'fault'].includes(e.attrs.class ?? ''));
    expect(rows.map((e) => e.text)).toEqual([
      'PlaceOrder { orderId: "o-1" }',
      'OrderPlaced { orderId: "o-1" }',
      '⚡ the broker publishes #2 OrderPlaced again (a duplicate, same id)',
      'PaymentTimedOut { orderId: "o-1" }',
    ]);
    expect(rows[3]!.attrs).toMatchObject({
      'data-kind': 'timer',
      'data-from': 'checkout',
      'data-to': 'checkout',
    });
    // The timer's clock mark, drawn (not an emoji a font may lack), next to its self-arrow.
    expect(withClass(elements, 'clock')).toHaveLength(2); // the legend's and the timer's
    const clock = elements.findLastIndex((e) => e.attrs.class === 'clock');
    expect(
      elements
        .slice(0, clock)
        .filter((e) => e.attrs.class === 'message')
        .at(-1),
    ).toBe(rows[3]);
    const times = elements.filter((e) => /^\d\d:\d\d:\d\d\.\d{3}$/.test(e.text)).map((e) => e.text);
    expect(times).toEqual(['09:00:00.000', '09:01:00.000', '09:02:00.000']);
  });

  test('escapes markup in payloads, service names and reasons', () => {
    const flow: FlowEntry[] = [
      {
        seq: 0,
        at: new Date(at),
        from: 'test',
        to: 'a<b>&c',
        kind: 'command',
        message: { type: 'Note', text: '<script>alert("&")</script>' },
        phase: 'when',
      },
    ];
    const rejections: Rejection[] = [
      { service: 'a<b>&c', command: flow[0]!.message, error: new Error('no <b>&</b>'), phase: 'when' },
    ];
    const svg = renderMessageFlowSvg(flow, rejections);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    const elements = parseXml(svg);
    expect(withClass(elements, 'lane').map((e) => e.attrs['data-lane'])).toEqual(['test', 'a<b>&c']);
    expect(withClass(elements, 'message')[0]!.text).toBe('Note { text: "<script>alert(\\"&\\")</script>" }');
    expect(withClass(elements, 'rejection')[0]!.text).toBe('✗rejected Note: no <b>&</b>');
  });
});

describe('a failing system scenario writes its diagram', () => {
  const failing = (svgDir?: string | false) =>
    failureOf(
      system(shop, { start: at })
        .when(place('o-4', 5000))
        .eventually(
          { sent: [{ type: 'ConfirmOrder' }] },
          { within: '30m', ...(svgDir === undefined ? {} : { svgDir }) },
        ),
    );

  test('next to the results, its path printed in the failure', async () => {
    const error = await failing(folder);
    expect(error.code).toBe('EVENTSPEC_SYSTEM_EXPECTATIONS');
    expect(relative(error.message).split('\n').slice(-3)).toMatchInlineSnapshot(`
      [
        "        09:00:00.000  checkout → stock     ReleaseStock { orderId: "o-4" }",
        "        09:00:00.000  stock ⇒              StockReleased { orderId: "o-4" }",
        "The flow as a sequence diagram: <svgDir>/place-order-58c08e86.svg",
      ]
    `);
    const file = error.message.split('The flow as a sequence diagram: ')[1]!;
    const elements = parseXml(readFileSync(file, 'utf8'));
    expect(elements.find((e) => e.name === 'title')?.text).toMatchInlineSnapshot(
      `"eventually() failed: 1 expectation not met — when PlaceOrder { orderId: "o-4", amount: 5000, sku: "mug" }"`,
    );
    expect(withClass(elements, 'message')).toHaveLength(10);
  });

  test('in .eventspec/system by default, and none with svgDir: false', async () => {
    const error = await failing();
    const file = error.message.split('The flow as a sequence diagram: ')[1]!;
    expect(file).toBe(join('.eventspec', 'system', 'place-order-58c08e86.svg'));
    expect(existsSync(file)).toBe(true);
    rmSync(file);
    const quiet = await failing(false);
    expect(quiet.message).toBe(error.message.slice(0, error.message.lastIndexOf('\n')));
    expect(existsSync(file)).toBe(false);
  });

  test('a folder that cannot be written leaves the real failure as it was', async () => {
    const blocker = join(folder, 'a-file');
    writeFileSync(blocker, '');
    const [error, quiet] = await Promise.all([failing(join(blocker, 'system')), failing(false)]);
    expect(error.code).toBe('EVENTSPEC_SYSTEM_EXPECTATIONS');
    expect(error.message).toBe(quiet.message);
  });

  test('under a fault plan, with the broker’s actions marked', async () => {
    const counting = {
      ...shop,
      confirmations: projectionService(confirmationCount, { listensTo: ['OrderConfirmed'] }),
    };
    const error = await failureOf(
      system(counting, { start: at })
        .when(place('o-6', 300))
        .eventually(
          { state: { confirmations: { count: 1 } } },
          { within: '1h', svgDir: folder, faults: { plan: { duplicates: [{ message: 7, after: 0 }] } } },
        ),
    );
    expect(error.code).toBe('EVENTSPEC_SYSTEM_FAULTS');
    const lines = relative(error.message).split('\n');
    expect(lines.filter((line) => /⚡|sequence diagram/.test(line))).toMatchInlineSnapshot(`
        [
          "The message flow with the plan (⚡ what the broker did):",
          "                      ⚡ the broker publishes #8 OrderConfirmed again (a duplicate, same id)",
          "The flow as a sequence diagram: <svgDir>/place-order-d4a43a2f-faults.svg",
        ]
      `);
    const file = error.message.match(/The flow as a sequence diagram: (.*)/)![1]!;
    const elements = parseXml(readFileSync(file, 'utf8'));
    expect(withClass(elements, 'fault').map((e) => e.text)).toEqual([
      '⚡ the broker publishes #8 OrderConfirmed again (a duplicate, same id)',
    ]);
    expect(
      withClass(elements, 'message').find((e) => e.text.startsWith('OrderConfirmed'))?.attrs['data-to'],
    ).toBe('confirmed confirmations');
  });

  test('the silent payment: a timer and its compensation', async () => {
    const silent = {
      ...shop,
      payments: deciderService(
        { ...payments, decide: () => [] },
        {
          commands: ['ChargeCard'],
          events: ['PaymentCaptured', 'PaymentDeclined'],
          streamOf: (message: { orderId: string }) => message.orderId,
        },
      ),
    };
    const error = await failureOf(
      system(silent, { start: at })
        .when(place('o-3', 300))
        .eventually({ published: [] }, { within: '1h', svgDir: folder }),
    );
    const file = error.message.match(/The flow as a sequence diagram: (.*)/)![1]!;
    const timers = withClass(parseXml(readFileSync(file, 'utf8')), 'message').filter(
      (e) => e.attrs['data-kind'] === 'timer',
    );
    expect(timers.map((e) => [e.attrs['data-to'], e.text.split(' {')[0]])).toEqual([
      ['checkout', 'PaymentTimedOut'],
    ]);
  });
});
