export { eventspec } from './plugin.js';
export type { EventspecPluginOptions } from './plugin.js';
