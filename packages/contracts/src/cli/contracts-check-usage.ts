/** The help text of `eventspec contracts check`. */
export const contractsCheckUsage = `Usage: eventspec contracts check [options]

Compares the contracts in the working tree with a baseline and fails on a breaking change.

Options:
  --contracts <folder>        the contracts folder (default: contracts)
  --baseline <folder>         compare with the contracts in this folder
  --base-ref <git-ref>        compare with the contracts folder at this git ref (e.g. origin/main)
  --against-registry <url>    compare with the versions registered in a Confluent Schema Registry (or a
                              registry with its REST API), each subject with its own compatibility level;
                              credentials from EVENTSPEC_SCHEMA_REGISTRY_USER / _PASSWORD or _TOKEN
  --registry-subjects <file>  JSON { "<message type>": "<subject>" } for subjects not named <topic>-value
  --registry-timeout <ms>     how long one registry request may take (default: 10000)
  --junit <file>              also write a JUnit XML report (its folder is created)
  --markdown <file>           also write a Markdown report (for a pull-request comment)
  --pacts <folder>            consumers' pact files: report which consumer each change breaks (fails on a break)
  --pact-mapping <file>       JSON { "descriptions": { "<interaction>": "OrderPlaced@2" }, "providerStates": { … } }
                              for pact interactions that name their contract nowhere else
  --allow-unmatched-pacts     do not fail on pact interactions that match no contract (they stay unchecked)
  --upcasters <module>        the upcaster registry (module[#export]) of the stored events: a breaking change of a
                              contract marked "stored": true passes only when upcasters read the old versions
  --consumer-checks <module>  the consumers' checks (module[#export]: [{ name?, contract, setup, handle, invariant? }]):
                              each runs on messages generated under every changed contract of its type; a
                              consumer that fails on what the new version allows is a breaking change
  --allow-unproven            do not fail when compatibility can be neither proven nor refuted
  -v, --version               print the version
  -h, --help                  show this help

Exit codes: 0 compatible, 1 breaking change (or a stored event without its upcaster), 2 broken input,
3 cannot prove, 4 a pact interaction matches no contract, 5 the Schema Registry cannot be read, 64 usage error.
`;
