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

/** Draws one plan straight from fast-check's random source. */
export interface PlanDraws {
  plan(random: fc.Random, biasFactor: number | undefined): DeliveryPlan;
}

/**
 * The draws `composedPlans(count, shape)` makes, made directly: the same random numbers in the same order
 * (array lengths with fast-check's bias, each field of each fault, the boolean each `fc.record` draws),
 * hence the same plan, without the tree of values and contexts the combinators build for shrinking.
 * Undefined when fast-check's global size settings are not the default ones (array lengths then follow
 * rules this does not repeat): the composed arbitrary serves alone.
 */
export function planDrawsOf(count: number, shape: PlanShape): PlanDraws | undefined {
  const { baseSize, defaultSizeToMaxWhenMaxSpecified } = fc.readConfigureGlobal() ?? {};
  if ((baseSize !== undefined && baseSize !== 'small') || defaultSizeToMaxWhenMaxSpecified) return undefined;
  return new DirectPlanDraws(count, shape);
}

/** fast-check's default `size` ('small') lets an array with no `minLength` grow to 10 items. */
const smallMaxLength = 10;

class DirectPlanDraws implements PlanDraws {
  private readonly index: IntegerDraw;
  private readonly distance: IntegerDraw;
  private readonly by: IntegerDraw;
  private readonly call = new IntegerDraw(0, 3);
  private readonly commitEvery = new IntegerDraw(1, 4);
  private readonly lateBy: IntegerDraw | undefined;
  private readonly concurrency: IntegerDraw | undefined;
  private readonly choice: IntegerDraw | undefined;
  private readonly modes: PlannedFailure['mode'][] = [];
  private readonly maxLength: number;
  private readonly interleavingMax: number;
  /** The bias the items of the array being drawn get (fast-check biases some arrays' items only). */
  private itemsBias: number | undefined;

  constructor(
    count: number,
    private readonly shape: PlanShape,
  ) {
    this.index = new IntegerDraw(0, Math.max(0, count - 1));
    this.distance = new IntegerDraw(0, Math.max(0, count));
    this.by = new IntegerDraw(1, Math.max(1, count));
    this.maxLength = Math.max(1, Math.min(count, 10));
    if (shape.failBefore) this.modes.push('fail-before');
    if (shape.crashAfter) this.modes.push('crash-after');
    if (shape.lateDuplicates > 0) this.lateBy = new IntegerDraw(1, shape.lateDuplicates);
    if (shape.concurrency > 1) {
      this.concurrency = new IntegerDraw(1, shape.concurrency);
      if (!shape.realBroker) this.choice = new IntegerDraw(0, shape.concurrency * 2);
    }
    this.interleavingMax = Math.min(smallMaxLength, 4 * count);
  }

  plan(random: fc.Random, bias: number | undefined): DeliveryPlan {
    const { shape, modes } = this;
    const plan: DeliveryPlan = {
      delays: shape.reorder ? this.delays(random, bias) : none,
      duplicates: shape.duplicate ? this.duplicates(random, bias) : none,
      failures: modes.length > 0 ? this.failures(random, bias) : none,
      replays: shape.replayFromCommit ? this.replays(random, bias) : none,
      zombies: shape.zombie && !shape.realBroker ? this.zombies(random, bias) : none,
      concurrency: this.concurrency ? this.concurrency.draw(random, bias) : 1,
      interleaving: this.choice ? this.interleaving(random, bias) : none,
    };
    // fc.record draws one more boolean here; nothing is drawn after it (each run has its own random
    // source), so leaving it out changes no plan.
    return plan;
  }

  private delays(random: fc.Random, bias: number | undefined): PlannedDelay[] {
    const length = this.length(random, bias, Math.min(smallMaxLength, this.maxLength));
    const items = this.itemsBias;
    const delays: PlannedDelay[] = [];
    for (let at = 0; at < length; at++) {
      const message = this.index.draw(random, items);
      delays.push({ message, by: this.by.draw(random, items) });
      random.nextInt(0, 1);
    }
    return delays;
  }

