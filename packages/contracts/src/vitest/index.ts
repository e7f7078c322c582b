// Importing '@eventspec/contracts/vitest' (in a test file or a vitest setup file) adds toSatisfyContract
// to vitest's expect.
import { expect } from 'vitest';
import { contractMatchers } from './contract-matchers.js';

expect.extend(contractMatchers);

export type { ContractMatchers } from './contract-matchers.js';
export { contractMatchers } from './contract-matchers.js';
