export type {
  ContractRecord,
  DeliveryRecord,
  InvariantRecord,
  ScenarioRecord,
  SpecRecord,
} from './spec-record.js';
export { emitSpecRecord, onSpecRecord, recording } from './spec-record.js';