  private duplicates(random: fc.Random, bias: number | undefined): PlannedDuplicate[] {
    const length = this.length(random, bias, Math.min(smallMaxLength, this.maxLength));
    const items = this.itemsBias;
    const later = this.shape.duplicate === 'later';
    const duplicates: PlannedDuplicate[] = [];
    for (let at = 0; at < length; at++) {
      const message = this.index.draw(random, items);
      const after = later ? this.distance.draw(random, items) : 0;
      if (!this.lateBy) {
        random.nextInt(0, 1);
        duplicates.push({ message, after });
        continue;
      }
      // fc.oneof with weights 3 (on time) and 1 (late).
      const late = random.nextInt(0, 3) < 3 ? 0 : this.lateBy.draw(random, items);
      duplicates.push(late > 0 ? { message, after, lateBy: late } : { message, after });
    }
    return duplicates;
  }

  private failures(random: fc.Random, bias: number | undefined): PlannedFailure[] {
    const { modes } = this;
    const length = this.length(random, bias, Math.min(smallMaxLength, this.maxLength, 4));
    const items = this.itemsBias;
    const failures: PlannedFailure[] = [];
    for (let at = 0; at < length; at++) {
      const message = this.index.draw(random, items);
      const call = this.call.draw(random, items);
      const mode = modes.length === 1 ? modes[0]! : modes[random.nextInt(0, modes.length - 1)]!;
      const redeliverAfter = this.shape.realBroker ? 0 : this.distance.draw(random, items);
      random.nextInt(0, 1);
      failures.push({ message, call, mode, redeliverAfter });
    }
    return failures;
  }

  private replays(random: fc.Random, bias: number | undefined): PlannedReplay[] {
    const length = this.length(random, bias, 2);
    const items = this.itemsBias;
    const replays: PlannedReplay[] = [];
    for (let at = 0; at < length; at++) {
      const message = this.index.draw(random, items);
      const commitEvery = this.shape.realBroker ? 1 : this.commitEvery.draw(random, items);
      random.nextInt(0, 1);
      replays.push({ message, commitEvery });
    }
    return replays;
  }

  private zombies(random: fc.Random, bias: number | undefined): PlannedZombie[] {
    const length = this.length(random, bias, 2);
    const items = this.itemsBias;
    const zombies: PlannedZombie[] = [];
    for (let at = 0; at < length; at++) {
      zombies.push({ message: this.index.draw(random, items) });
      random.nextInt(0, 1);
    }
    return zombies;
  }

  private interleaving(random: fc.Random, bias: number | undefined): number[] {
    const length = this.length(random, bias, this.interleavingMax);
    const items = this.itemsBias;
    const choices: number[] = [];
    for (let at = 0; at < length; at++) choices.push(this.choice!.draw(random, items));
    return choices;
  }

  /**
   * The length of an array of at most `max` generated items, drawn as `fc.array` draws it; sets the bias
   * its items get.
   */
  private length(random: fc.Random, bias: number | undefined, max: number): number {
    this.itemsBias = undefined;
    if (bias === undefined) return random.nextInt(0, max);
    if (max === 0) {
      this.itemsBias = bias;
      return random.nextInt(0, 0);
    }
    if (random.nextInt(1, bias) !== 1) return random.nextInt(0, max);
    this.itemsBias = bias;
    if (random.nextInt(1, bias) !== 1) return random.nextInt(0, max);
    return random.nextInt(0, Math.floor(Math.log(max) / Math.log(2)));
  }
}

/**
 * An integer from `min` to `max` (both ≥ 0) as `fc.integer` draws it: with a bias, now and then close to
 * `min` or to `max` (within the log₂ of the range).
 */
class IntegerDraw {
  private readonly gap: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.gap = min === max ? 0 : Math.floor(Math.log(max - min) / Math.log(2));
  }

  draw(random: fc.Random, bias: number | undefined): number {
    const { min, max } = this;
    if (bias === undefined || random.nextInt(1, bias) !== 1 || min === max) return random.nextInt(min, max);
    return random.nextInt(-2, 0) < 0
      ? random.nextInt(min, min + this.gap)
      : random.nextInt(max - this.gap, max);
  }
}

/** The one empty list every plan without a kind of fault shares (as `fc.constant([])` did). */
const none: never[] = [];
