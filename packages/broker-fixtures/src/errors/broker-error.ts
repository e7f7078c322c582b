import { EventspecError, type EventspecErrorOptions } from '@eventspec/core';
import type { BrokerErrorCode } from './broker-error-codes.js';

/** Options of a {@link BrokerError}: those of `EventspecError` plus the tail of the container's logs. */
export interface BrokerErrorOptions extends EventspecErrorOptions {
  /** Last lines the broker container printed; appended to the message. */
  logsTail?: string;
}

/** A broker fixture failure: a stable code, the cause and fix in the message, the container logs' tail. */
export class BrokerError extends EventspecError {
  override name = 'BrokerError';
  declare readonly code: BrokerErrorCode;
  /** Last lines of the broker container's logs, when a container was involved. */
  readonly logsTail: string | undefined;

  constructor(code: BrokerErrorCode, message: string, options: BrokerErrorOptions = {}) {
    const { logsTail, ...rest } = options;
    super(
      code,
      logsTail ? `${message}\n\nLast lines of the container log:\n${indent(logsTail)}` : message,
      rest,
    );
    this.logsTail = logsTail;
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
}
