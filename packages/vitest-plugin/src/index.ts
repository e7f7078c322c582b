export type { EventMatchers } from './matchers/events.js';
export type { EventspecPluginOptions } from './plugin.js';
export { eventspec } from './plugin.js';
