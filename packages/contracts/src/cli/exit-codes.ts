/** Exit codes of the `eventspec` command: CI can tell a breaking change from broken input. */
export const exitCodes = {
  ok: 0,
  /** A contract change breaks its compatibility mode. */
  breakingChange: 1,
  /** Contracts or the baseline cannot be read: invalid JSON or JSON Schema, unresolvable `$ref`, duplicates, bad git ref. */
  brokenInput: 2,
  /** No break found, but compatibility could not be proven for some change (`--allow-unproven` accepts it). */
  unproven: 3,
  /** An interaction of a consumer's pact matches no contract (`--allow-unmatched-pacts` accepts it). */
  unmatchedPact: 4,
  /** The Schema Registry of `--against-registry` cannot be read: unreachable, refused, timed out, or a bad answer. */
  registryUnavailable: 5,
  /** The command line itself is wrong. */
  usage: 64,
} as const;
