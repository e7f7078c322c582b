import { describe, expectTypeOf, test } from 'vitest';
import {
  type CheckDeliveryOptions,
  checkDelivery,
  type Delivery,
  type DeliveryCheckReport,
  type DeliveryVerdict,
  type Message,
  subscribedHandler,
} from '../../src/index.js';

type Payment = Message<{ amount: number }, 'PaymentCaptured'>;
const payments: Payment[] = [{ id: 'p1', type: 'PaymentCaptured', key: 'o1', data: { amount: 1 } }];

describe('checkDelivery types', () => {
  test('the world, the message type and the observation are inferred', () => {
    const checked = checkDelivery({
      messages: payments,
      setup: () => ({ total: 0 }),
      handle: (world, message, delivery) => {
        expectTypeOf(world).toEqualTypeOf<{ total: number }>();
        expectTypeOf(message).toEqualTypeOf<Payment>();
        expectTypeOf(delivery).toEqualTypeOf<Delivery>();
        world.total += message.data.amount;
      },
      observe: (world) => world.total,
      equivalent: (actual, reference) => {
        expectTypeOf(actual).toEqualTypeOf<number>();
        return actual === reference;
      },
      timelineDir: false,
    });
    expectTypeOf(checked).toEqualTypeOf<Promise<DeliveryCheckReport>>();
    void checked.catch(() => {});
  });

  test('setup and observe may be async; the world and the observation are the awaited values', () => {
    const checked = checkDelivery({
      messages: payments,
      setup: async () => ({ rows: new Map<string, number>() }),
      handle: async (world, message) => {
        expectTypeOf(world).toEqualTypeOf<{ rows: Map<string, number> }>();
        world.rows.set(message.id, message.data.amount);
      },
      observe: async (world) => [...world.rows.values()],
      equivalent: (actual, reference) => {
        expectTypeOf(actual).toEqualTypeOf<number[]>();
        return actual.length === reference.length;
      },
      timelineDir: false,
    });
    void checked.catch(() => {});
  });

  test('faults and crash points are checked', () => {
    const options: CheckDeliveryOptions<{ db: Map<string, number> }, Payment> = {
      messages: payments,
      setup: () => ({ db: new Map() }),
      handle: ({ db }, m) => void db.set(m.id, m.data.amount),
      observe: ({ db }) => db,
      crashPoints: ({ db }) => ({ db }),
      // @ts-expect-error reorder is false, 'across-keys' or 'any'
      faults: { reorder: 'sometimes' },
    };
    expectTypeOf(options.messages).toEqualTypeOf<
      readonly Payment[] | import('fast-check').Arbitrary<readonly Payment[]>
    >();
  });

  test('restart and expectDeadLetters are typed by the world and the message', () => {
    expectTypeOf<CheckDeliveryOptions<{ seen: Set<string> }, Payment>['restart']>().toEqualTypeOf<
      ((world: { seen: Set<string> }) => void | Promise<void>) | undefined
    >();
    expectTypeOf<CheckDeliveryOptions<unknown, Payment>['expectDeadLetters']>().toEqualTypeOf<
      readonly string[] | ((message: Payment) => boolean) | undefined
    >();
  });

  test('verdicts are a closed union and subscribedHandler fits `handle`', () => {
    expectTypeOf<DeliveryVerdict>().toEqualTypeOf<
      | 'duplicated-effect'
      | 'lost-effect'
      | 'order-dependent'
      | 'concurrency-anomaly'
      | 'crash-window-duplicate'
      | 'non-deterministic'
      | 'poison-message'
      | 'handler-timeout'
    >();
    const handle = subscribedHandler((broker, _world: { db: Map<string, number> }) =>
      broker.subscribe({ source: 'payments', handler: () => {} }),
    );
    expectTypeOf(handle).toMatchTypeOf<
      (world: { db: Map<string, number> }, message: Message, delivery: Delivery) => unknown
    >();
  });
});
