import { EventspecUsageError } from '@eventspec/core/internal';
import type { ContractRegistry } from './contract-registry.js';

let current: ContractRegistry | undefined;

/**
 * Makes a registry the one `expect(message).toSatisfyContract('OrderPlaced@2')` looks ids up in (per test
 * file: vitest isolates modules by file). Pass `undefined` to forget it.
 * @example
 * beforeAll(async () => useContracts(await loadContracts('contracts')));
 */
export function useContracts(registry: ContractRegistry | undefined): void {
  current = registry;
}

/** The registry set by {@link useContracts}; throws a usage error naming the fix when none is. */
export function defaultContracts(): ContractRegistry {
  if (current === undefined) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_NO_REGISTRY',
      'No contract registry to look the contract id up in. Call useContracts(await loadContracts(folder)) in a beforeAll, or pass the registry: toSatisfyContract(id, registry).',
    );
  }
  return current;
}
