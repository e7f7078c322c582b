/** One event to check against a contract; `what` names it in the failure (`given [0] (OrderPlaced@1)`). */
export interface EventToCheck {
  what: string;
  event: object;
  /** The `Type@version` of the contract to check it against. */
  id: string;
}

/**
 * What a contract check of events found: one paragraph per event that breaks its contract (empty when all
 * satisfy theirs), and the differing values by `<what> <path>`, so vitest shows a diff.
 */
export interface EventContractProblems {
  readonly lines: readonly string[];
  readonly actual: Readonly<Record<string, unknown>>;
  readonly expected: Readonly<Record<string, unknown>>;
}

/**
 * Checks events against the contracts of their versions: what `upcasterScenario(upcasters, { contracts })`
 * takes. A `ContractRegistry` of `@eventspec/contracts` is one; core itself validates no schema.
 */
export interface EventContracts<Message = unknown> {
  /** Checks each event against its contract, as the message `messageOf(event)` (the registry's default when absent). */
  checkEvents(events: readonly EventToCheck[], messageOf?: (event: object) => Message): EventContractProblems;
}
