import { messageOrData } from '../model/message-shape.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';
import { ContractViolationError } from '../validation/contract-validation-error.js';

interface MatcherContext {
  isNot: boolean;
}

/** `expect(message).toSatisfyContract('OrderPlaced@2', registry?)`: validates against the contract. */
export const contractMatchers = {
  toSatisfyContract(this: MatcherContext, received: unknown, contract: string, registry?: ContractRegistry) {
    const result = (registry ?? defaultContracts()).validate(
      messageOrData('toSatisfyContract', received),
      contract,
    );
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
   * Checks a message (`{ data, key?, headers?, envelope?, channel? }`, core's `Message`, or a bare payload) against a contract,
   * looked up in `registry` or in the one given to `useContracts`. Failures name each path, what the
   * contract expects there and what the message holds.
   * @example
   * expect({ key: 'o-1', data: placed }).toSatisfyContract('OrderPlaced@2');
   */
  toSatisfyContract(contract: string, registry?: ContractRegistry): R;
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends ContractMatchers<R> {}
}
