export { renderMessageFlow } from './message-flow.js';
export { renderMessageFlowSvg } from './message-flow-svg.js';
export type { ObservedFlow, ObservedFlowsOptions } from './observed-flows.js';
export { observedFlows } from './observed-flows.js';
export type { FaultNote } from './planned-bus.js';
export type {
  DeciderService,
  HandlerService,
  ProcessService,
  ProjectionService,
  Service,
} from './services.js';
export { deciderService, handlerService, processService, projectionService } from './services.js';
export type { SystemBrokerOptions } from './system-broker.js';
export type { SystemFaults } from './system-faults.js';
export type { FlowEntry, Redelivery, Rejection, SystemState } from './system-run.js';
export type {
  EventuallyOptions,
  SystemExpectations,
  SystemOptions,
  SystemReport,
} from './system-scenario.js';
export { SystemScenario, system } from './system-scenario.js';
