import { emitSpecRecord, recording } from '@eventspec/core/internal';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { exampleOfSchema } from '../generation/example-of-schema.js';
import type { ContractMessage } from '../model/contract.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { refuseBody } from '../model/message-shape.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { ContractViolationError } from '../validation/contract-validation-error.js';
import { pactMatchersFor, wholeValueRegex } from './pact-matchers.js';
import { pickFields } from './pick-fields.js';

/** Options of a {@link MessagePact}. */
export interface MessagePactOptions {
  consumer: string;
  provider: string;
  /** Where the contracts the consumer expects come from. */
  registry: ContractRegistry;
  /** Folder the pact file is written to. @default 'pacts' */
  dir?: string;
  /** Pact's own log level. @default 'error' */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/** A provider state, with parameters. */
export interface ProviderStateSpec {
  state: string;
  params?: Record<string, string | number | boolean>;
}

/** The message a consumer expects: which contract, and optionally the example it is tested with. */
export interface ExpectedMessage {
  /** The interaction's description in the pact file (unique per provider). */
  description: string;
  /** The contract the message satisfies: `OrderPlaced@2`. */
  contract: string;
  /** Provider states the message needs. */
  given?: string | ProviderStateSpec | (string | ProviderStateSpec)[];
  /** The data the handler is tested with; built from the schema when omitted. Must satisfy the contract. */
  data?: unknown;
  key?: string;
  headers?: Record<string, string>;
  /**
   * The data fields the handler reads (`orderId`, `total.amount`, `lines[].sku`): only these go into the
   * pact and reach the handler, so the pact records what this consumer depends on. @default every field
   */
  reads?: readonly string[];
}

/**
 * The consumer side of a Pact V4 message pact whose messages come from contracts: the example is checked
 * against the contract and the Pact matchers are derived from its schema, so the two cannot drift; the
 * consumer's real handler runs on the message; Pact writes a standard V4 pact file.
 * @example
 * const pact = new MessagePact({ consumer: 'shipping', provider: 'orders', registry });
 * await pact.receive({ description: 'an order was placed', contract: 'OrderPlaced@2' }, (m) => onOrderPlaced(m.data));
 */
export class MessagePact {
  readonly #options: MessagePactOptions;

  constructor(options: MessagePactOptions) {
    refuseUnknownOptions('new MessagePact', options, ['consumer', 'provider', 'registry', 'dir', 'logLevel']);
    this.#options = options;
  }

  /** Declares the expected message and runs `handler` on it; the interaction is written only if the handler succeeds. */
  async receive(expected: ExpectedMessage, handler: (message: ContractMessage) => unknown): Promise<void> {
    const { registry } = this.#options;
    if (typeof expected === 'object' && expected !== null) refuseBody('pact.receive(expected)', expected);
    const contract = registry.get(expected.contract);
    const data = expected.data ?? exampleOfSchema(contract.data, registry.library);
    const key =
      expected.key ??
      (contract.key !== undefined ? String(exampleOfSchema(contract.key, registry.library)) : undefined);
    const headers =
      expected.headers ??
      (contract.headers !== undefined
        ? (exampleOfSchema(contract.headers, registry.library) as Record<string, string>)
        : undefined);
    const message: ContractMessage = { data };
    if (key !== undefined) message.key = key;
    if (headers !== undefined) message.headers = headers;
    const result = registry.validate(message, contract.id);
    const violations = result.violations.filter((v) => v.part !== 'envelope' && v.part !== 'channel');
    if (violations.length > 0) throw new ContractViolationError({ ...result, ok: false, violations });

    const read = expected.reads === undefined ? data : pickFields(data, expected.reads);
    const metadata: Record<string, string | ReturnType<typeof MatchersV3.string>> = { contract: contract.id };
    if (contract.channel?.kind === 'topic') metadata.topic = contract.channel.topic;
    if (contract.channel?.kind === 'exchange') {
      metadata.exchange = contract.channel.exchange;
      if (contract.channel.routingKey !== undefined) metadata.routingKey = contract.channel.routingKey;
    }
    if (key !== undefined) {
      const pattern =
        typeof contract.key === 'object' && typeof contract.key.pattern === 'string'
          ? contract.key.pattern
          : undefined;
      metadata.key =
        pattern !== undefined ? MatchersV3.regex(wholeValueRegex(pattern), key) : MatchersV3.string(key);
    }
    for (const [name, value] of Object.entries(headers ?? {})) metadata[name] = String(value);

    const pact = new PactV4({
      consumer: this.#options.consumer,
      provider: this.#options.provider,
      dir: this.#options.dir ?? 'pacts',
      logLevel: this.#options.logLevel ?? 'error',
    });
    let interaction = pact.addAsynchronousInteraction();
    for (const given of [expected.given ?? []].flat()) {
      interaction =
        typeof given === 'string' ? interaction.given(given) : interaction.given(given.state, given.params);
    }
    const record = (status: 'passed' | 'failed', failure?: unknown) => {
      if (!recording()) return;
      emitSpecRecord({
        kind: 'contract',
        subject: contract.id,
        action: 'pact-consumer',
        status,
        mode: contract.compatibility,
        source: contract.source,
        detail: `${this.#options.consumer} expects "${expected.description}" from ${this.#options.provider}${expected.reads ? `, reading ${expected.reads.join(', ')}` : ''}`,
        ...(failure === undefined
          ? {}
          : { failure: failure instanceof Error ? failure.message : String(failure) }),
      });
    };
    const written = interaction
      .expectsToReceive(expected.description, (builder) => {
        builder
          .withJSONContent(pactMatchersFor(contract.data, read, registry.library))
          .withMetadata(metadata);
      })
      .executeTest(async (received) => {
        const meta = received.metadata as Record<string, string>;
        const delivered: ContractMessage = { data: received.contents.content };
        if (meta.key !== undefined) delivered.key = meta.key;
        if (headers !== undefined)
          delivered.headers = Object.fromEntries(Object.keys(headers).map((h) => [h, meta[h]]));
        const channel = meta.topic ?? meta.exchange;
        if (channel !== undefined) delivered.channel = channel;
        await handler(delivered);
      });
    try {
      await written;
    } catch (error) {
      record('failed', error);
      throw error;
    }
    record('passed');
  }
}
