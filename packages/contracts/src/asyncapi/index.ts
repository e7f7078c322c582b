export type { LoadAsyncApiOptions } from './load-asyncapi.js';
export { asyncApiFromText, loadAsyncApi } from './load-asyncapi.js';
