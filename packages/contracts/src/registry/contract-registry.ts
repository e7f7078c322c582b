import type { EventContractProblems, EventContracts, EventToCheck } from '@eventspec/core';
import { EventspecUsageError, emitSpecRecord, recording } from '@eventspec/core/internal';
import type fc from 'fast-check';
import { type GeneratedMessage, messageArbitrary } from '../arbitrary/message-arbitrary.js';
import type { Contract, ContractMessage, JsonSchema } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { type ContractId, formatContractId, parseContractId } from '../model/contract-id.js';
import { assertContractMessage } from '../model/message-shape.js';
import {
  type ContractValidationResult,
  ContractViolationError,
} from '../validation/contract-validation-error.js';
import { formatViolation } from '../validation/contract-violation.js';
import { type AnyAjv, createDialectAjv, type SchemaLibrary } from '../validation/create-ajv.js';
import { dialectOf, type SchemaDialect } from '../validation/schema-dialect.js';
import { ContractProblems } from './_internals/contract-problems.js';
import { type CompiledContract, compileContract } from './compile-contract.js';
import { assertContracts } from './contract-shape.js';

/**
 * The contracts of a system, by `Type@version`: validates messages against them and hands them to the
 * compatibility check. Built by `loadContracts(folder)`, `loadAsyncApi(file)` or {@link ContractRegistry.of}.
 * @example
 * const registry = await loadContracts('contracts');
 * registry.assertValid({ data: { orderId: 'o-1', total: 12.5 } }, 'OrderPlaced@2');
 */
export class ContractRegistry implements EventContracts<ContractMessage> {
  readonly #contracts = new Map<string, Contract>();
  readonly #compiled = new Map<string, CompiledContract>();
  /** One ajv per dialect the contracts use, created on first use (a 2020-12-only registry creates one). */
  readonly #ajvs = new Map<SchemaDialect, AnyAjv>();
  /** Shared schemas (by `$id`) the contracts' schemas may `$ref`. */
  readonly library: SchemaLibrary;

  private constructor(contracts: readonly Contract[], library: SchemaLibrary) {
    this.library = library;
    for (const contract of contracts) this.#contracts.set(contract.id, contract);
  }

  /** A registry of the given contracts; two contracts with one `Type@version` are an input error. */
  static of(contracts: readonly Contract[], library: SchemaLibrary = new Map()): ContractRegistry {
    assertContracts('ContractRegistry.of', contracts);
    const problems = duplicateProblems(contracts);
    if (problems.length > 0) throw new ContractInputError(problems);
    return new ContractRegistry(contracts, library);
  }

  /** One registry of the contracts of several (a folder and an AsyncAPI document); a `Type@version` claimed twice is an input error. */
  static merge(...registries: ContractRegistry[]): ContractRegistry {
    const library = new Map(registries.flatMap((r) => [...r.library]));
    return ContractRegistry.of(
      registries.flatMap((r) => r.list()),
      library,
    );
  }

  /** Every contract, sorted by type then version. */
  list(): Contract[] {
    return [...this.#contracts.values()].sort(
      (a, b) => a.type.localeCompare(b.type) || a.version - b.version,
    );
  }

  /** The versions of one message type, oldest first. */
  versionsOf(type: string): Contract[] {
    return this.list().filter((c) => c.type === type);
  }

  /** Whether a contract exists. */
  has(id: string | ContractId): boolean {
    return this.#contracts.has(typeof id === 'string' ? id : formatContractId(id));
  }

