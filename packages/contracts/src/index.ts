// The public API of @eventspec/contracts, every name listed by hand: a change here shows in api/index.api.md.
// AsyncAPI (./asyncapi), Pact (./pact) and the vitest matcher (./vitest) are subpaths with optional peers.

export type { GeneratedMessage } from './arbitrary/message-arbitrary.js';
export { contractMessageOf } from './arbitrary/message-arbitrary.js';
// Producer tests: what a producer sends, captured from a broker and checked against its contract.
export type { ProducedCheck, ProducedCheckOptions, ProducerCapture } from './capture/capture-produced.js';
export { captureProduced } from './capture/capture-produced.js';
export type { SentMessage } from './capture/sent-message.js';
// Compatibility: schema changes judged under the Schema Registry modes, with counterexamples.
export type { CompatibilityOptions } from './compatibility/check-compatibility.js';
export { checkCompatibility, checkHistory } from './compatibility/check-compatibility.js';
export type { ContractChange, ContractChangeKind } from './compatibility/check-registry.js';
export { checkRegistry } from './compatibility/check-registry.js';
export type {
  CompatibilityBreak,
  CompatibilityDirection,
  CompatibilityResult,
  CompatibilityVerdict,
  UnprovenPoint,
} from './compatibility/compatibility-result.js';
// Consumer checks: messages generated from a contract, consumers run on them.
export type { FieldThatMatters } from './consumers/_internals/fields-that-matter.js';
export type { ArbitraryOfOptions } from './consumers/arbitrary-of.js';
export { arbitraryOf } from './consumers/arbitrary-of.js';
export type { CheckConsumerOptions, ConsumerCheckReport } from './consumers/check-consumer.js';
export { ConsumerCheckError, checkConsumer } from './consumers/check-consumer.js';
export type { CheckProducerOptions } from './consumers/check-producer.js';
export { checkProducer, ProducerCheckError } from './consumers/check-producer.js';
export type { ConsumerCheckOutcome, ConsumerCheckSpec } from './consumers/run-consumer-checks.js';
export {
  formatConsumerCheckOutcome,
  loadConsumerChecks,
  runConsumerChecks,
} from './consumers/run-consumer-checks.js';

// Error codes (added to EventspecErrorCode).
export type { ContractsErrorCode } from './errors/contracts-error-codes.js';
export type { LoadContractsOptions, SourceFile } from './loading/load-contracts.js';
export { contractsFromFiles, contractsFromSources, loadContracts } from './loading/load-contracts.js';
export type { CompatibilityMode } from './model/compatibility-mode.js';

// Contracts and their registry: load, look up, validate messages.
export type { Channel, Contract, ContractMessage, EnvelopeKind, JsonSchema } from './model/contract.js';
export type { InputProblem } from './model/contract-errors.js';
export { ContractInputError } from './model/contract-errors.js';
export type { ContractId } from './model/contract-id.js';
export { ContractRegistry } from './registry/contract-registry.js';
export { useContracts } from './registry/default-registry.js';
// The stored-event gate: an upcaster for every breaking change of a stored event.
export type {
  SchemaRegistryBaselineOptions,
  SchemaRegistryComparison,
} from './schema-registry/check-against-schema-registry.js';
export { checkAgainstSchemaRegistry } from './schema-registry/check-against-schema-registry.js';
export type { SchemaRegistryAuth } from './schema-registry/schema-registry-client.js';
export { SchemaRegistryError } from './schema-registry/schema-registry-error.js';
export type { SubjectMapping } from './schema-registry/subject-mapping.js';
export type {
  UpcastContractsOptions,
  UpcastContractsReport,
} from './stored-events/check-upcast-contracts.js';
export { checkUpcastContracts } from './stored-events/check-upcast-contracts.js';
export type {
  StoredVersionUpcast,
  UpcasterSteps,
  UpcastRequirement,
} from './stored-events/require-upcasters.js';
export { requireUpcasters } from './stored-events/require-upcasters.js';
// Topology: the flows AsyncAPI documents declare, checked against the flows tests observe.
export type { CheckTopologyOptions } from './topology/check-topology.js';
export { checkTopology } from './topology/check-topology.js';
export type { DeclaredFlow, DeclaredTopology } from './topology/declared-topology.js';
export { declaredTopologyFromText, loadDeclaredTopology } from './topology/declared-topology.js';
export {
  formatTopologyJunit,
  formatTopologyMarkdown,
  formatTopologyText,
} from './topology/format-topology.js';
export type {
  BrokerLogFlowsOptions,
  BrokerLogRecord,
  ObservedFlowsFile,
} from './topology/observed-flows-file.js';
export {
  flowsOfBrokerLog,
  readObservedFlows,
  writeObservedFlows,
} from './topology/observed-flows-file.js';
export type {
  TopologyDrift,
  TopologyDriftKind,
  TopologyEdge,
  TopologyReport,
} from './topology/topology-drift.js';
export { TopologyInputError } from './topology/topology-input-error.js';
export { renderTopologySvg } from './topology/topology-svg.js';
export { compileSchema } from './validation/compile-schema.js';
export type { ContractValidationResult } from './validation/contract-validation-error.js';
export { ContractViolationError } from './validation/contract-validation-error.js';
export type { ContractViolation, MessagePart } from './validation/contract-violation.js';
export { formatViolation } from './validation/contract-violation.js';
export type { SchemaDialect } from './validation/schema-dialect.js';
export { dialectOf, schemaDialects } from './validation/schema-dialect.js';
export type { SchemaProblem } from './validation/schema-problems.js';
export { schemaProblems } from './validation/schema-problems.js';
