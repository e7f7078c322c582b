import type { ValidateFunction } from 'ajv/dist/core.js';
import { channelMatches, describeChannel } from '../model/channel-address.js';
import type { Channel, Contract, ContractMessage, JsonSchema } from '../model/contract.js';
import {
  type ContractViolation,
  describeAjvErrors,
  type MessagePart,
} from '../validation/contract-violation.js';
import type { AnyAjv } from '../validation/create-ajv.js';
import { envelopeSchema } from '../validation/envelope-schemas.js';

/** A contract's compiled validators: checks a whole message, every part, returning all violations. */
export type CompiledContract = (message: ContractMessage) => ContractViolation[];

/**
 * Compiles the data, key, headers and envelope schemas of a contract once, each with the ajv of its own
 * dialect (`ajvFor` reads its `$schema`).
 */
export function compileContract(
  ajvFor: (schema: JsonSchema) => AnyAjv,
  contract: Contract,
): CompiledContract {
  const compile = (schema: JsonSchema): ValidateFunction =>
    plainValidator(schema, ajvFor(schema).compile(asObject(schema)));
  const parts: [MessagePart, ValidateFunction, boolean][] = [];
  parts.push(['data', compile(contract.data), true]);
  if (contract.key !== undefined) parts.push(['key', compile(contract.key), true]);
  if (contract.headers !== undefined) parts.push(['headers', compile(contract.headers), false]);
  const envelope = envelopeSchema(contract.envelope);
  if (envelope !== undefined) parts.push(['envelope', compile(envelope), true]);
  const channels = contract.channels ?? (contract.channel ? [contract.channel] : []);

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
          expected: `${part === 'data' ? "the message's data" : part === 'envelope' ? 'an envelope' : `a ${part}`} (the contract defines its schema)`,
          actual: undefined,
        });
        continue;
      }
      if (validate(value)) continue;
      violations ??= [];
      violations.push(...describeAjvErrors(part, validate.errors ?? []));
    }
    const channelViolation = checkChannel(channels, message);
    if (channelViolation !== undefined) {
      violations ??= [];
      violations.push(channelViolation);
    }
    return violations ?? [];
  };
}

/**
 * The validator of one part, for messages made of objects without a prototype (`Object.create(null)`, as some
 * decoders and dictionaries make) too. ajv compares values for `uniqueItems`, `const` and `enum` with
 * fast-deep-equal, which tells such an object from an equal plain one (a false violation) or calls its
 * missing `valueOf` (a TypeError). Where the schema may compare objects, a message holding one is validated as
 * the plain objects JSON Schema sees in it; other schemas never compare and cost nothing more.
 */
function plainValidator(schema: JsonSchema, validate: ValidateFunction): ValidateFunction {
  if (!comparesObjects(schema, new Set())) return validate;
  const plain = ((value: unknown) => {
    const passed = validate(holdsBareObject(value, new Set()) ? plainCopy(value, new Map()) : value);
    plain.errors = validate.errors ?? null;
    return passed;
  }) as ValidateFunction;
  return plain;
}

/** Whether a schema may compare objects: `uniqueItems`, an object in `const` or `enum`, a `$ref` elsewhere. */
function comparesObjects(schema: unknown, seen: Set<object>): boolean {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  if (s.uniqueItems === true) return true;
  if (typeof s.const === 'object' && s.const !== null) return true;
  if (Array.isArray(s.enum) && s.enum.some((v) => typeof v === 'object' && v !== null)) return true;
  if (typeof s.$ref === 'string' && !s.$ref.startsWith('#')) return true;
  return Object.values(s).some((v) => comparesObjects(v, seen));
}

function holdsBareObject(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  if (!Array.isArray(value) && Object.getPrototypeOf(value) === null) return true;
  return Object.values(value).some((v) => holdsBareObject(v, seen));
}

function plainCopy(value: unknown, copies: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  copies.set(value, copy);
  for (const [key, v] of Object.entries(value)) (copy as Record<string, unknown>)[key] = plainCopy(v, copies);
  return copy;
}

/**
 * The channel a message was sent to, against every channel of the contract (an address template matches
 * its concrete addresses); for an AMQP exchange, the routing key of the channel on that exchange.
 */
function checkChannel(channels: readonly Channel[], message: ContractMessage): ContractViolation | undefined {
  if (channels.length === 0 || message.channel === undefined) return undefined;
  const on = channels.filter((c) => channelMatches(c, message.channel!));
  if (on.length === 0) {
    return {
      part: 'channel',
      path: 'channel',
      keyword: 'channel',
      expected: channels.map(describeChannel).join(' or '),
      actual: message.channel,
    };
  }
  const keys = on.flatMap((c) => (c.kind === 'exchange' && c.routingKey !== undefined ? [c.routingKey] : []));
  if (message.routingKey === undefined || keys.length < on.length || keys.includes(message.routingKey))
    return undefined;
  return {
    part: 'channel',
    path: 'routingKey',
    keyword: 'routingKey',
    expected: keys.map((k) => JSON.stringify(k)).join(' or '),
    actual: message.routingKey,
  };
}

function asObject(schema: unknown): object {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema as object;
}
