import { type CausalLink, checkCausality, checkCausalityOfLog } from '@eventspec/core';
import type { MatcherState, SyncMatcherResult } from 'vitest';

/** Matchers on recorded runs: `toKeepCausality`. */
export const causalityMatchers = {
  /**
   * The run keeps causality: given causal links (`{ trigger, outputs }[]`) or a flat log of messages, every
   * output keeps its trigger's correlation id and names the trigger as its cause.
   */
  toKeepCausality(
    this: MatcherState,
    received: unknown,
    options: { name?: string; svgDir?: string | false } = {},
  ): SyncMatcherResult {
    const hint = this.utils.matcherHint('.toKeepCausality', 'run', '', { isNot: this.isNot });
    if (!Array.isArray(received)) {
      return {
        pass: false,
        message: () =>
          `${hint}\n\nExpected causal links ({ trigger, outputs }[]) or a log of messages, got ${typeof received}.`,
      };
    }
    const isLinks =
      received.length > 0 &&
      received.every(
        (item) => typeof item === 'object' && item !== null && 'trigger' in item && 'outputs' in item,
      );
    try {
      if (isLinks) checkCausality(received as CausalLink[], options);
      else checkCausalityOfLog(received, options);
    } catch (error) {
      return { pass: false, message: () => `${hint}\n\n${(error as Error).message}` };
    }
    return {
      pass: true,
      message: () => `${hint}\n\nExpected the run to break causality, but every link keeps it.`,
    };
  },
};

/** The types of the causality matcher. */
export interface CausalityMatchers<R> {
  /** Every output keeps its trigger's correlation id and names the trigger as its cause. */
  toKeepCausality(options?: { name?: string; svgDir?: string | false }): R;
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends CausalityMatchers<R> {}
}
