import type { ContractChange } from '../compatibility/check-registry.js';
import type { UpcastRequirement } from '../stored-events/require-upcasters.js';

/** The upcast requirement of each breaking change of a stored event, by contract id. */
export type UpcastRequirements = ReadonlyMap<string, UpcastRequirement>;

/** Whether a change fails the gate: a break that no upcaster covers. */
export function isBreaking(change: ContractChange, upcasts: UpcastRequirements | undefined): boolean {
  return change.result.verdict === 'incompatible' && upcasts?.get(change.id)?.covered !== true;
}

/** Whether a change cannot be proven compatible and no upcaster covers it. */
export function isUnproven(change: ContractChange, upcasts: UpcastRequirements | undefined): boolean {
  return change.result.verdict === 'unproven' && upcasts?.get(change.id)?.covered !== true;
}

/**
 * `✓ upcast` when upcasters cover every break, `✗ no upcaster` (`? no upcaster` for a change that cannot be
 * proven) when one is missing; `undefined` otherwise.
 */
export function upcastVerdict(requirement: UpcastRequirement | undefined): string | undefined {
  if (requirement === undefined) return undefined;
  if (requirement.covered) return '✓ upcast';
  const missing = requirement.stored.some((chain) => chain.steps.some((s) => !s.registered));
  if (!missing) return undefined;
  return requirement.verdict === 'incompatible' ? '✗ no upcaster' : '? no upcaster';
}

/**
 * One line per stored version the change rejects (how its events are upcast, or the upcaster to register),
 * then why upcasters cannot cover the rest.
 */
export function upcastLines(requirement: UpcastRequirement, upcasters: string | undefined): string[] {
  const { type } = requirement;
  const lines = requirement.stored.map((chain) => {
    const missing = chain.steps.filter((s) => !s.registered);
    if (missing.length === 0) {
      const path = chain.steps.map((s) => `@${s.from + 1}`).join(' → ');
      return `stored ${chain.from} events are upcast: ${chain.from} → ${path}`;
    }
    const register = missing.map((s) => `register('${type}', ${s.from}, upcast)`).join(', ');
    const where =
      upcasters === undefined
        ? `, and pass the module that exports the registry with --upcasters <module>`
        : ` in ${upcasters}`;
    const fail = requirement.verdict === 'incompatible' ? 'do not' : 'may not';
    return `stored ${chain.from} events ${fail} validate against ${chain.to} and no upcaster takes them there: ${register}${where}`;
  });
  return [...lines, ...requirement.uncoverable];
}
