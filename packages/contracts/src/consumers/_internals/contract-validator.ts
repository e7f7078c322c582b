import type { Contract } from '../../model/contract.js';
import { type CompiledContract, compileContract } from '../../registry/compile-contract.js';
import type { ContractRegistry } from '../../registry/contract-registry.js';
import { createAjv } from '../../validation/create-ajv.js';

const compiled = new WeakMap<
  ContractRegistry,
  { ajv: ReturnType<typeof createAjv>; contracts: Map<Contract, CompiledContract> }
>();

/**
 * The contract's compiled check, as `registry.validate` makes it, without recording each call in the report
 * (generation checks thousands of values).
 */
export function contractValidator(registry: ContractRegistry, contract: Contract): CompiledContract {
  let entry = compiled.get(registry);
  if (!entry) {
    // Registries without shared schemas can share one ajv: creating one costs more than compiling a schema.
    entry = { ajv: registry.library.size === 0 ? bare() : createAjv(registry.library), contracts: new Map() };
    compiled.set(registry, entry);
  }
  let check = entry.contracts.get(contract);
  if (!check) {
    check = compileContract(entry.ajv, contract);
    entry.contracts.set(contract, check);
  }
  return check;
}

let shared: ReturnType<typeof createAjv> | undefined;

function bare(): ReturnType<typeof createAjv> {
  shared ??= createAjv();
  return shared;
}
