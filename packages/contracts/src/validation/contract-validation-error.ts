import { EventspecError } from '@eventspec/core/internal';
import { type ContractViolation, formatViolation } from './contract-violation.js';

/** The outcome of checking one message against its contract. */
export interface ContractValidationResult {
  ok: boolean;
  /** The `Type@version` checked against. */
  contract: string;
  violations: ContractViolation[];
}

/**
 * Thrown when a message does not satisfy its contract. `actual` and `expected` map each failing path to
 * what was found and what the contract expects there, so vitest shows them side by side.
 */
export class ContractViolationError extends EventspecError {
  override name = 'ContractViolationError';
  readonly contract: string;
  readonly violations: readonly ContractViolation[];

  constructor(result: ContractValidationResult) {
    const lines = result.violations.map((v) => `  - ${formatViolation(v)}`).join('\n');
    const count = result.violations.length === 1 ? '1 problem' : `${result.violations.length} problems`;
    super(
      'EVENTSPEC_CONTRACT_VIOLATED',
      `The message does not satisfy contract ${result.contract} (${count}):\n${lines}\nChange the producer to send what ${result.contract} describes, or publish a new contract version.`,
      {
        actual: Object.fromEntries(result.violations.map((v) => [v.path, v.actual])),
        expected: Object.fromEntries(result.violations.map((v) => [v.path, v.expected])),
      },
    );
    this.contract = result.contract;
    this.violations = result.violations;
  }
}
