// The public API of @eventspec/core, every name listed by hand: a change here shows in api/index.api.md.
// Sibling packages reach internals through ./internal.ts (`@eventspec/core/internal`), never from here.

// The broker interface and the in-memory brokers.
export type {
  Broker,
  DeadLetter,
  Delivery,
  ExchangeType,
  InMemoryQueueBrokerOptions,
  InMemoryTopicBrokerOptions,
  Message,
  MessageHandler,
  QueueBroker,
  QueueConsumer,
  QueueOptions,
  SubscribeOptions,
  Subscription,
  TopicBroker,
  TopicConsumer,
  TopicDelivery,
  TopicMessageHandler,
  TopicOffset,
  TopicSubscribeOptions,
} from './broker/index.js';
export { InMemoryQueueBroker, InMemoryTopicBroker, MessageRejected } from './broker/index.js';
// Causality: correlation and causation ids kept from trigger to output.
export type { CausalityOptions, CausalLink, CausalMetadata } from './causality/index.js';
export { causedBy, checkCausality, checkCausalityOfLog, metadataOf } from './causality/index.js';
// Time in specs and delivery plans.
export type { Duration, Instant } from './clock/index.js';

// Delivery checks: duplicates, reorder, redelivery and crashes, shrunk to the smallest plan.
export type {
  CheckDeliveryOptions,
  DeliveryCheckReport,
  DeliveryFailureDetails,
  DeliveryFaults,
  DeliveryPlan,
  DeliveryVerdict,
  PlannedDelay,
  PlannedDuplicate,
  PlannedFailure,
  PlannedReplay,
  PlannedZombie,
  RealBrokerOptions,
  RealFaults,
  SubscribedHandler,
} from './delivery/index.js';
export {
  checkDelivery,
  DeliveryCheckError,
  DeliveryCrash,
  InjectedFailure,
  subscribedHandler,
} from './delivery/index.js';
// Errors.
export type { CoreErrorCode } from './errors/error-codes.js';
export type {
  ErrorCodeInfo,
  EventspecErrorCode,
  EventspecErrorCodes,
  EventspecErrorOptions,
} from './errors/eventspec-error.js';
export { EventspecError, EventspecUsageError } from './errors/eventspec-error.js';
// Evolution: upcasters between event versions, their specs and round-trip property.
export type {
  EventContractProblems,
  EventContracts,
  EventToCheck,
  Upcaster,
  UpcasterScenario,
  UpcasterScenarioOptions,
  Upcasters,
  UpcastRoundTripOptions,
  UpcastRoundTripReport,
  VersionAccessors,
  VersionWriters,
} from './evolution/index.js';
export { checkUpcastRoundTrip, defineUpcasters, upcasterScenario } from './evolution/index.js';
// Matching: asymmetric matchers inside expected events.
export type { AsymmetricMatcher } from './matching/asymmetric-matcher.js';
export { matcher } from './matching/asymmetric-matcher.js';
export { any, anything, closeTo, satisfies, stringMatching, uuid } from './matching/matchers.js';
// Spec records: what the report and the summary reporter read.
export type {
  BrokerRecord,
  ContractRecord,
  DeliveryRecord,
  InvariantRecord,
  ScenarioRecord,
  SpecRecord,
  TopologyRecord,
} from './records/index.js';
export { onSpecRecord } from './records/index.js';
// Specs: given / when / then for deciders, aggregates, process managers and projections.
export type {
  AggregateAdapter,
  AsyncDecider,
  CancelOutput,
  DecideContext,
  Decider,
  DeciderScenario,
  DeciderWhenStage,
  Decision,
  ErrorExpectation,
  EventPattern,
  ExpectedOutputs,
  ExpectedSchedule,
  GivenCommand,
  GivenEntry,
  InAnyOrder,
  InvariantOptions,
  InvariantReport,
  ProcessManager,
  ProcessOutput,
  ProcessReady,
  ProcessStart,
  ProcessStep,
  Projection,
  ProjectionScenario,
  ProjectionScenarioOptions,
  PublishOutput,
  ReactContext,
  Reaction,
  ScenarioOptions,
  Scheduled,
  ScheduleOutput,
  SendOutput,
  SpecSettings,
  StepOutputs,
  SyncDecider,
} from './specs/index.js';
export {
  cancel,
  command,
  configureSpecs,
  fromAggregate,
  inAnyOrder,
  processScenario,
  projectionScenario,
  publish,
  scenario,
  schedule,
  send,
} from './specs/index.js';
// System scenarios: services wired to the in-memory broker.
export type {
  DeciderService,
  EventuallyOptions,
  FaultNote,
  FlowEntry,
  HandlerService,
  ObservedFlow,
  ObservedFlowsOptions,
  ProcessService,
  ProjectionService,
  Redelivery,
  Rejection,
  Service,
  SystemBrokerOptions,
  SystemExpectations,
  SystemFaults,
  SystemOptions,
  SystemReport,
  SystemScenario,
  SystemState,
} from './system/index.js';
export {
  deciderService,
  handlerService,
  observedFlows,
  processService,
  projectionService,
  renderMessageFlowSvg,
  system,
} from './system/index.js';
