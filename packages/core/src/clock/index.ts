export type { Duration } from './duration.js';
export { toMilliseconds } from './duration.js';
export type { Instant } from './instant.js';
export { toEpochMs } from './instant.js';
export { defaultStartInstant, VirtualClock } from './virtual-clock.js';
