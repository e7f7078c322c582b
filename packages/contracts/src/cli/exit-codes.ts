/** Exit codes of the `eventspec` command: CI can tell a breaking change from broken input. */
export const exitCodes = {
  ok: 0,
  /** A contract change breaks its compatibility mode. */
  breakingChange: 1,
  /** Contracts or the baseline cannot be read: invalid JSON or JSON Schema, unresolvable `$ref`, duplicates, bad git ref. */
  brokenInput: 2,
  /** No break found, but compatibility could not be proven for some change (`--allow-unproven` accepts it). */
  unproven: 3,
  /** The command line itself is wrong. */
  usage: 64,
} as const;
