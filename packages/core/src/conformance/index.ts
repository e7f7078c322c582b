// Entry point `@eventspec/core/conformance`: the broker conformance suite, without any test runner.
export type { BrokerFeature, BrokerFeatures } from './broker-features.js';
export type { BrokerConformanceOptions, ConformanceResult } from './check-broker-conformance.js';
export { checkBrokerConformance, runConformanceScenario, skipReason } from './check-broker-conformance.js';
export { BrokerConformanceFailure, CONFORMANCE_FAILED } from './conformance-failure.js';
export type { ConformanceScenario } from './conformance-scenarios.js';
export { conformanceScenarios } from './conformance-scenarios.js';
export { prepareSource } from './prepare-source.js';
