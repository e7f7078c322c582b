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
  private readonly index: fc.Arbitrary<number>;
  private readonly distance: fc.Arbitrary<number>;
  private readonly by: fc.Arbitrary<number>;
  private readonly call = fc.nat({ max: 3 });
  private readonly commitEvery = fc.integer({ min: 1, max: 4 });
  private readonly lateBy: fc.Arbitrary<number> | undefined;
  private readonly concurrency: fc.Arbitrary<number> | undefined;
  private readonly choice: fc.Arbitrary<number> | undefined;
  private readonly modes: PlannedFailure['mode'][] = [];
  private readonly maxLength: number;
  private readonly interleavingMax: number;
  /** The bias the items of the array being drawn get (fast-check biases some arrays' items only). */
  private itemsBias: number | undefined;

  constructor(
    count: number,
    private readonly shape: PlanShape,
  ) {
    this.index = fc.nat({ max: Math.max(0, count - 1) });
    this.distance = fc.nat({ max: Math.max(0, count) });
    this.by = fc.integer({ min: 1, max: Math.max(1, count) });
    this.maxLength = Math.max(1, Math.min(count, 10));
    if (shape.failBefore) this.modes.push('fail-before');
    if (shape.crashAfter) this.modes.push('crash-after');
    if (shape.lateDuplicates > 0) this.lateBy = fc.integer({ min: 1, max: shape.lateDuplicates });
    if (shape.concurrency > 1) {
      this.concurrency = fc.integer({ min: 1, max: shape.concurrency });
      if (!shape.realBroker) this.choice = fc.nat({ max: shape.concurrency * 2 });
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
      concurrency: this.concurrency ? this.draw(this.concurrency, random, bias) : 1,
      interleaving: this.choice ? this.interleaving(random, bias) : none,
    };
    random.nextInt(0, 1); // fc.record's own boolean
    return plan;
  }

  private delays(random: fc.Random, bias: number | undefined): PlannedDelay[] {
    const length = this.length(random, bias, Math.min(smallMaxLength, this.maxLength));
    const items = this.itemsBias;
    const delays: PlannedDelay[] = [];
    for (let at = 0; at < length; at++) {
      const message = this.draw(this.index, random, items);
      delays.push({ message, by: this.draw(this.by, random, items) });
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
      const message = this.draw(this.index, random, items);
      const after = later ? this.draw(this.distance, random, items) : 0;
      if (!this.lateBy) {
        random.nextInt(0, 1);
        duplicates.push({ message, after });
        continue;
      }
      // fc.oneof with weights 3 (on time) and 1 (late).
      const late = random.nextInt(0, 3) < 3 ? 0 : this.draw(this.lateBy, random, items);
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
      const message = this.draw(this.index, random, items);
      const call = this.draw(this.call, random, items);
      const mode = modes.length === 1 ? modes[0]! : modes[random.nextInt(0, modes.length - 1)]!;
      const redeliverAfter = this.shape.realBroker ? 0 : this.draw(this.distance, random, items);
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
      const message = this.draw(this.index, random, items);
      const commitEvery = this.shape.realBroker ? 1 : this.draw(this.commitEvery, random, items);
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
      zombies.push({ message: this.draw(this.index, random, items) });
      random.nextInt(0, 1);
    }
    return zombies;
  }

  private interleaving(random: fc.Random, bias: number | undefined): number[] {
    const length = this.length(random, bias, this.interleavingMax);
    const items = this.itemsBias;
    const choices: number[] = [];
    for (let at = 0; at < length; at++) choices.push(this.draw(this.choice!, random, items));
    return choices;
  }

  /** An integer as its fast-check arbitrary draws it (with the bias it is given). */
  private draw(arbitrary: fc.Arbitrary<number>, random: fc.Random, bias: number | undefined): number {
    return arbitrary.generate(random, bias).value;
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

/** The one empty list every plan without a kind of fault shares (as `fc.constant([])` did). */
const none: never[] = [];
