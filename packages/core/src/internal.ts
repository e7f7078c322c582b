// Internals the sibling packages (@eventspec/contracts, @eventspec/vitest-plugin, @eventspec/broker-fixtures)
// share with core: `@eventspec/core/internal`. Not a public API: it changes without notice, and users import
// from '@eventspec/core'. Its report (api/internal.api.md) still makes each change a reviewed diff.
export type { CompareMode } from './matching/compare.js';
export { equalsIn } from './matching/compare.js';
export { escapeXml } from './report/escape-xml.js';
export type { FormatOptions } from './report/format-value.js';
export { formatInline } from './report/format-value.js';
export { typeName } from './specs/event-type.js';
export { describeThrown } from './specs/scenario-failure.js';
export type { EventsVerdict } from './specs/verify-events.js';
export { verifyEvents } from './specs/verify-events.js';
