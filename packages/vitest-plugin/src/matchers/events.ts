/** Matchers on arrays of events: `toEmit`, `toEmitMatching`, … */
export const eventMatchers = {};
