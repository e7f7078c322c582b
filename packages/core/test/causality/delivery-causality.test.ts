import { describe, expect, test } from 'vitest';
import { causedBy, checkDelivery, type Message } from '../../src/index.js';

const messages: Message[] = [1, 2].map((n) => ({
  id: `m-${n}`,
  type: 'PaymentRequested',
  key: `o-${n}`,
  data: { orderId: `o-${n}` },
  headers: { 'correlation-id': `checkout-o-${n}` },
}));

type World = { seen: Set<string>; outbox: Message[] };
const setup = (): World => ({ seen: new Set(), outbox: [] });

describe('checkDelivery({ causality })', () => {
  test('what the handler publishes keeps each message’s trace', async () => {
    await checkDelivery({
      messages,
      setup,
      handle: (world, message) => {
        if (world.seen.has(message.id)) return;
        world.seen.add(message.id);
        world.outbox.push(
          causedBy(message, {
            id: `charge-${message.id}`,
            type: 'PaymentCharged',
            key: message.key,
            data: {},
            headers: {},
          }),
        );
      },
      observe: (world) => world.outbox.map((m) => m.id).sort(),
      causality: (world) => world.outbox,
      runs: 20,
      seed: 1,
    });
  });

  test('an output that starts a new conversation is caught, with the chain drawn', async () => {
    await expect(
      checkDelivery({
        name: 'charges without a trace',
        messages,
        setup,
        handle: (world, message) => {
          if (world.seen.has(message.id)) return;
          world.seen.add(message.id);
          world.outbox.push({
            id: `charge-${message.id}`,
            type: 'PaymentCharged',
            key: message.key,
            data: {},
            headers: { 'causation-id': message.id },
          });
        },
        observe: (world) => world.outbox.map((m) => m.id).sort(),
        causality: (world) => world.outbox,
        runs: 20,
        seed: 1,
        timelineDir: false,
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Causality broken in charges without a trace: 2 links lost the correlation or causation id.

        PaymentRequested  id=m-1  correlation=checkout-o-1
        └─ ✗ PaymentCharged  id=charge-m-1  causation=m-1  ← first broken link: it has no correlation id (expected "checkout-o-1", from PaymentRequested)
        PaymentRequested  id=m-2  correlation=checkout-o-2
        └─ ✗ PaymentCharged  id=charge-m-2  causation=m-2  ← it has no correlation id (expected "checkout-o-2", from PaymentRequested)

      Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.]
    `);
  });

  test('outputs may be plain commands whose metadata carries the ids', async () => {
    type Command = { type: string; orderId: string; metadata?: Record<string, string> };
    const run = (derive: boolean) =>
      checkDelivery({
        name: derive ? 'commands with metadata' : 'commands in another conversation',
        messages,
        setup: () => ({ sent: [] as Command[] }),
        handle: (world, message) => {
          const command = {
            type: 'ChargeCard',
            orderId: String((message.data as { orderId: string }).orderId),
          };
          world.sent.push(
            derive
              ? causedBy(message, command)
              : { ...command, metadata: { causationId: message.id, correlationId: 'another' } },
          );
        },
        observe: (world) => world.sent.length,
        equivalent: () => true,
        causality: (world) => world.sent,
        runs: 5,
        seed: 1,
        timelineDir: false,
      });
    await run(true);
    await expect(run(false)).rejects.toMatchObject({ code: 'EVENTSPEC_CAUSALITY_BROKEN' });
  });
});
