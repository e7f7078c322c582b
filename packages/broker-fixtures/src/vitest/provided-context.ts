import type { BrokerKind, ProvidedBroker } from '../providers/broker-kind.js';

/** Keys eventspec puts in vitest's provided context (`provide` in global setup, `inject` in workers). */
export const ProvidedKey = {
  kinds: 'eventspec:brokerKinds',
  brokers: 'eventspec:brokers',
  runId: 'eventspec:runId',
} as const;

declare module 'vitest' {
  interface ProvidedContext {
    'eventspec:brokerKinds': BrokerKind[];
    'eventspec:brokers': ProvidedBroker[];
    'eventspec:runId': string;
  }
}
