import { describe, expect, test } from 'vitest';
import { checkDelivery, DeliveryCheckError, deliveryVerdictCodes } from '../../src/index.js';
import { buggyHandlers } from './corpus/buggy-handlers.js';
import { correctHandlers } from './corpus/correct-handlers.js';

describe('known-buggy handlers are caught with the right verdict and the minimal plan', () => {
  test.each(buggyHandlers.map((c) => [c.name, c] as const))('%s', async (_, { options, verdict, plan }) => {
    const error = await checkDelivery({ ...options, seed: 42, timelineDir: false }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeliveryCheckError);
    const failure = error as DeliveryCheckError;
    expect({ verdict: failure.verdict, code: failure.code, plan: failure.plan }).toEqual({
      verdict,
      code: deliveryVerdictCodes[verdict],
      plan,
    });
  });

  test('the verdict and the minimal plan do not depend on the seed', async () => {
    const differing: string[] = [];
    for (const handler of buggyHandlers) {
      const { name, verdict, plan } = handler;
      for (const seed of [1, 2, 3, 4, 5]) {
        // `options` is read for each check: a case may build a fresh one (state kept outside the world).
        const error = (await checkDelivery({ ...handler.options, seed, timelineDir: false }).catch(
          (e: unknown) => e,
        )) as DeliveryCheckError;
        if (error?.verdict !== verdict || JSON.stringify(error.plan) !== JSON.stringify(plan)) {
          differing.push(`${name}, seed ${seed}: ${error?.verdict} ${JSON.stringify(error?.plan)}`);
        }
      }
    }
    expect(differing).toEqual([]);
  });

  test('the verdict and the hint of every buggy handler', async () => {
    const lines: string[] = [];
    for (const { name, options } of buggyHandlers) {
      const error = (await checkDelivery({ ...options, seed: 42, timelineDir: false }).catch(
        (e: unknown) => e,
      )) as DeliveryCheckError;
      lines.push(`${name}\n  ${error.code}\n  ${error.hint}`);
    }
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "non-idempotent counter
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.
      dedupe window of one id that a late duplicate slips through
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.
      last write wins without a version check, under any reordering
        EVENTSPEC_DELIVERY_ORDER_DEPENDENT
        Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting.
      global "first seen" order across keys
        EVENTSPEC_DELIVERY_ORDER_DEPENDENT
        Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting.
      effect and dedupe record written in two steps (effect first), crash after the effect
        EVENTSPEC_DELIVERY_CRASH_WINDOW_DUPLICATE
        Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id).
      dedupe record written before the effect, crash in between
        EVENTSPEC_DELIVERY_LOST_EFFECT
        A redelivery skipped work the failed attempt never finished: write the dedupe record in one atomic write with all the effects, not before or between them.
      check-then-act dedupe racing under concurrency
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        Two deliveries checked, then both acted: make the dedupe check and the effect one atomic operation (a unique constraint, a conditional write).
      lost update on a shared total under concurrency
        EVENTSPEC_DELIVERY_CONCURRENCY_ANOMALY
        Deliveries in flight at once interleaved their reads and writes: use an atomic update, a version check or a transaction, or a lock that every consumer shares.
      dedupe key that includes the attempt number
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.
      a handler that swallows a failure and loses the message
        EVENTSPEC_DELIVERY_LOST_EFFECT
        Let failures propagate so that the broker redelivers the message; never ack a message whose effect failed.
      Date.now() in the result
        EVENTSPEC_DELIVERY_NON_DETERMINISTIC
        Take time and randomness from the message itself (a timestamp in its data or headers), not from Date.now(), new Date() or Math.random(), and keep no state outside the world.
      a random id in the result
        EVENTSPEC_DELIVERY_NON_DETERMINISTIC
        Take time and randomness from the message itself (a timestamp in its data or headers), not from Date.now(), new Date() or Math.random(), and keep no state outside the world.
      dedupe state kept outside the world
        EVENTSPEC_DELIVERY_NON_DETERMINISTIC
        Take time and randomness from the message itself (a timestamp in its data or headers), not from Date.now(), new Date() or Math.random(), and keep no state outside the world.
      a duplicate rejected as an error until it is dead-lettered
        EVENTSPEC_DELIVERY_POISON_MESSAGE
        Treat a redelivered message that was already handled as success, not as an error.
      a handler that hangs on a redelivery
        EVENTSPEC_DELIVERY_HANDLER_TIMEOUT
        A delivery never settled: look for a missing await or resolve, a lock never released, or raise \`timeout\`.
      a refund applied before its capture is clamped at zero
        EVENTSPEC_DELIVERY_ORDER_DEPENDENT
        Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting."
    `);
  });

  test('the corpus has at least 15 buggy handlers covering every verdict', () => {
    expect(buggyHandlers.length).toBeGreaterThanOrEqual(15);
    expect(new Set(buggyHandlers.map((c) => c.verdict))).toEqual(new Set(Object.keys(deliveryVerdictCodes)));
  });
});

describe('correct handlers are never flagged', () => {
  test.each(correctHandlers.map((c) => [c.name, c] as const))('%s', async (_, { options }) => {
    for (const seed of [1, 2, 3]) {
      await expect(checkDelivery({ ...options, seed, runs: 150, timelineDir: false })).resolves.toMatchObject(
        {
          runs: 150,
          seed,
        },
      );
    }
  });

  test('the corpus has at least 8 correct handlers', () => {
    expect(correctHandlers.length).toBeGreaterThanOrEqual(8);
  });
});
