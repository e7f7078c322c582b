import type fc from 'fast-check';
import type { GeneratedMessage } from '../arbitrary/message-arbitrary.js';
import type { Contract } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';

/** Options of {@link arbitraryOf}. */
export interface ArbitraryOfOptions {
  /**
   * The registry the contract (and the schemas its `$ref`s name) comes from.
   * @default the registry set with `useContracts()`
   */
  registry?: ContractRegistry;
  /**
   * How many levels of nesting (and `$ref` hops) generated values reach; deeper, only required parts.
   * @default 4
   */
  depth?: number;
}

/**
 * A fast-check arbitrary of messages valid under a contract — data, key, headers and envelope — biased to the
 * boundaries (empty and maximal strings and arrays, bounds of numbers, each enum value, optional fields
 * absent), shrinking toward the smallest message. Every value is checked by ajv before it is produced, so a
 * generator bug can never blame a consumer. The same as `registry.arbitrary(id)`.
 * @example fc.assert(fc.property(arbitraryOf('OrderPlaced@2', { registry }), (message) => { handle(message); }));
 */
export function arbitraryOf(
  contract: Contract | string,
  options: ArbitraryOfOptions = {},
): fc.Arbitrary<GeneratedMessage> {
  const registry = options.registry ?? defaultContracts();
  return registry.arbitrary(contract, options.depth === undefined ? {} : { depth: options.depth });
}
