import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';

/** How to read an event's type and schema version. */
export interface VersionAccessors {
  /**
   * The event's type.
   * @default (event) => event.type
   */
  typeOf?: (event: object) => string;
  /**
   * The event's schema version; `undefined` means the latest version of its type.
   * @default (event) => event.version
   */
  versionOf?: (event: object) => number | undefined;
}

/** Turns an event of one version into the events of the next: one, several, or none (`[]`). */
export type Upcaster<From, To> = (event: From) => To | readonly To[];

interface Registered {
  type: string;
  fromVersion: number;
  upcast: (event: object) => object | readonly object[];
}

/**
 * A registry of upcasters: functions from `Type@n` to `Type@n+1` (or to other events), chained so that a
 * stored event of any version comes out at the latest versions. The stored event's `metadata` and `headers`
 * (its id, correlation and cause) go with each event an upcaster makes, unless the upcaster sets them.
 * @example
 * const upcasters = defineUpcasters<StoredOrderEvent, OrderEvent>()
 *   .register<OrderPlacedV1, OrderPlacedV2>('OrderPlaced', 1, (v1) => ({ ...v1, version: 2, currency: 'EUR' }))
 *   .register<OrderPlacedV2, OrderPlaced>('OrderPlaced', 2, (v2) => ({ ...v2, version: 3, lines: [] }));
 * upcasters.upcast(storedV1Event); // [an OrderPlaced at version 3]
 */
export function defineUpcasters<Stored extends object, Latest extends object = Stored>(
  accessors: VersionAccessors = {},
): Upcasters<Stored, Latest> {
  return new Upcasters<Stored, Latest>(accessors, new Map(), new Map());
}

/** See {@link defineUpcasters}. */
export class Upcasters<Stored extends object, Latest extends object> {
  private readonly readType: (event: object) => string;
  private readonly readVersion: (event: object) => number | undefined;

  /** @internal */
  constructor(
    private readonly accessors: VersionAccessors,
    private readonly byStep: ReadonlyMap<string, Registered>,
    private readonly latestByType: ReadonlyMap<string, number>,
  ) {
    this.readType = accessors.typeOf ?? ((event) => String((event as { type?: unknown }).type));
    this.readVersion =
      accessors.versionOf ??
      ((event) => {
        const { version } = event as { version?: unknown };
        return typeof version === 'number' ? version : undefined;
      });
  }

