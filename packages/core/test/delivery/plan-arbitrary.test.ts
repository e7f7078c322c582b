import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DeliveryPlan, PlannedDuplicate, PlanShape } from '../../src/delivery/delivery-plan.js';
import { composedPlans, deliveryPlans } from '../../src/delivery/plan-arbitrary.js';

// Plans are drawn straight from fast-check's random source for speed. This checks that nothing else
// changed: for every fault shape, the plans a seed explores, their order, and every plan tried while
// shrinking a failure are those of the record-based arbitrary the check used before (kept below).

/** The arbitrary of plans before they were drawn directly (fc.record of fc.record arrays). */
function recordPlans(count: number, shape: PlanShape): fc.Arbitrary<DeliveryPlan> {
  const index = fc.nat({ max: Math.max(0, count - 1) });
  const distance = fc.nat({ max: Math.max(0, count) });
  const maxLength = Math.max(1, Math.min(count, 10));
  const none = fc.constant([]);
  const modes: ('fail-before' | 'crash-after')[] = [];
  if (shape.failBefore) modes.push('fail-before');
  if (shape.crashAfter) modes.push('crash-after');
  const duplicateOf = (after: fc.Arbitrary<number>): fc.Arbitrary<PlannedDuplicate> => {
    if (shape.lateDuplicates <= 0) return fc.record({ message: index, after });
    const lateBy = fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: shape.lateDuplicates }) },
    );
    return fc
      .tuple(index, after, lateBy)
      .map(([message, distance, late]) =>
        late > 0 ? { message, after: distance, lateBy: late } : { message, after: distance },
      );
  };
  return fc.record({
    delays: shape.reorder
      ? fc.array(fc.record({ message: index, by: fc.integer({ min: 1, max: Math.max(1, count) }) }), {
          maxLength,
        })
      : none,
    duplicates: shape.duplicate
      ? fc.array(duplicateOf(shape.duplicate === 'later' ? distance : fc.constant(0)), { maxLength })
      : none,
    failures:
      modes.length > 0
        ? fc.array(
            fc.record({
              message: index,
              call: fc.nat({ max: 3 }),
              mode: fc.constantFrom(...modes),
              redeliverAfter: shape.realBroker ? fc.constant(0) : distance,
            }),
            { maxLength: Math.min(maxLength, 4) },
          )
        : none,
    replays: shape.replayFromCommit
      ? fc.array(
          fc.record({
            message: index,
            commitEvery: shape.realBroker ? fc.constant(1) : fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 2 },
        )
      : none,
    zombies:
      shape.zombie && !shape.realBroker ? fc.array(fc.record({ message: index }), { maxLength: 2 }) : none,
    concurrency: shape.concurrency > 1 ? fc.integer({ min: 1, max: shape.concurrency }) : fc.constant(1),
    interleaving:
      shape.concurrency > 1 && !shape.realBroker
        ? fc.array(fc.nat({ max: shape.concurrency * 2 }), { maxLength: 4 * count })
        : none,
  }) as fc.Arbitrary<DeliveryPlan>;
}

/**
 * Every plan a failing property sees over `arbitrary` (generated, then tried while shrinking), and how the
 * shrinking ended. The property fails on plans picked by a hash, so that all sorts of plans get shrunk.
 */
function exploration(arbitrary: fc.Arbitrary<DeliveryPlan>, seed: number): string[] {
  const seen: string[] = [];
  const details = fc.check(
    fc.property(fc.tuple(fc.constant([]), arbitrary), ([, plan]) => {
      const text = JSON.stringify(plan);
      seen.push(text);
      const faults = plan.delays.length + plan.duplicates.length + plan.failures.length + plan.replays.length;
      return (text.length + seed) % 5 !== 0 || faults + plan.zombies.length + plan.interleaving.length < 2;
    }),
    { seed, numRuns: 60 },
  );
  seen.push(`shrinks: ${details.numShrinks}, path: ${details.counterexamplePath}`);
  return seen;
}

const shapes: PlanShape[] = [];
for (const duplicate of [false, 'immediate', 'later'] as const)
  for (const reorder of [false, 'across-keys'] as const)
    for (const failures of [0, 1, 2])
      for (const zombie of [false, true])
        for (const concurrency of [1, 3])
          for (const realBroker of [false, true])
            shapes.push({
              duplicate,
              reorder,
              failBefore: failures >= 1,
              crashAfter: failures === 2,
              replayFromCommit: duplicate === 'later',
              zombie,
              lateDuplicates: realBroker ? 0 : 7 * 86_400_000,
              concurrency,
              ...(realBroker ? { realBroker } : {}),
            });

describe('delivery plans drawn directly', () => {
  test('explore and shrink exactly as the record-based arbitrary did, for every fault shape', () => {
    let shrunk = 0;
    for (const shape of shapes)
      for (const count of [1, 3, 20])
        for (const seed of [1, 2]) {
          const before = exploration(recordPlans(count, shape), seed);
          expect(exploration(deliveryPlans(count, shape), seed)).toEqual(before);
          expect(exploration(composedPlans(count, shape), seed)).toEqual(before);
          if (before.length > 61) shrunk++;
        }
    // The comparison covers shrinking, not only generation.
    expect(shrunk).toBeGreaterThan(100);
  });

  test('the default faults over 20 messages, swept over 100 seeds', () => {
    const shape: PlanShape = {
      duplicate: 'later',
      reorder: 'across-keys',
      failBefore: true,
      crashAfter: true,
      replayFromCommit: true,
      zombie: false,
      lateDuplicates: 7 * 86_400_000,
      concurrency: 2,
    };
    for (let seed = 0; seed < 100; seed++)
      expect(exploration(deliveryPlans(20, shape), seed)).toEqual(exploration(recordPlans(20, shape), seed));
  });

  test('with fast-check sized up globally, plans come from the composed arbitrary alone', () => {
    const shape = shapes[shapes.length - 1]!;
    const before = fc.readConfigureGlobal();
    fc.configureGlobal({ ...before, baseSize: 'medium' });
    try {
      expect(deliveryPlans(20, shape)).not.toHaveProperty('draws');
      expect(exploration(deliveryPlans(20, shape), 3)).toEqual(exploration(recordPlans(20, shape), 3));
    } finally {
      fc.configureGlobal(before);
    }
  });
});
