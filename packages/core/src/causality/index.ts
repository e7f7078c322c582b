export type { CausalBreak, CausalLink } from './causal-check.js';
export { findCausalBreaks, linksOfLog } from './causal-check.js';
export type { CausalNode } from './causal-tree.js';
export { causalTrees, renderCausalTrees } from './causal-tree.js';
export { renderCausalTreeSvg } from './causal-tree-svg.js';
export type { CausalityOptions } from './check-causality.js';
export { checkCausality, checkCausalityOfLog } from './check-causality.js';
export type { CausalMetadata } from './metadata.js';
export { causedBy, correlationOf, metadataOf } from './metadata.js';
