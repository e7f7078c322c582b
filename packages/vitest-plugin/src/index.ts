export type { EventspecPluginOptions } from './plugin.js';
export { eventspec } from './plugin.js';
