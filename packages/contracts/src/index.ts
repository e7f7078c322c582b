export type { ProducedCheck, ProducedCheckOptions, ProducerCapture } from './capture/capture-produced.js';
export { captureProduced } from './capture/capture-produced.js';
export type { SentMessage } from './capture/sent-message.js';
export { toContractMessage } from './capture/sent-message.js';
export type { CompatibilityOptions } from './compatibility/check-compatibility.js';
export { checkCompatibility, checkHistory } from './compatibility/check-compatibility.js';
export type { ContractChange, ContractChangeKind } from './compatibility/check-registry.js';
export { checkRegistry } from './compatibility/check-registry.js';
export type { CompatibilityMode } from './compatibility/compatibility-mode.js';
export { compatibilityModes, isCompatibilityMode } from './compatibility/compatibility-mode.js';
export type {
  CompatibilityBreak,
  CompatibilityDirection,
  CompatibilityResult,
  CompatibilityVerdict,
  UnprovenPoint,
} from './compatibility/compatibility-result.js';
export type { FieldTree } from './compatibility/project-schema.js';
export { fieldPaths, fieldsOf, projectSchema } from './compatibility/project-schema.js';
export { exampleOfSchema } from './generation/example-of-schema.js';
export type { Channel, Contract, ContractMessage, EnvelopeKind, JsonSchema } from './model/contract.js';
export type { InputProblem } from './model/contract-errors.js';
export { ContractInputError, formatInputProblem } from './model/contract-errors.js';
export type { ContractId } from './model/contract-id.js';
export { formatContractId, parseContractId } from './model/contract-id.js';
export { ContractRegistry } from './registry/contract-registry.js';
export { defaultContracts, useContracts } from './registry/default-registry.js';
export type { LoadContractsOptions, SourceFile } from './registry/load-contracts.js';
export {
  contractsFromFiles,
  contractsFromSources,
  isContractSource,
  loadContracts,
} from './registry/load-contracts.js';
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
export type { ContractValidationResult } from './validation/contract-validation-error.js';
export { ContractViolationError } from './validation/contract-validation-error.js';
export type { ContractViolation, MessagePart } from './validation/contract-violation.js';
export { formatViolation } from './validation/contract-violation.js';
