import type { ContractMessage } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';
import { ContractViolationError } from '../validation/contract-validation-error.js';

interface MatcherContext {
  isNot: boolean;
}

/** A message (`{ body, key?, headers?, envelope? }`), or a bare body when it has no `body` property. */
function asMessage(received: unknown): ContractMessage {
  if (typeof received === 'object' && received !== null && 'body' in received)
    return received as ContractMessage;
  return { body: received };
}

/** `expect(message).toSatisfyContract('OrderPlaced@2', registry?)`: validates against the contract. */
export const contractMatchers = {
  toSatisfyContract(this: MatcherContext, received: unknown, contract: string, registry?: ContractRegistry) {
    const result = (registry ?? defaultContracts()).validate(asMessage(received), contract);
    if (result.ok) {
      return {
        pass: true,
        message: () => `expected the message not to satisfy contract ${result.contract}, but it does`,
      };
    }
    const error = new ContractViolationError(result);
    return { pass: false, message: () => error.message, actual: error.actual, expected: error.expected };
  },
};

/** The type of the contract matcher, added to vitest's `expect` by importing `@eventspec/contracts/vitest`. */
export interface ContractMatchers<R> {
  /**
   * Checks a message (`{ body, key?, headers?, envelope?, channel? }`, or a bare body) against a contract,
   * looked up in `registry` or in the one given to `useContracts`. Failures name each path, what the
   * contract expects there and what the message holds.
   * @example
   * expect({ key: 'o-1', body: placed }).toSatisfyContract('OrderPlaced@2');
   */
  toSatisfyContract(contract: string, registry?: ContractRegistry): R;
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends ContractMatchers<R> {}
}
