export type { UpcastContractsOptions, UpcastContractsReport } from './check-upcast-contracts.js';
export { checkUpcastContracts } from './check-upcast-contracts.js';
export type { StoredVersionUpcast, UpcasterSteps, UpcastRequirement } from './require-upcasters.js';
export { requireUpcasters } from './require-upcasters.js';
export type { UpcastRoundTripOptions, UpcastRoundTripReport, VersionWriters } from './upcast-round-trip.js';
export { checkUpcastRoundTrip } from './upcast-round-trip.js';
export { UpcasterScenario, upcasterScenario } from './upcaster-scenario.js';
export type { Upcaster, VersionAccessors } from './upcasters.js';
export { defineUpcasters, Upcasters } from './upcasters.js';
