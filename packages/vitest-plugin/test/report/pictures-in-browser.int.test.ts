/// <reference lib="dom" />
// What a person sees of the pictures failures write — the delivery timeline, the causal tree, the system's
// sequence diagram — opened as files in Debian's headless Chromium: well-formed, every label inside the
// picture, no label drawn over another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CausalLink,
  causedBy,
  checkCausality,
  checkDelivery,
  deciderService,
  type Message,
  projectionService,
  type SyncDecider,
  system,
} from '@eventspec/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeWithChromium, launchChromium } from './chromium.js';

const folder = mkdtempSync(join(tmpdir(), 'eventspec-pictures-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The path of the picture a failure names on the line starting with `prefix`. */
async function picturePath(failing: Promise<unknown>, prefix: string): Promise<string> {
  const error = await failing.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const line = String((error as Error | undefined)?.message)
    .split('\n')
    .find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`the failure names no picture (${prefix}): ${String(error)}`);
  return line.slice(prefix.length).trim();
}

type Cmd = { type: string; orderId: string };
const orders: SyncDecider<Cmd, Cmd, { placed: boolean }> = {
  initialState: () => ({ placed: false }),
  decide: (command, state) => {
    if (command.type !== 'PlaceOrder') throw new Error(`orders cannot ${command.type} <here> & now`);
    return state.placed ? [] : [{ type: 'OrderPlaced', orderId: command.orderId }];
  },
  evolve: () => ({ placed: true }),
};
const counter = {
  initialState: () => ({ count: 0 }),
  project: (model: { count: number }) => ({ count: model.count + 1 }),
};

describeWithChromium('the pictures failures write, in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the SVG file and measures what is drawn: parse errors, the picture's size, every label's box. */
  async function look(path: string) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(pathToFileURL(path).href);
    const seen = await page.evaluate(() => {
      const svg = document.documentElement;
      const box = svg.getBoundingClientRect();
      const labels = [...document.querySelectorAll('text')]
        .map((text) => ({ text: text.textContent ?? '', rect: text.getBoundingClientRect() }))
        .filter((label) => label.text.trim() !== '' && label.rect.width > 0)
        .map(({ text, rect }) => ({
          text,
          left: rect.left,
          top: rect.top,
          right: rect.right,
          bottom: rect.bottom,
        }));
      return {
        root: document.documentElement.localName,
        parseError: document.querySelector('parsererror')?.textContent ?? null,
        width: box.width,
        height: box.height,
        labels,
      };
    });
    await page.close();
    const outside = seen.labels.filter(
      (l) => l.left < -1 || l.top < -1 || l.right > seen.width + 1 || l.bottom > seen.height + 1,
    );
    const overlapping: string[] = [];
    for (const [i, a] of seen.labels.entries()) {
      for (const b of seen.labels.slice(i + 1)) {
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 2 && y > 2) overlapping.push(`"${a.text}" over "${b.text}"`);
      }
    }
    return {
      ...seen,
      texts: seen.labels.map((l) => l.text),
      outside: outside.map((l) => l.text),
      overlapping,
    };
  }

  test("a system scenario's sequence diagram: lanes, messages, the rejection, readable", async () => {
    const shop = {
      orders: deciderService(orders, {
        commands: ['PlaceOrder', 'ShipOrder'],
        events: ['OrderPlaced'],
        streamOf: (message) => message.orderId,
      }),
      placed: projectionService(counter, { listensTo: ['OrderPlaced'] }),
    };
    const path = await picturePath(
      system(shop)
        .given([{ type: 'PlaceOrder', orderId: 'o-1' }])
        .when({ type: 'ShipOrder', orderId: 'o-1' })
        .eventually({ state: { placed: { count: 2 } } }, { within: '1m', svgDir: folder }),
      'The flow as a sequence diagram:',
    );
    const picture = await look(path);
    expect(picture.root).toBe('svg');
    expect(picture.parseError).toBeNull();
    expect(picture.texts).toEqual(expect.arrayContaining(['test', 'orders', 'placed']));
    expect(picture.texts.some((t) => t.startsWith('PlaceOrder'))).toBe(true);
    expect(picture.texts.some((t) => t.startsWith('OrderPlaced'))).toBe(true);
    expect(picture.texts.some((t) => t.includes('orders cannot ShipOrder <here> & now'))).toBe(true);
    expect(picture.outside).toEqual([]);
    expect(picture.overlapping).toEqual([]);
  });

  test("a delivery check's timeline: the plan's deliveries, readable", async () => {
    const messages: Message[] = [1, 2].map((n) => ({
      id: `m-${n}`,
      type: 'PaymentRequested',
      key: `o-${n}`,
      data: {},
    }));
    const path = await picturePath(
      checkDelivery({
        name: 'counter without dedupe',
        messages,
        setup: () => ({ count: 0 }),
        handle: (world) => {
          world.count++;
        },
        observe: (world) => world.count,
        runs: 50,
        seed: 1,
        timelineDir: folder,
      }),
      'Timeline picture:',
    );
    const picture = await look(path);
    expect(picture.parseError).toBeNull();
    expect(picture.texts.join(' ')).toContain('PaymentRequested');
    expect(picture.outside).toEqual([]);
    expect(picture.overlapping).toEqual([]);
  });

  test('a broken causal chain: the tree and the broken link, readable', async () => {
    const command = { type: 'PlaceOrder', metadata: { commandId: 'cmd-1', correlationId: 'conv-1' } };
    const links: CausalLink[] = [
      {
        trigger: command,
        outputs: [
          causedBy(command, { type: 'OrderPlaced' }, { id: 'evt-1' }),
          {
            type: 'StockReserved',
            metadata: { messageId: 'evt-2', correlationId: 'another', causationId: 'cmd-1' },
          },
        ],
      },
    ];
    const path = await picturePath(
      Promise.resolve().then(() => checkCausality(links, { name: 'order o-1', svgDir: folder })),
      'The chain as a picture:',
    );
    const picture = await look(path);
    expect(picture.parseError).toBeNull();
    expect(picture.texts.join(' ')).toContain('StockReserved');
    expect(picture.outside).toEqual([]);
    expect(picture.overlapping).toEqual([]);
  });
});
