export type { ConsumerImpact } from './check-consumers.js';
export { checkConsumers } from './check-consumers.js';
export type { ExpectedMessage, MessagePactOptions, ProviderStateSpec } from './message-pact.js';
export { MessagePact } from './message-pact.js';
export type { MessagePactFile, PactMessageInteraction } from './read-pact-file.js';
export { readMessagePacts } from './read-pact-file.js';
export type {
  ProducedMessage,
  Producer,
  VerificationSummary,
  VerifyProducersOptions,
} from './verify-producers.js';
export { verifyProducers } from './verify-producers.js';
