import type { CompatibilityMode } from '../model/compatibility-mode.js';

/** Which way a break goes: `backward` = the new schema rejects old data; `forward` = the old schema rejects new data. */
export type CompatibilityDirection = 'backward' | 'forward';

/** One incompatibility, proven by a counterexample that ajv accepts under one schema and rejects under the other. */
export interface CompatibilityBreak {
  direction: CompatibilityDirection;
  /** Where in the message, as a user writes it: `items[0].price`, or `(the message)` at the root. */
  path: string;
  /** The same place as a JSON pointer. */
  pointer: string;
  /** Stable rule name: `type-narrowed`, `required-added`, `open-content-model`, `enum-added`, … */
  rule: string;
  /** What changed, in words. */
  message: string;
  /** A whole message valid under `acceptedBy` and rejected by `rejectedBy`, checked with ajv. */
  counterexample: unknown;
  acceptedBy: string;
  rejectedBy: string;
}

/** A place where the checker could neither prove inclusion nor find a counterexample. */
export interface UnprovenPoint {
  direction: CompatibilityDirection;
  path: string;
  pointer: string;
  reason: string;
  /** The two schema labels compared. */
  from: string;
  to: string;
}

/**
 * `compatible`: proven for every message. `incompatible`: at least one break with a verified counterexample.
 * `unproven`: no counterexample found, but inclusion could not be proven either ("cannot prove").
 */
export type CompatibilityVerdict = 'compatible' | 'incompatible' | 'unproven';

/** The outcome of a compatibility check. */
export interface CompatibilityResult {
  mode: CompatibilityMode;
  verdict: CompatibilityVerdict;
  /** `true` only when the verdict is `compatible`. */
  compatible: boolean;
  breaks: CompatibilityBreak[];
  unproven: UnprovenPoint[];
}
