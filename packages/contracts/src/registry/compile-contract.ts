import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { Contract, ContractMessage } from '../model/contract.js';
import {
  type ContractViolation,
  describeAjvErrors,
  type MessagePart,
} from '../validation/contract-violation.js';
import { envelopeSchema } from '../validation/envelope-schemas.js';

/** A contract's compiled validators: checks a whole message, every part, returning all violations. */
export type CompiledContract = (message: ContractMessage) => ContractViolation[];

/** Compiles the body, key, headers and envelope schemas of a contract once. */
export function compileContract(ajv: Ajv2020, contract: Contract): CompiledContract {
  const parts: [MessagePart, ValidateFunction, boolean][] = [];
  parts.push(['body', ajv.compile(asObject(contract.body)), true]);
  if (contract.key !== undefined) parts.push(['key', ajv.compile(asObject(contract.key)), true]);
  if (contract.headers !== undefined) parts.push(['headers', ajv.compile(asObject(contract.headers)), false]);
  const envelope = envelopeSchema(contract.envelope);
  if (envelope !== undefined) parts.push(['envelope', ajv.compile(asObject(envelope)), true]);
  const channel = contract.channel;

  return (message) => {
    let violations: ContractViolation[] | undefined;
    for (const [part, validate, required] of parts) {
      // A message without headers has none: the headers schema still decides (its `required`, if any).
      const value = part === 'headers' ? (message.headers ?? {}) : message[part];
      if (value === undefined) {
        if (!required) continue;
        violations ??= [];
        violations.push({
          part,
          path: part,
          keyword: 'required',
          expected: `${part === 'envelope' ? 'an' : 'a'} ${part} (the contract defines its schema)`,
          actual: undefined,
        });
        continue;
      }
      if (validate(value)) continue;
      violations ??= [];
      violations.push(...describeAjvErrors(part, validate.errors ?? []));
    }
    if (channel !== undefined && message.channel !== undefined) {
      const expected = channel.kind === 'topic' ? channel.topic : channel.exchange;
      if (message.channel !== expected) {
        violations ??= [];
        violations.push({
          part: 'channel',
          path: 'channel',
          keyword: 'channel',
          expected: `"${expected}"`,
          actual: message.channel,
        });
      }
    }
    if (
      channel?.kind === 'exchange' &&
      channel.routingKey !== undefined &&
      message.routingKey !== undefined
    ) {
      if (message.routingKey !== channel.routingKey) {
        violations ??= [];
        violations.push({
          part: 'channel',
          path: 'routingKey',
          keyword: 'routingKey',
          expected: `"${channel.routingKey}"`,
          actual: message.routingKey,
        });
      }
    }
    return violations ?? [];
  };
}

function asObject(schema: unknown): object {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema as object;
}
