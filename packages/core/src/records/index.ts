export type {
  BrokerRecord,
  ContractRecord,
  DeliveryRecord,
  InvariantRecord,
  ScenarioRecord,
  SpecRecord,
  TopologyRecord,
} from './spec-record.js';
export { emitSpecRecord, onSpecRecord, recording } from './spec-record.js';
