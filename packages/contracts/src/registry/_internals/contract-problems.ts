import type { ContractMessage } from '../../model/contract.js';
import { formatViolation } from '../../validation/contract-violation.js';
import type { ContractRegistry } from '../contract-registry.js';

/** A stored event as a store keeps it: its JSON (dates become ISO strings, `undefined` fields vanish). */
export function storedMessage(event: object): ContractMessage {
  return { data: JSON.parse(JSON.stringify(event)) };
}

/**
 * Collects the problems of events against contracts: each a heading that names the event, the contract and
 * its file, then the registry's violation lines; `actual` and `expected` by `<what> <path>` for a diff.
 */
export class ContractProblems {
  readonly lines: string[] = [];
  readonly actual: Record<string, unknown> = {};
  readonly expected: Record<string, unknown> = {};

  constructor(
    private readonly contracts: ContractRegistry,
    private readonly messageOf: (event: object) => ContractMessage = storedMessage,
  ) {}

  /** Checks `event` (named `what` in the messages) against the contract `id`. */
  check(what: string, event: object, id: string): void {
    if (!this.contracts.has(id)) {
      const known = this.contracts.list().map((c) => c.id);
      this.lines.push(
        `${what}: there is no contract ${id} (contracts: ${known.join(', ') || 'none'}); add a contract file for ${id}`,
      );
      return;
    }
    const { violations } = this.contracts.validate(this.messageOf(event), id);
    if (violations.length === 0) return;
    for (const v of violations) {
      this.actual[`${what} ${v.path}`] = v.actual;
      this.expected[`${what} ${v.path}`] = v.expected;
    }
    const heading = `${what}, against ${id} (${this.contracts.get(id).source}):`;
    this.lines.push([heading, ...violations.map((v) => `  - ${formatViolation(v)}`)].join('\n'));
  }
}