  /** Adds the upcaster from `type@fromVersion` to the next version; returns a new registry. */
  register<From extends Stored, To extends Stored | Latest>(
    type: string,
    fromVersion: number,
    upcast: Upcaster<From, To>,
  ): Upcasters<Stored, Latest> {
    const key = stepKey(type, fromVersion);
    if (!Number.isInteger(fromVersion) || fromVersion < 1) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_BAD_VERSION',
        `register('${type}', ${fromVersion}, …): versions are whole numbers from 1. Register the upcaster from ${type}@n to ${type}@n+1 as register('${type}', n, upcast).`,
      );
    }
    if (this.byStep.has(key)) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_DUPLICATE_UPCASTER',
        `Two upcasters are registered for ${key}. Keep one: each version has exactly one way to the next.`,
      );
    }
    const steps = new Map(this.byStep).set(key, {
      type,
      fromVersion,
      upcast: upcast as Registered['upcast'],
    });
    const latest = new Map(this.latestByType);
    latest.set(type, Math.max(latest.get(type) ?? 1, fromVersion + 1));
    return new Upcasters(this.accessors, steps, latest);
  }

  /** Declares the latest version of a type that has no upcaster yet (or to reject events above it). */
  latest(type: string, version: number): Upcasters<Stored, Latest> {
    const latest = new Map(this.latestByType);
    latest.set(type, Math.max(latest.get(type) ?? 1, version));
    return new Upcasters(this.accessors, this.byStep, latest);
  }

  /** The latest version of `type`: one above its highest upcaster, 1 for a type never upcast. */
  latestVersion(type: string): number {
    return this.latestByType.get(type) ?? 1;
  }

  /** The type and version of a stored event, read with the registry's accessors (no version: the latest). */
  versionOf(event: Stored | Latest): { type: string; version: number } {
    const type = this.readType(event);
    return { type, version: this.readVersion(event) ?? this.latestVersion(type) };
  }

  /** Whether an upcaster from `type@fromVersion` to the next version is registered. */
  hasUpcaster(type: string, fromVersion: number): boolean {
    return this.byStep.has(stepKey(type, fromVersion));
  }

  /**
   * Fails with a clear error when a type's chain has a gap: a version between its first upcaster and its
   * latest version with no upcaster to the next.
   */
  verify(): void {
    const problems: string[] = [];
    for (const [type, latest] of this.latestByType) {
      const registered = [...this.byStep.values()]
        .filter((step) => step.type === type)
        .map((step) => step.fromVersion);
      if (registered.length === 0) continue;
      for (let version = Math.min(...registered); version < latest; version++) {
        if (!this.byStep.has(stepKey(type, version))) problems.push(gapMessage(type, version, latest));
      }
    }
    if (problems.length > 0) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_GAP',
        `The upcaster chains have gaps:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
  }

  /** The events a stored event becomes at the latest versions; one at its latest version comes out as it is. */
  upcast(event: Stored): Latest[] {
    const out: Latest[] = [];
    this.upcastInto(event as object, [], out);
    return out;
  }

  /** Upcasts a whole history, in order. */
  upcastAll(events: readonly Stored[]): Latest[] {
    const out: Latest[] = [];
    for (const event of events) this.upcastInto(event as object, [], out);
    return out;
  }

  private upcastInto(event: object, path: string[], out: Latest[]): void {
    const { type, version } = this.versionOf(event as Stored);
    const latest = this.latestVersion(type);
    const at = stepKey(type, version);
    if (path.includes(at)) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_CYCLE',
        `The upcasters go round in a cycle: ${[...path, at].join(' → ')}. Each upcaster must move to a later version (or to other events that do).`,
      );
    }
    if (version === latest) {
      out.push(event as Latest);
      return;
    }
    if (version > latest) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_UNKNOWN_VERSION',
        `${at} is newer than the latest version this registry knows (${type}@${latest}). Register its upcaster, or declare it with latest('${type}', ${version}).`,
      );
    }
    const step = this.byStep.get(at);
    if (!step) {
      throw new EventspecUsageError(
        'EVENTSPEC_EVOLUTION_GAP',
        `Cannot upcast ${formatInline(event, 80)}: ${gapMessage(type, version, latest)}`,
      );
    }
    const result = step.upcast(event);
    const produced = Array.isArray(result) ? (result as readonly object[]) : [result as object];
    for (const next of produced) this.upcastInto(withEnvelopeOf(event, next), [...path, at], out);
  }
}

/**
 * The stored event's envelope (`metadata`, transport `headers`) goes with what an upcaster makes of it, unless
 * the upcaster set one itself: an upcaster rewrites the schema of the data, not the event's identity and cause.
 */
function withEnvelopeOf(stored: object, next: object): object {
  if (typeof next !== 'object' || next === null || Array.isArray(next)) return next;
  let kept = next;
  for (const field of envelopeFields) {
    if (field in stored && !(field in next))
      kept = { ...kept, [field]: (stored as Record<string, unknown>)[field] };
  }
  return kept;
}

const envelopeFields = ['metadata', 'headers'] as const;

function stepKey(type: string, version: number): string {
  return `${type}@${version}`;
}

function gapMessage(type: string, version: number, latest: number): string {
  return `${type}@${version} has no upcaster to ${type}@${version + 1} (the latest is ${type}@${latest}); register one with register('${type}', ${version}, upcast).`;
}
