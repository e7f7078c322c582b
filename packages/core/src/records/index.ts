export type {
  BrokerRecord,
  ContractRecord,
  DeliveryRecord,
  InvariantRecord,
  ScenarioRecord,
  SpecRecord,
} from './spec-record.js';
export { emitSpecRecord, onSpecRecord, recording } from './spec-record.js';
