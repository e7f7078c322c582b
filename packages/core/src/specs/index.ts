export type { AggregateAdapter } from './aggregate.js';
export { fromAggregate } from './aggregate.js';
export type { AsyncDecider, DecideContext, Decider, Decision, SyncDecider } from './decider.js';
export type { ScenarioOptions } from './decider-scenario.js';
export { DeciderScenario } from './decider-scenario.js';
export type { EventPattern } from './decider-when-stage.js';
export { DeciderWhenStage } from './decider-when-stage.js';
export type { ErrorExpectation } from './error-expectation.js';
export type { GivenCommand, GivenEntry } from './given-command.js';
export { command } from './given-command.js';
export type { InAnyOrder } from './in-any-order.js';
export { inAnyOrder } from './in-any-order.js';
export type { InvariantOptions, InvariantReport } from './invariant.js';
export type { ExpectedOutputs, ExpectedSchedule } from './process-expectations.js';
export type {
  CancelOutput,
  ProcessManager,
  ProcessOutput,
  PublishOutput,
  ReactContext,
  Reaction,
  ScheduleOutput,
  SendOutput,
} from './process-manager.js';
export { cancel, publish, schedule, send } from './process-manager.js';
export type { Scheduled, StepOutputs } from './process-run.js';
export { processScenario } from './process-scenario.js';
export type { ProcessReady, ProcessStart, ProcessStep } from './process-stages.js';
export type { Projection, ProjectionScenarioOptions } from './projection-scenario.js';
export { ProjectionScenario, projectionScenario } from './projection-scenario.js';
export { scenario } from './scenario.js';
export type { SpecSettings } from './spec-settings.js';
export { configureSpecs, specSettings } from './spec-settings.js';
export type { UnawaitedScenarios } from './unawaited-scenarios.js';
export { watchUnawaitedScenarios } from './unawaited-scenarios.js';
export type { EventsVerdict } from './verify-events.js';
export { verifyEvents } from './verify-events.js';
