import { BrokerError } from './broker-error.js';
import type { BrokerErrorCode } from './broker-error-codes.js';

/** True when `error` is a {@link BrokerError}, optionally with the given code. */
export function isBrokerError(error: unknown, code?: BrokerErrorCode): error is BrokerError {
  return error instanceof BrokerError && (code === undefined || error.code === code);
}
