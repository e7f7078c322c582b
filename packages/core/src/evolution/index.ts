export type { EventContractProblems, EventContracts, EventToCheck } from './event-contracts.js';
export type { UpcastRoundTripOptions, UpcastRoundTripReport, VersionWriters } from './upcast-round-trip.js';
export { checkUpcastRoundTrip } from './upcast-round-trip.js';
export type { UpcasterScenarioOptions } from './upcaster-scenario.js';
export { UpcasterScenario, upcasterScenario } from './upcaster-scenario.js';
export type { Upcaster, VersionAccessors } from './upcasters.js';
export { defineUpcasters, Upcasters } from './upcasters.js';
