import type { Broker, Message } from '@eventspec/core';
import { EventspecError, EventspecUsageError } from '@eventspec/core/internal';
import type { ContractRegistry } from '../registry/contract-registry.js';
import type { ContractValidationResult } from '../validation/contract-validation-error.js';
import { formatViolation } from '../validation/contract-violation.js';
import { type SentMessage, toContractMessage } from './sent-message.js';

/** Options of {@link ProducerCapture.check}. */
export interface ProducedCheckOptions {
  /**
   * The contract id of a sent message. By default the `contract` header (`OrderPlaced@2`), else the newest
   * version of the message's `type` in the registry.
   */
  contractOf?: (sent: SentMessage) => string;
}

/** What a producer sent, each message with its contract's verdict. */
export interface ProducedCheck {
  sent: SentMessage;
  result: ContractValidationResult;
}

/** A broker whose `publish` is recorded, and the messages recorded so far. */
export interface ProducerCapture<B extends Broker> {
  /** Hand this to the producer code instead of the broker: it publishes through to the real one. */
  readonly broker: B;
  /** Every message published through `broker`, in order. */
  readonly sent: readonly SentMessage[];
  /** Checks every sent message against its contract. */
  check(registry: ContractRegistry, options?: ProducedCheckOptions): ProducedCheck[];
  /**
   * Throws `EVENTSPEC_CONTRACT_PRODUCED_VIOLATION` listing every sent message that breaks its contract, and a
   * usage error when nothing was sent (a producer test that captures nothing proves nothing).
   */
  assertSatisfied(registry: ContractRegistry, options?: ProducedCheckOptions): void;
}

/**
 * Captures what real producer code publishes, through an in-memory broker or a real one from
 * `@eventspec/broker-fixtures`, to check every message against its contract.
 * @example
 * const capture = captureProduced(new InMemoryTopicBroker());
 * await placeOrder(capture.broker, order);
 * capture.assertSatisfied(registry);
 */
export function captureProduced<B extends Broker>(broker: B): ProducerCapture<B> {
  const sent: SentMessage[] = [];
  const recording = new Proxy(broker, {
    get(target, property) {
      if (property === 'publish') {
        return async (destination: string, messages: readonly Message[]) => {
          for (const message of messages)
            sent.push({ destination, model: target.model, message: structuredClone(message) });
          return target.publish(destination, messages);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const check = (registry: ContractRegistry, options: ProducedCheckOptions = {}): ProducedCheck[] =>
    sent.map((s) => {
      const id = options.contractOf?.(s) ?? defaultContractOf(s, registry);
      const contract = registry.get(id);
      return { sent: s, result: registry.validate(toContractMessage(s, contract), contract.id) };
    });
  return {
    broker: recording,
    sent,
    check,
    assertSatisfied(registry, options) {
      if (sent.length === 0) {
        throw new EventspecUsageError(
          'EVENTSPEC_CONTRACT_NOTHING_PRODUCED',
          'The producer published nothing through capture.broker. Hand capture.broker (not the original broker) to the producer code, and await it before checking.',
        );
      }
      const failed = check(registry, options).filter((c) => !c.result.ok);
      if (failed.length === 0) return;
      const lines = failed.map(({ sent: s, result }) => {
        const index = sent.indexOf(s) + 1;
        const head = `  message ${index} of ${sent.length} (${s.message.type} ${s.message.id} → ${s.destination}) breaks ${result.contract}:`;
        return [head, ...result.violations.map((v) => `    - ${formatViolation(v)}`)].join('\n');
      });
      throw new EventspecError(
        'EVENTSPEC_CONTRACT_PRODUCED_VIOLATION',
        `${failed.length} of ${sent.length} produced messages do not satisfy their contracts:\n${lines.join('\n')}\nChange the producer to send what the contracts describe, or publish new contract versions.`,
        {
          actual: failed.map((c) => Object.fromEntries(c.result.violations.map((v) => [v.path, v.actual]))),
          expected: failed.map((c) =>
            Object.fromEntries(c.result.violations.map((v) => [v.path, v.expected])),
          ),
        },
      );
    },
  };
}

function defaultContractOf(sent: SentMessage, registry: ContractRegistry): string {
  const header = sent.message.headers?.contract;
  if (header !== undefined) return header;
  const versions = registry.versionsOf(sent.message.type);
  const newest = versions.at(-1);
  if (newest === undefined) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_UNKNOWN',
      `The producer sent a "${sent.message.type}" message to ${sent.destination}, and no contract has that type. Add a ${sent.message.type} contract, or map messages to contracts with the contractOf option.`,
    );
  }
  return newest.id;
}
