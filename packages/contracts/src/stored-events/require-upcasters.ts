import type { ContractChange } from '../compatibility/check-registry.js';
import type { ContractRegistry } from '../registry/contract-registry.js';

/** What {@link requireUpcasters} needs of an upcaster registry (an `Upcasters` has it). */
export interface UpcasterSteps {
  hasUpcaster(type: string, fromVersion: number): boolean;
}

/** An earlier version whose stored events a new version rejects, and the upcasters that would read them. */
export interface StoredVersionUpcast {
  /** `Type@m`, the version the stored events are at. */
  from: string;
  /** `Type@n`, the new version. */
  to: string;
  /** The steps `Type@k → Type@k+1` of the chain from `from` to `to`, in order. */
  steps: { from: number; registered: boolean }[];
}

/** How a breaking change of a stored event is covered by upcasters. */
export interface UpcastRequirement {
  type: string;
  /** The change's own verdict: `incompatible` (proven breaks) or `unproven` (cannot prove). */
  verdict: 'incompatible' | 'unproven';
  /** One entry per earlier version whose stored events the new version rejects. */
  stored: StoredVersionUpcast[];
  /** Why upcasters cannot cover some of the breaks, in words (empty when they can). */
  uncoverable: string[];
  /**
   * Every break is one upcasters cover (the new version rejects old events) and every step of each chain is
   * registered: the change passes the gate.
   */
  covered: boolean;
}

/**
 * For each breaking (or unproven) change of a stored event (a type with a contract marked `"stored": true`): the
 * upcaster chains that read the old events the new version rejects, and whether they are all registered.
 * A break the other way (old readers reject new events) or of a version edited in place is never covered:
 * an upcaster cannot fix it.
 */
export function requireUpcasters(
  changes: readonly ContractChange[],
  current: ContractRegistry,
  upcasters: UpcasterSteps | undefined,
): Map<string, UpcastRequirement> {
  const stored = new Set(current.list().flatMap((c) => (c.stored ? [c.type] : [])));
  const requirements = new Map<string, UpcastRequirement>();
  for (const change of changes) {
    if (change.result.verdict === 'compatible' || change.kind === 'removed') continue;
    const contract = current.get(change.id);
    if (!stored.has(contract.type)) continue;
    const fromVersions = new Set<number>();
    const uncoverable: string[] = [];
    if (change.kind === 'modified') {
      uncoverable.push(
        `${change.id} is edited in place, and events stored at ${change.id} are never upcast; publish ${contract.type}@${contract.version + 1} with an upcaster from ${change.id} instead`,
      );
    } else {
      // Breaks, and points that cannot be proven, where the new version may reject old events.
      const points = [
        ...change.result.breaks.map((b) => ({
          direction: b.direction,
          old: b.acceptedBy,
          new: b.rejectedBy,
        })),
        ...change.result.unproven.map((u) => ({ direction: u.direction, old: u.from, new: u.to })),
      ];
      for (const point of points) {
        const from = versionIn(point.old, contract.type);
        if (point.direction === 'backward' && point.new === change.id && from !== undefined)
          fromVersions.add(from);
      }
      if (points.some((p) => p.direction === 'forward')) {
        uncoverable.push(
          `readers of ${change.against.join(', ')} may reject ${change.id} events (the forward direction above), which no upcaster fixes; make the change forward compatible or relax the mode`,
        );
      }
    }
    const chains = [...fromVersions]
      .sort((a, b) => a - b)
      .map((from) => {
        const steps = [];
        for (let v = from; v < contract.version; v++) {
          steps.push({ from: v, registered: upcasters?.hasUpcaster(contract.type, v) ?? false });
        }
        return { from: `${contract.type}@${from}`, to: change.id, steps };
      });
    requirements.set(change.id, {
      type: contract.type,
      verdict: change.result.verdict,
      stored: chains,
      uncoverable,
      covered: uncoverable.length === 0 && chains.every((c) => c.steps.every((s) => s.registered)),
    });
  }
  return requirements;
}

/** The version of a `Type@m` label of this type, `undefined` for another label (`Type@2 (baseline)`). */
function versionIn(label: string, type: string): number | undefined {
  const match = /^(.+)@(\d+)$/.exec(label);
  return match && match[1] === type ? Number(match[2]) : undefined;
}
