import { describe, expect, test } from 'vitest';
import { deliveryVerdictCodes } from '../../src/delivery/verdict.js';
import { checkDelivery, DeliveryCheckError } from '../../src/index.js';
import { type BuggyHandler, buggyHandlers } from './corpus/buggy-handlers.js';
import { correctHandlers } from './corpus/correct-handlers.js';
import { faultClassBugs, faultClassLookAlikes } from './corpus/fault-class-handlers.js';

/** Every handler is checked over these 30 seeds: a verdict that holds on one seed only proves little. */
const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
const allBuggy = [...buggyHandlers, ...faultClassBugs];

/** What one seed found: the verdict and the minimal plan, or that nothing was found. */
async function foundWith(handler: BuggyHandler, seed: number): Promise<string> {
  // `options` is read for each check: a case may build a fresh one (state kept outside the world).
  const error = await checkDelivery({ ...handler.options, seed, timelineDir: false }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DeliveryCheckError)) return `no delivery failure (${String(error)})`;
  return `${error.verdict} ${JSON.stringify(error.plan)}`;
}

describe('known-buggy handlers are caught with the right verdict and the minimal plan', () => {
  test.each(allBuggy.map((c) => [c.name, c] as const))(
    '%s: on at least 20 of 30 seeds',
    async (_, handler) => {
      const expected = `${handler.verdict} ${JSON.stringify(handler.plan)}`;
      const others = new Map<string, number[]>();
      for (const seed of seeds) {
        const found = await foundWith(handler, seed);
        if (found !== expected) others.set(found, [...(others.get(found) ?? []), seed]);
      }
      const missed = [...others.values()].reduce((sum, list) => sum + list.length, 0);
      expect({ caught: seeds.length - missed >= 20, others: Object.fromEntries(others) }).toEqual({
        caught: true,
        others: expect.any(Object),
      });
    },
    60_000,
  );

  test('the verdict and the hint of every buggy handler', async () => {
    const lines: string[] = [];
    for (const { name, options } of allBuggy) {
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
        Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting.
      dedupe by the last id of each key, under a replay from the last commit
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        A consumer restart re-reads every message since the last commit, after later ones of the key: remember every handled id (or the highest handled offset/version), not only the last one.
      a dedupe cache in process memory, lost on restart
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        What remembered handled messages lived in process memory and was lost on the restart: keep dedupe records durable, next to the effect.
      an in-process per-key lock around check-then-act, beside a zombie
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        A consumer declared dead still ran while the new owner handled the same message: make the dedupe check and the effect one atomic, durable operation (a unique constraint, a conditional write); an in-process lock does not cover another process.
      a dedupe record that expires after an hour
        EVENTSPEC_DELIVERY_DUPLICATED_EFFECT
        A duplicate came after the dedupe record expired: keep ids at least as long as the broker may redeliver (its retention or redelivery window).
      a total read across two accounts while another deposit is half done (I/O latency)
        EVENTSPEC_DELIVERY_CONCURRENCY_ANOMALY
        Deliveries in flight at once interleaved their reads and writes: use an atomic update, a version check or a transaction, or a lock that every consumer shares."
    `);
  });

  test('the corpus has at least 20 buggy handlers covering every verdict', () => {
    expect(allBuggy.length).toBeGreaterThanOrEqual(20);
    expect(new Set(allBuggy.map((c) => c.verdict))).toEqual(new Set(Object.keys(deliveryVerdictCodes)));
  });
});

describe('correct handlers are never flagged', () => {
  test.each([...correctHandlers, ...faultClassLookAlikes].map((c) => [c.name, c] as const))(
    '%s: over 30 seeds',
    async (_, { options }) => {
      const flagged: string[] = [];
      for (const seed of seeds) {
        await checkDelivery({ ...options, seed, timelineDir: false }).catch(
          (error: Error & { code?: string }) =>
            flagged.push(`seed ${seed}: ${error.code} ${error.message.split('\n')[0]}`),
        );
      }
      expect(flagged).toEqual([]);
    },
    120_000,
  );

  test('the corpus has at least 14 correct handlers', () => {
    expect(correctHandlers.length + faultClassLookAlikes.length).toBeGreaterThanOrEqual(14);
  });
});