  /** The contract with this id; throws a usage error listing the known ids otherwise. */
  get(id: string | ContractId): Contract {
    const key =
      typeof id === 'string'
        ? formatContractId(parseContractId(id))
        : formatContractId(parseContractId(`${id?.type}@${id?.version}`));
    const contract = this.#contracts.get(key);
    if (contract) return contract;
    const known = this.list().map((c) => c.id);
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_UNKNOWN',
      `No contract ${key} in this registry. Known contracts: ${known.length ? known.join(', ') : '(none)'}. Check the id, or add a ${key} contract file.`,
      { actual: key, expected: known },
    );
  }

  /** The data schema of a contract, for `checkCompatibility`. */
  schemaOf(id: string | ContractId): JsonSchema {
    return this.get(id).data;
  }

  /**
   * A fast-check arbitrary of messages valid under a contract (a contract of this registry, or its id): see
   * `arbitraryOf`. Each generated message is checked with this registry's validator.
   */
  arbitrary(
    contract: Contract | string | ContractId,
    options: { depth?: number } = {},
  ): fc.Arbitrary<GeneratedMessage> {
    const found = typeof contract === 'object' && 'data' in contract ? contract : this.get(contract);
    return messageArbitrary(found, { library: this.library, violations: this.#compile(found), ...options });
  }

  /** The ajv of a schema's dialect (its `$schema`, 2020-12 without one): every error, formats asserted. */
  #ajvFor(schema: JsonSchema): AnyAjv {
    const dialect = dialectOf(schema);
    let ajv = this.#ajvs.get(dialect);
    if (ajv === undefined) {
      // The loaders check schemas against their meta-schema; compiling it again per registry took half a second.
      ajv = createDialectAjv(dialect, this.library, {
        allErrors: true,
        verbose: true,
        validateSchema: false,
      });
      this.#ajvs.set(dialect, ajv);
    }
    return ajv;
  }

  #compile(contract: Contract): CompiledContract {
    let compiled = this.#compiled.get(contract.id);
    if (compiled === undefined || this.#contracts.get(contract.id) !== contract) {
      compiled = compileContract((schema) => this.#ajvFor(schema), contract);
      if (this.#contracts.get(contract.id) === contract) this.#compiled.set(contract.id, compiled);
    }
    return compiled;
  }

  /**
   * Checks a message against a contract and returns every violation (an empty list when it satisfies it).
   * Without `contract`, the message names it: a `contract` header (`OrderPlaced@2`), or an envelope `type`
   * (CloudEvents or eventspec) of which the registry has exactly one version.
   */
  validate(message: ContractMessage, contract?: string | ContractId): ContractValidationResult {
    assertContractMessage('validate(message)', message);
    const found = this.get(contract ?? this.#contractNamedBy(message));
    const violations = this.#compile(found)(message);
    if (recording()) {
      emitSpecRecord({
        kind: 'contract',
        subject: found.id,
        action: 'validated',
        status: violations.length === 0 ? 'passed' : 'failed',
        mode: found.compatibility,
        source: found.source,
        schema: JSON.stringify(found.data, null, 2),
        detail:
          violations.length === 0
            ? 'a message satisfies the contract'
            : `a message breaks the contract: ${violations.length} ${violations.length === 1 ? 'violation' : 'violations'}`,
        ...(violations.length === 0 ? {} : { failure: violations.map(formatViolation).join('\n') }),
      });
    }
    return { ok: violations.length === 0, contract: found.id, violations };
  }

  /** Like {@link ContractRegistry.validate}, but throws a {@link ContractViolationError} on a violation. */
  assertValid(message: ContractMessage, contract?: string | ContractId): void {
    const result = this.validate(message, contract);
    if (!result.ok) throw new ContractViolationError(result);
  }

  /**
   * Checks events against their contracts, each as the message `messageOf(event)`: what core's
   * `upcasterScenario(upcasters, { contracts })` calls.
   * @default messageOf (event) => ({ data: its JSON }): the event as a store keeps it
   */
  checkEvents(
    events: readonly EventToCheck[],
    messageOf?: (event: object) => ContractMessage,
  ): EventContractProblems {
    const found = new ContractProblems(this, messageOf);
    for (const { what, event, id } of events) found.check(what, event, id);
    return found;
  }

  #contractNamedBy(message: ContractMessage): string {
    const header = message.headers?.contract;
    if (typeof header === 'string') return header;
    const type = message.envelope?.type;
    const versions = typeof type === 'string' ? this.versionsOf(type) : [];
    if (versions.length === 1) return versions[0]!.id;
    const why =
      typeof type !== 'string'
        ? 'it has no "contract" header and no envelope type'
        : versions.length === 0
          ? `no contract has its envelope type "${type}"`
          : `its envelope type "${type}" has ${versions.length} versions (${versions.map((c) => c.id).join(', ')})`;
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_UNNAMED',
      `validate(message) cannot tell which contract the message follows: ${why}. Pass the id: validate(message, 'Type@version').`,
    );
  }
}

/** One problem per contract whose `Type@version` an earlier contract already claims. */
export function duplicateProblems(contracts: readonly Contract[]): InputProblem[] {
  const seen = new Map<string, Contract>();
  const problems: InputProblem[] = [];
  for (const contract of contracts) {
    const first = seen.get(contract.id);
    if (first) {
      problems.push({
        file: contract.source,
        pointer: '',
        message: `${contract.id} is already defined in ${first.source}; give this contract another version or remove one of them`,
      });
    } else seen.set(contract.id, contract);
  }
  return problems;
}
