import * as fc from 'fast-check';
import type {
  DeliveryPlan,
  PlannedDelay,
  PlannedDuplicate,
  PlannedFailure,
  PlannedReplay,
  PlannedZombie,
  PlanShape,
} from './delivery-plan.js';
import { type PlanDraws, planDrawsOf } from './plan-draws.js';

/**
 * Delivery plans over `count` messages (indexes beyond `count` wrap), shrinking towards the reference.
 * A plan is drawn straight from the random source (`PlanDraws`), without a tree of fast-check values per
 * fault; its shrinks are those of `composedPlans`, which makes the same draws: the plans explored, their
 * order and their shrinking are exactly those of the composed arbitrary.
 */
export function deliveryPlans(count: number, shape: PlanShape): fc.Arbitrary<DeliveryPlan> {
  const composed = composedPlans(count, shape);
  const draws = planDrawsOf(count, shape);
  return draws ? new DrawnPlans(composed, draws) : composed;
}

/** Where a drawn plan came from: enough to make it again through the composed arbitrary, to shrink it. */
class DrawnFrom {
  constructor(
    readonly random: fc.Random,
    readonly biasFactor: number | undefined,
  ) {}
}

class DrawnPlans extends fc.Arbitrary<DeliveryPlan> {
  constructor(
    private readonly composed: fc.Arbitrary<DeliveryPlan>,
    private readonly draws: PlanDraws,
  ) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<DeliveryPlan> {
    const from = new DrawnFrom(random.clone(), biasFactor);
    return new fc.Value(this.draws.plan(random, biasFactor), from);
  }

  canShrinkWithoutContext(value: unknown): value is DeliveryPlan {
    return this.composed.canShrinkWithoutContext(value);
  }

  shrink(value: DeliveryPlan, context: unknown): fc.Stream<fc.Value<DeliveryPlan>> {
    if (!(context instanceof DrawnFrom)) return this.composed.shrink(value, context);
    // The composed arbitrary makes the same plan from the same random state, with its shrink tree.
    const again = this.composed.generate(context.random.clone(), context.biasFactor);
    return this.composed.shrink(again.value, again.context);
  }
}

/**
 * The plans as fast-check combinators: every fault list an array of tuples, each tuple of a record ending
 * with the boolean `fc.record` draws (so that the draws, hence the plans of a seed, are those `fc.record`
 * made before), mapped to plain objects.
 */
export function composedPlans(count: number, shape: PlanShape): fc.Arbitrary<DeliveryPlan> {
  const index = fc.nat({ max: Math.max(0, count - 1) });
  const distance = fc.nat({ max: Math.max(0, count) });
  const maxLength = Math.max(1, Math.min(count, 10));
  const none = fc.constant([]);
  const flag = fc.boolean();
  const modes: PlannedFailure['mode'][] = [];
  if (shape.failBefore) modes.push('fail-before');
  if (shape.crashAfter) modes.push('crash-after');
  const delays = shape.reorder
    ? fc.array(
        fc
          .tuple(index, fc.integer({ min: 1, max: Math.max(1, count) }), flag)
          .map(([message, by]): PlannedDelay => ({ message, by })),
        { maxLength },
      )
    : none;
  const duplicates = shape.duplicate
    ? fc.array(duplicateOf(index, shape.duplicate === 'later' ? distance : fc.constant(0), shape), {
        maxLength,
      })
    : none;
  const failures =
    modes.length > 0
      ? fc.array(
          fc
            .tuple(
              index,
              fc.nat({ max: 3 }),
              fc.constantFrom(...modes),
              shape.realBroker ? fc.constant(0) : distance,
              flag,
            )
            .map(
              ([message, call, mode, redeliverAfter]): PlannedFailure => ({
                message,
                call,
                mode,
                redeliverAfter,
              }),
            ),
          { maxLength: Math.min(maxLength, 4) },
        )
      : none;
  // On a real broker the broker's own commit interval (or prefetch) sets the batch: plans carry 1.
  const replays = shape.replayFromCommit
    ? fc.array(
        fc
          .tuple(index, shape.realBroker ? fc.constant(1) : fc.integer({ min: 1, max: 4 }), flag)
          .map(([message, commitEvery]): PlannedReplay => ({ message, commitEvery })),
        { maxLength: 2 },
      )
    : none;
  const zombies =
    shape.zombie && !shape.realBroker
      ? fc.array(
          fc.tuple(index, flag).map(([message]): PlannedZombie => ({ message })),
          { maxLength: 2 },
        )
      : none;
  const concurrency = shape.concurrency > 1 ? fc.integer({ min: 1, max: shape.concurrency }) : fc.constant(1);
  const interleaving =
    shape.concurrency > 1 && !shape.realBroker
      ? fc.array(fc.nat({ max: shape.concurrency * 2 }), { maxLength: 4 * count })
      : none;
  return fc.tuple(delays, duplicates, failures, replays, zombies, concurrency, interleaving, flag).map(
    ([delays, duplicates, failures, replays, zombies, concurrency, interleaving]): DeliveryPlan => ({
      delays: delays as PlannedDelay[],
      duplicates: duplicates as PlannedDuplicate[],
      failures: failures as PlannedFailure[],
      replays: replays as PlannedReplay[],
      zombies: zombies as PlannedZombie[],
      concurrency,
      interleaving: interleaving as number[],
    }),
  );
}

function duplicateOf(
  index: fc.Arbitrary<number>,
  after: fc.Arbitrary<number>,
  shape: PlanShape,
): fc.Arbitrary<PlannedDuplicate> {
  if (shape.lateDuplicates <= 0)
    return fc.tuple(index, after, fc.boolean()).map(([message, distance]) => ({ message, after: distance }));
  // Mostly on time; a late one now and then. `lateBy: 0` is left out of the plan.
  const lateBy = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: shape.lateDuplicates }) },
  );
  return fc
    .tuple(index, after, lateBy)
    .map(([message, distance, late]) =>
      late > 0 ? { message, after: distance, lateBy: late } : { message, after: distance },
    );
}
