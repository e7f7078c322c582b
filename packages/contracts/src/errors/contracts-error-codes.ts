import type { ErrorCodeInfo } from '@eventspec/core';

// Every code of the errors @eventspec/contracts throws: what it means and how to fix it (docs/errors.md is
// written from this table). The declaration below adds them to EventspecError's `code` union.

export const contractsErrorCodes = {
  EVENTSPEC_COMPATIBILITY_MODE_UNKNOWN: {
    meaning: 'A compatibility check got no mode, or a name that is not a mode.',
    fix: 'Pass one of BACKWARD, FORWARD, FULL (or their _TRANSITIVE forms), NONE.',
  },
  EVENTSPEC_COMPATIBILITY_OPTIONS_INVALID: {
    meaning: 'A compatibility check got options that are not an object.',
    fix: 'Pass `{ library, … }` or nothing.',
  },
  EVENTSPEC_CONTRACT_ID_INVALID: {
    meaning: 'A contract id is not written `Type@version`.',
    fix: 'Write the message type and its version, e.g. `OrderPlaced@2`.',
  },
  EVENTSPEC_CONTRACT_INPUT_INVALID: {
    meaning:
      'Contracts, AsyncAPI documents or pact files cannot be loaded (`ContractInputError`, every problem with file and place).',
    fix: 'Fix the files listed; nothing is loaded until all are valid.',
  },
  EVENTSPEC_CONTRACT_NOTHING_PRODUCED: {
    meaning: '`captureProduced(…).assertSatisfied` was called and nothing was published.',
    fix: 'Hand `capture.broker` to the producer and await it before asserting.',
  },
  EVENTSPEC_CONTRACT_NO_EXAMPLE: {
    meaning: 'No example value could be built from a schema.',
    fix: 'Pass an example yourself.',
  },
  EVENTSPEC_CONTRACT_NO_REGISTRY: {
    meaning: '`toSatisfyContract(id)` without a registry and without `useContracts`.',
    fix: 'Call `useContracts(await loadContracts(folder))` in a `beforeAll`, or pass the registry.',
  },
  EVENTSPEC_CONTRACT_PRODUCED_VIOLATION: {
    meaning: 'Produced messages break their contracts.',
    fix: 'Change the producer to send what the contracts describe, or publish a new contract version.',
  },
  EVENTSPEC_CONTRACT_UNKNOWN: {
    meaning: 'A contract id is not in the registry.',
    fix: 'Check the id, or add the contract file.',
  },
  EVENTSPEC_CONTRACT_UNNAMED: {
    meaning: '`validate(message)` without an id, and the message does not name its contract.',
    fix: "Pass the id: `validate(message, 'Type@version')`, or send a `contract` header.",
  },
  EVENTSPEC_CONTRACT_VIOLATED: {
    meaning: 'A message does not satisfy its contract (`ContractViolationError`, with `violations`).',
    fix: 'Change the producer to send what the contract describes, or publish a new contract version.',
  },
  EVENTSPEC_PACT_READS_INVALID: {
    meaning: '`reads` names a field the example does not have.',
    fix: 'Name fields of the example (`a.b`, `items[0].price`).',
  },
  EVENTSPEC_PACT_VERIFICATION_FAILED: {
    meaning: "Pact's verifier or the contracts rejected a producer.",
    fix: 'Fix the producer, or agree a new contract with the consumer.',
  },
  EVENTSPEC_SCHEMA_DIALECT_UNKNOWN: {
    meaning: "A schema's `$schema` names a JSON Schema dialect eventspec does not support.",
    fix: 'Use draft-04, -06, -07, 2019-09 or 2020-12 (or leave `$schema` out for 2020-12).',
  },
  EVENTSPEC_SCHEMA_INVALID: {
    meaning: 'An argument that must be a JSON Schema (or its options) is not one.',
    fix: 'Pass a JSON Schema object or boolean.',
  },
  EVENTSPEC_CONTRACT_CANNOT_GENERATE: {
    meaning: 'No valid message could be generated from a contract (2,000 generated in a row broke it).',
    fix: 'Simplify the schema, or give the keywords the generator does not build (the message names them) an example.',
  },
  EVENTSPEC_CONSUMER_CHECK_FAILED: {
    meaning:
      '`checkConsumer` found a message the contract allows that the consumer mishandles (shrunk, with its seed).',
    fix: 'Fix the consumer for that message, or narrow the contract.',
  },
  EVENTSPEC_CONSUMER_BAD_OPTIONS: {
    meaning: '`checkConsumer` options are invalid.',
    fix: 'Pass `{ contract, setup, handle, … }` as the message shows.',
  },
  EVENTSPEC_PRODUCER_CHECK_FAILED: {
    meaning:
      '`checkProducer` found an input for which the producer emits a message that breaks its contract.',
    fix: 'Fix the producer for the smallest input the failure prints.',
  },
  EVENTSPEC_PRODUCER_BAD_OPTIONS: {
    meaning: '`checkProducer` options are invalid.',
    fix: 'Pass `{ contract, inputs: an arbitrary, produce: (input) => message(s) }`.',
  },
  EVENTSPEC_CONSUMER_CHECKS_BAD_MODULE: {
    meaning: 'The `--consumer-checks` module of `eventspec contracts check` cannot be used.',
    fix: 'Export the consumer checks as the message describes.',
  },
  EVENTSPEC_PACT_INTERACTION_UNMATCHED: {
    meaning:
      "An interaction of a consumer's pact matches no contract (`PactInteractionUnmatchedError`), so nothing would check what it reads.",
    fix: 'Name the type in its metadata (`messageType`) or content (`type`), send it on a topic of one contract, or map it with `--pact-mapping` / `pactMapping`.',
  },
  EVENTSPEC_SCHEMA_REGISTRY_FAILED: {
    meaning:
      'The Schema Registry of `--against-registry` cannot be read: unreachable, refused, an error status, not JSON, or no answer in time (`SchemaRegistryError`).',
    fix: 'Check the URL, the credentials (EVENTSPEC_SCHEMA_REGISTRY_USER / _PASSWORD or _TOKEN) and the subject names.',
  },
  EVENTSPEC_ASYNCAPI_PARSER_MISSING: {
    meaning: 'An AsyncAPI document is read without the optional `@asyncapi/parser` installed.',
    fix: 'Install it: `npm install --save-dev @asyncapi/parser`.',
  },
  EVENTSPEC_OPTIONS_UNKNOWN: {
    meaning: 'An options object has a key the API does not know (a typo is otherwise ignored).',
    fix: 'Use one of the known keys the message lists.',
  },
  EVENTSPEC_OPTIONS_INVALID: {
    meaning: 'The options of an API are not an object.',
    fix: 'Pass an object with the keys the message lists, or nothing.',
  },
  EVENTSPEC_CONTRACT_INVALID: {
    meaning: '`ContractRegistry.of` got something that is not a list of contracts.',
    fix: 'Build contracts with `loadContracts(folder)` or `contractsFromFiles(files)`, or give each every field of `Contract`.',
  },
  EVENTSPEC_CONTRACT_MESSAGE_INVALID: {
    meaning:
      'A message to check against a contract is not an object (`validate`, `assertValid`, `checkEvents`).',
    fix: "Pass the message as `{ data, key?, headers?, envelope?, channel? }`, or core's `Message`.",
  },
  EVENTSPEC_CONTRACT_BODY_RENAMED: {
    meaning:
      "A message, an expected pact message or a contract still names its payload `body`: it is `data` now, as in core's `Message { id, type, key, data }`.",
    fix: 'Rename `body` to `data` (in contract files too: `"data": { …the JSON Schema… }`).',
  },
  EVENTSPEC_CONTRACT_SOURCES_INVALID: {
    meaning:
      '`contractsFromFiles` / `contractsFromSources` got something that is not an array of `{ path, text }`.',
    fix: 'Read the files first, or call `loadContracts(folder)`.',
  },
  EVENTSPEC_CONTRACTS_FOLDER_INVALID: {
    meaning: '`loadContracts` got something that is not a folder path.',
    fix: 'Pass the path of the contracts folder.',
  },
  EVENTSPEC_TOPOLOGY_INPUT_INVALID: {
    meaning:
      'AsyncAPI documents or files of observed flows cannot be read for the topology check (`TopologyInputError`, every problem with file and place).',
    fix: 'Fix the files listed; nothing is checked until all are valid.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code of an error `@eventspec/contracts` throws. */
export type ContractsErrorCode = keyof typeof contractsErrorCodes;

declare module '@eventspec/core' {
  interface EventspecErrorCodes extends Record<ContractsErrorCode, ErrorCodeInfo> {}
}
