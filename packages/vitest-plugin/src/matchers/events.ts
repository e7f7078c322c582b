import type { MatcherState, SyncExpectationResult } from 'vitest';

/** A matcher as `expect.extend` takes it. */
export type Matcher = (this: MatcherState, received: unknown, ...expected: never[]) => SyncExpectationResult;

/** Matchers on arrays of events: `toEmit`, `toEmitMatching`, … */
export const eventMatchers: Record<string, Matcher> = {};
