// Internals the sibling packages (@eventspec/contracts, @eventspec/vitest-plugin, @eventspec/broker-fixtures)
// share with core. Not a public API: it changes without notice; users import from '@eventspec/core'.
export { escapeXml } from './report/escape-xml.js';
export { describeThrown } from './specs/scenario-failure.js';
