import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { PlannedFailure } from './delivery-plan.js';
import type { DeliveryCause } from './delivery-queue.js';
import { DeliveryCrash, InjectedFailure, isThenable } from './injected-faults.js';

/** One delivery attempt as crash points see it. */
export interface Attempt {
  /** Position of the delivery in the run (0-based). */
  readonly id: number;
  readonly message: number;
  readonly attempt: number;
  /** Calls on crash points so far. */
  calls: number;
  /** The planned failure of this attempt, if any. */
  readonly fault: PlannedFailure | undefined;
  /** Whether the planned failure fired (its call happened). */
  fired: boolean;
  /** Set once a `crash-after` fault fired: the consumer is gone, nothing else may happen. */
  crashed: boolean;
  /** Failed deliveries of this copy before this one (simulated runs: each copy dead-letters on its own). */
  readonly failures?: number;
  /** Why this delivery came (simulated runs). */
  readonly cause?: DeliveryCause;
}

/** What wrapped methods ask the run they belong to. */
export interface CallSite {
  /** The delivery making the call, or undefined outside a delivery (setup, observe). */
  current(): Attempt | undefined;
  /** Records the call as it runs; returns the fault to inject, if the plan has one here. */
  onCall(attempt: Attempt, label: string): PlannedFailure['mode'] | undefined;
  /** Under concurrency, a promise that resolves when the scheduler lets this await proceed. */
  gate(attempt: Attempt): Promise<void> | undefined;
  /** A crash-point call of `attempt` is doing asynchronous work until `work` settles. */
  inCall?(attempt: Attempt, work: PromiseLike<unknown>): void;
  /** Labels of methods seen returning promises: the await points. */
  readonly asyncLabels: Set<string>;
}

/** Objects already made crash points by some run: each run must bring its own. */
const installed = new WeakSet<object>();

/** Replaces every method of every crash point with one that reports to `site` and injects its faults. */
export function installCrashPoints(points: Record<string, object>, site: CallSite): void {
  if (points === null || typeof points !== 'object') {
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_BAD_CRASH_POINTS',
      `checkDelivery crashPoints(world) returned ${String(points)}; return an object naming the world's ` +
        'dependencies, e.g. crashPoints: (world) => ({ db: world.db, outbox: world.outbox }).',
    );
  }
  // A plain list: a run names a few dependencies.
  const wrapped: object[] = [];
  for (const name of Object.keys(points)) {
    const target = points[name] as object;
    if (target === null || typeof target !== 'object' || wrapped.includes(target)) continue;
    if (installed.has(target)) {
      throw new EventspecUsageError(
        'EVENTSPEC_DELIVERY_SHARED_CRASH_POINT',
        `checkDelivery crashPoints(world) returned "${name}", an object an earlier run already used. ` +
          'Every run needs fresh dependencies: create them in setup(), e.g. setup: () => ({ db: new InMemoryDb() }).',
      );
    }
    installed.add(target);
    wrapped.push(target);
    // Its own methods first, then those it inherits (each name once, nearest first).
    const own = ownMethods(target);
    for (const method of own) wrap(target, method, labelOf(name, method), site, true);
    for (const method of inheritedMethodsOf(target)) {
      if (!own.includes(method)) wrap(target, method, labelOf(name, method), site, false);
    }
  }
}

/** `name.method` labels, made once: every run names the same dependencies. */
const labels = new Map<string, Map<string, string>>();

function labelOf(name: string, method: string): string {
  let ofName = labels.get(name);
  if (!ofName) {
    ofName = new Map();
    labels.set(name, ofName);
  }
  let label = ofName.get(method);
  if (label === undefined) {
    label = `${name}.${method}`;
    if (ofName.size < 256) ofName.set(method, label);
  }
  return label;
}

/** The methods `target` holds itself (not through its prototype). */
function ownMethods(target: object): string[] {
  const names: string[] = [];
  for (const name of Object.getOwnPropertyNames(target)) {
    if (name === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (descriptor && typeof descriptor.value === 'function') names.push(name);
  }
  return names;
}

/** The methods `target` inherits (each name once, nearest first). */
function inheritedMethodsOf(target: object): readonly string[] {
  const proto = Object.getPrototypeOf(target) as object | null;
  if (!proto || proto === Object.prototype) return [];
  let inherited = inheritedMethods.get(proto);
  if (!inherited) {
    const found = new Set<string>();
    for (
      let from: object | null = proto;
      from && from !== Object.prototype;
      from = Object.getPrototypeOf(from)
    )
      addMethods(from, found);
    inherited = [...found];
    inheritedMethods.set(proto, inherited);
  }
  return inherited;
}

/** The methods a prototype chain gives its objects: every run's world has the same classes. */
const inheritedMethods = new WeakMap<object, string[]>();

function addMethods(from: object, names: Set<string>): void {
  for (const name of Object.getOwnPropertyNames(from)) {
    if (name === 'constructor' || names.has(name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, name);
    if (descriptor && typeof descriptor.value === 'function') names.add(name);
  }
}

function wrap(target: object, method: string, label: string, site: CallSite, own: boolean): void {
  const original = (target as Record<string, (...args: unknown[]) => unknown>)[method]!;
  // An inherited method becomes an own property of `target`, as hidden from enumeration as on its prototype.
  const enumerable = own && Object.getOwnPropertyDescriptor(target, method)!.enumerable === true;
  const { asyncLabels } = site;
  // Whether the method is known to return promises: it then awaits, and under concurrency parks, each call.
  let awaited = original.constructor?.name === 'AsyncFunction';
  if (awaited) asyncLabels.add(label);
  /** The size of `asyncLabels` when it was last searched for `label` (-1: never). */
  let labelsSeen = -1;
  const call = (attempt: Attempt, args: unknown[]): unknown => {
    const fault = site.onCall(attempt, label);
    if (fault === 'fail-before') {
      const failure = new InjectedFailure(label);
      if (awaited || asyncLabels.has(label)) return Promise.reject(failure);
      throw failure;
    }
    const result = original.apply(target, args);
    if (isThenable(result)) {
      if (!awaited) {
        awaited = true;
        asyncLabels.add(label);
      }
      site.inCall?.(attempt, result);
    }
    if (fault !== 'crash-after') return result;
    if (isThenable(result)) {
      return Promise.resolve(result).then(() => {
        attempt.crashed = true;
        throw new DeliveryCrash(label);
      });
    }
    attempt.crashed = true;
    throw new DeliveryCrash(label);
  };
  const replacement = function (this: unknown, ...args: unknown[]): unknown {
    const attempt = site.current();
    if (!attempt) return original.apply(target, args);
    if (attempt.crashed) throw new DeliveryCrash(label);
    // Another run of the check may have seen the method return a promise: the label set says so. Labels
    // are only ever added: while the set keeps its size, the answer is the one found last.
    if (!awaited && asyncLabels.size !== labelsSeen) {
      labelsSeen = asyncLabels.size;
      awaited = asyncLabels.has(label);
    }
    const gate = awaited ? site.gate(attempt) : undefined;
    if (!gate) return call(attempt, args);
    return gate.then(() => {
      if (attempt.crashed) throw new DeliveryCrash(label);
      return call(attempt, args);
    });
  };
  Object.defineProperty(target, method, {
    value: replacement,
    writable: true,
    configurable: true,
    enumerable,
  });
}
