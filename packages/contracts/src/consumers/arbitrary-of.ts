import type { Message } from '@eventspec/core';
import { EventspecUsageError } from '@eventspec/core';
import fc from 'fast-check';
import type { Contract, ContractMessage } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { defaultContracts } from '../registry/default-registry.js';
import { formatViolation } from '../validation/contract-violation.js';
import { envelopeSchema } from '../validation/envelope-schemas.js';
import { contractValidator } from './_internals/contract-validator.js';
import { defaultDepth, schemaArbitrary } from './_internals/schema-arbitrary.js';

/** A generated message: core's `Message` (what a handler receives) with the envelope the contract asks for. */
export interface GeneratedMessage<Data = unknown> extends Message<Data> {
  /** Envelope attributes (CloudEvents or eventspec), when the contract has an envelope. */
  envelope?: Record<string, unknown>;
}

/** Options of {@link arbitraryOf}. */
export interface ArbitraryOfOptions {
  /**
   * The registry the contract (and the schemas its `$ref`s name) comes from.
   * @default the registry set with `useContracts()`
   */
  registry?: ContractRegistry;
  /**
   * How many levels of nesting (and `$ref` hops) generated values reach; deeper, only required parts.
   * @default 4
   */
  depth?: number;
}

/**
 * A fast-check arbitrary of messages valid under a contract — body, key, headers and envelope — biased to the
 * boundaries (empty and maximal strings and arrays, bounds of numbers, each enum value, optional fields
 * absent), shrinking toward the smallest message. Every value is checked by ajv before it is produced, so a
 * generator bug can never blame a consumer.
 * @example fc.assert(fc.property(arbitraryOf('OrderPlaced@2', { registry }), (message) => { handle(message); }));
 */
export function arbitraryOf(
  contract: Contract | string,
  options: ArbitraryOfOptions = {},
): fc.Arbitrary<GeneratedMessage> {
  const registry = options.registry ?? defaultContracts();
  const found = typeof contract === 'string' ? registry.get(contract) : contract;
  const depth = options.depth ?? defaultDepth;
  const part = (schema: Contract['body'] | undefined) =>
    schema === undefined
      ? { arbitrary: fc.constant(undefined), unbuilt: new Set<string>() }
      : schemaArbitrary(schema, registry.library, depth);
  const body = part(found.body);
  const key = part(found.key);
  const headers = part(found.headers);
  const envelope = part(envelopeSchema(found.envelope));
  const unbuilt = [...new Set([...body.unbuilt, ...key.unbuilt, ...headers.unbuilt, ...envelope.unbuilt])];
  const violations = contractValidator(registry, found);
  let rejectedInARow = 0;
  let firstRejection = '';
  return fc
    .record(
      {
        body: body.arbitrary,
        key: key.arbitrary,
        headers: headers.arbitrary,
        envelope: envelope.arbitrary,
        id: fc.nat({ max: 9999 }),
      },
      { noNullPrototype: true },
    )
    .filter((generated) => {
      const problems = violations(asContractMessage(generated));
      if (problems.length === 0) {
        rejectedInARow = 0;
        return true;
      }
      firstRejection ||= problems.map(formatViolation).join('; ');
      if (++rejectedInARow < 2000) return false;
      throw new EventspecUsageError(
        'EVENTSPEC_CONTRACT_CANNOT_GENERATE',
        `arbitraryOf(${contractName(contract)}) cannot generate valid messages: 2,000 generated in a row broke the contract (first: ${firstRejection}).` +
          (unbuilt.length > 0
            ? ` The generator does not build values for ${unbuilt.join(', ')} (ajv checks them). `
            : ' ') +
          'Pass your own arbitrary, or loosen the schema where it asks for what no message can have.',
      );
    })
    .map((generated) => toMessage(found, generated));
}

function contractName(contract: Contract | string): string {
  return typeof contract === 'string' ? `'${contract}'` : contract.id;
}

interface Generated {
  body: unknown;
  key: unknown;
  headers: unknown;
  envelope: unknown;
  id: number;
}

function asContractMessage(generated: Generated): ContractMessage {
  const message: ContractMessage = { body: generated.body };
  if (generated.key !== undefined) message.key = generated.key;
  if (generated.headers !== undefined) message.headers = generated.headers as Record<string, unknown>;
  if (generated.envelope !== undefined) message.envelope = generated.envelope as Record<string, unknown>;
  return message;
}

function toMessage(contract: Contract, generated: Generated): GeneratedMessage {
  const envelope = generated.envelope as Record<string, unknown> | undefined;
  const id = String(envelope?.messageId ?? envelope?.id ?? `m-${generated.id}`);
  const message: GeneratedMessage = {
    id,
    type: contract.type,
    // A key of another type than string (rare) is kept as the contract has it.
    key: generated.key === undefined ? id : (generated.key as string),
    data: generated.body,
  };
  if (generated.headers !== undefined) message.headers = generated.headers as Record<string, string>;
  if (envelope !== undefined) message.envelope = envelope;
  return message;
}

/** The parts of a generated message a contract checks. */
export function contractMessageOf(message: GeneratedMessage): ContractMessage {
  const parts: ContractMessage = { body: message.data, key: message.key };
  if (message.headers !== undefined) parts.headers = message.headers;
  if (message.envelope !== undefined) parts.envelope = message.envelope;
  return parts;
}
