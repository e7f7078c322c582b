import type { CoreErrorCode } from './error-codes.js';

/** What a code means and how to fix what raised it: a row of a package's code table. */
export interface ErrorCodeInfo {
  readonly meaning: string;
  readonly fix: string;
}

/**
 * Every error code of the installed eventspec packages, by code: core's own, and those each package adds to
 * this interface with a `declare module '@eventspec/core'` (contracts, broker-fixtures).
 */
export interface EventspecErrorCodes extends Record<CoreErrorCode, ErrorCodeInfo> {}

/** A stable error code: match on it, not on messages. docs/errors.md lists each with its fix. */
export type EventspecErrorCode = keyof EventspecErrorCodes & string;

/** Options of an {@link EventspecError}. */
export interface EventspecErrorOptions {
  /** What the code under test produced; vitest renders a diff against `expected`. */
  actual?: unknown;
  /** What the spec expected. */
  expected?: unknown;
  cause?: unknown;
}

/**
 * The error every eventspec failure is made of: a stable `code`, a message that says what happened and
 * what to do, and — for mismatches — `actual` and `expected`, so vitest shows a structural diff.
 */
export class EventspecError extends Error {
  override name = 'EventspecError';
  readonly code: EventspecErrorCode;
  declare readonly actual?: unknown;
  declare readonly expected?: unknown;
  readonly showDiff: boolean;

  constructor(code: EventspecErrorCode, message: string, options: EventspecErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.showDiff = 'actual' in options && 'expected' in options;
    if (this.showDiff) {
      this.actual = options.actual;
      this.expected = options.expected;
    }
  }
}

/** Thrown when eventspec is called the wrong way; the message names the API and the fix. */
export class EventspecUsageError extends EventspecError {
  override name = 'EventspecUsageError';
}
