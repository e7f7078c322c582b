export type { EventspecErrorOptions } from './errors/eventspec-error.js';
export { EventspecError, EventspecUsageError } from './errors/eventspec-error.js';
