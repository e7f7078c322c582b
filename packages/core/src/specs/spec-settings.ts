import type { CausalityOptions } from '../causality/check-causality.js';

/** Settings that apply to every scenario of a project (set once, in a setup file). */
export interface SpecSettings {
  /**
   * Check causality in every decider and process-manager scenario: each output must carry its trigger's
   * correlation id and name the trigger as its cause (see `checkCausality`).
   * @default false
   */
  causality?: boolean | CausalityOptions;
}

let current: SpecSettings = {};

/**
 * Sets project-wide spec settings; the eventspec() vitest plugin calls it from its options.
 * @example configureSpecs({ causality: true });
 */
export function configureSpecs(settings: SpecSettings): void {
  current = { ...current, ...settings };
}

/** The settings in force, with a scenario's own options on top. */
export function specSettings(own: SpecSettings = {}): SpecSettings {
  return { ...current, ...own };
}

/** The causality options in force, or `undefined` when the check is off. */
export function causalityOptions(own: SpecSettings = {}): CausalityOptions | undefined {
  const causality = own.causality ?? current.causality;
  if (!causality) return undefined;
  return causality === true ? {} : causality;
}
