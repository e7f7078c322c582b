import type { Message } from '@eventspec/core';
import { EventspecUsageError } from '@eventspec/core/internal';
import fc from 'fast-check';
import type { Contract, ContractMessage } from '../model/contract.js';
import type { ContractViolation } from '../validation/contract-violation.js';
import { formatViolation } from '../validation/contract-violation.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import { envelopeSchema } from '../validation/envelope-schemas.js';
import { defaultDepth, schemaArbitrary } from './schema-arbitrary.js';

/** A generated message: core's `Message` (what a handler receives) with the envelope the contract asks for. */
export interface GeneratedMessage<Data = unknown> extends Message<Data> {
  /** Envelope attributes (CloudEvents or eventspec), when the contract has an envelope. */
  envelope?: Record<string, unknown>;
}

/** What {@link messageArbitrary} builds from: the schemas `$ref`s name, the check, the depth. */
export interface MessageArbitrarySettings {
  library: SchemaLibrary;
  /** The contract's check (every violation of a message); a generated message must have none. */
  violations: (message: ContractMessage) => ContractViolation[];
  /** @default 4 */
  depth?: number;
}

/**
 * Messages meant to satisfy a contract, built from its schemas and kept only when `violations` finds none:
 * a generator bug can never hand a consumer an invalid message. See `arbitraryOf`.
 */
export function messageArbitrary(
  contract: Contract,
  settings: MessageArbitrarySettings,
): fc.Arbitrary<GeneratedMessage> {
  const depth = settings.depth ?? defaultDepth;
  const part = (schema: Contract['data'] | undefined) =>
    schema === undefined
      ? { arbitrary: fc.constant(undefined), unbuilt: new Set<string>() }
      : schemaArbitrary(schema, settings.library, depth);
  const data = part(contract.data);
  const key = part(contract.key);
  const headers = part(contract.headers);
  const envelope = part(envelopeSchema(contract.envelope));
  const unbuilt = [...new Set([...data.unbuilt, ...key.unbuilt, ...headers.unbuilt, ...envelope.unbuilt])];
  let rejectedInARow = 0;
  let firstRejection = '';
  return fc
    .record(
      {
        data: data.arbitrary,
        key: key.arbitrary,
        headers: headers.arbitrary,
        envelope: envelope.arbitrary,
        id: fc.nat({ max: 9999 }),
      },
      { noNullPrototype: true },
    )
    .filter((generated) => {
      const problems = settings.violations(asContractMessage(generated));
      if (problems.length === 0) {
        rejectedInARow = 0;
        return true;
      }
      firstRejection ||= problems.map(formatViolation).join('; ');
      if (++rejectedInARow < 2000) return false;
      throw new EventspecUsageError(
        'EVENTSPEC_CONTRACT_CANNOT_GENERATE',
        `Messages valid under ${contract.id} cannot be generated: 2,000 generated in a row broke the contract (first: ${firstRejection}).` +
          (unbuilt.length > 0
            ? ` The generator does not build values for ${unbuilt.join(', ')} (ajv checks them). `
            : ' ') +
          'Pass your own arbitrary, or loosen the schema where it asks for what no message can have.',
      );
    })
    .map((generated) => toMessage(contract, generated));
}

interface Generated {
  data: unknown;
  key: unknown;
  headers: unknown;
  envelope: unknown;
  id: number;
}

function asContractMessage(generated: Generated): ContractMessage {
  const message: ContractMessage = { data: generated.data };
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
    data: generated.data,
  };
  if (generated.headers !== undefined) message.headers = generated.headers as Record<string, string>;
  if (envelope !== undefined) message.envelope = envelope;
  return message;
}

/** The parts of a generated message a contract checks. */
export function contractMessageOf(message: GeneratedMessage): ContractMessage {
  const parts: ContractMessage = { data: message.data, key: message.key };
  if (message.headers !== undefined) parts.headers = message.headers;
  if (message.envelope !== undefined) parts.envelope = message.envelope;
  return parts;
}
