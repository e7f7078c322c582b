// Internals the sibling packages (@eventspec/contracts, @eventspec/vitest-plugin, @eventspec/broker-fixtures)
// share with core: `@eventspec/core/internal`. Not a public API: it changes without notice, and users import
// from '@eventspec/core'. Its report (api/internal.api.md) still makes each change a reviewed diff.

// The error classes again, so that a sibling's module that only throws them does not load all of core.
export { EventspecError, EventspecUsageError } from './errors/eventspec-error.js';
export { escapeXml } from './format/escape-xml.js';
export type { FormatOptions } from './format/format-value.js';
export { formatInline } from './format/format-value.js';
export { fileSlug, writeSvgFile } from './format/svg-file.js';
export { typeName } from './format/type-name.js';
export type { CompareMode } from './matching/compare.js';
export { equalsIn } from './matching/compare.js';
export type { UserModule } from './modules/import-user-module.js';
export { importUserModule } from './modules/import-user-module.js';
export { freshSeed } from './options/fresh-seed.js';
export { emitSpecRecord, recording } from './records/spec-record.js';
export { describeThrown } from './specs/scenario-failure.js';
export type { UnawaitedScenarios } from './specs/unawaited-scenarios.js';
export { watchUnawaitedScenarios } from './specs/unawaited-scenarios.js';
export type { EventsVerdict } from './specs/verify-events.js';
export { verifyEvents } from './specs/verify-events.js';
