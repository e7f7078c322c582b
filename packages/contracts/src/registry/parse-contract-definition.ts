import { type CompatibilityMode, isCompatibilityMode } from '../model/compatibility-mode.js';
import type { Channel, Contract, EnvelopeKind, JsonSchema } from '../model/contract.js';
import type { InputProblem } from '../model/contract-errors.js';

const envelopes: readonly EnvelopeKind[] = ['cloudevents', 'eventspec', 'none'];
const knownFields = new Set([
  '$schema',
  'type',
  'version',
  'channel',
  'envelope',
  'compatibility',
  'description',
  'stored',
  'data',
  'key',
  'headers',
]);

/**
 * Reads a contract definition (the JSON of a `*.contract.json` file), collecting every problem with its
 * pointer instead of stopping at the first.
 */
export function parseContractDefinition(
  value: unknown,
  source: string,
  defaults: { compatibility?: CompatibilityMode } = {},
): { contract?: Contract; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ file: source, pointer, message });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('', 'a contract file must hold a JSON object with "type", "version" and "data"');
    return { problems };
  }
  const def = value as Record<string, unknown>;
  for (const field of Object.keys(def)) {
    if (field === 'body' && !('data' in def))
      problem(
        '/body',
        '"body" is named "data" now (the JSON Schema of the message\'s data, as in core\'s Message { id, type, key, data }); rename the key',
      );
    else if (!knownFields.has(field))
      problem(
        `/${field}`,
        `unknown field "${field}"; a contract has ${[...knownFields].slice(1).join(', ')}`,
      );
  }
  if (typeof def.type !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(def.type)) {
    problem('/type', 'expected the message type, a name like "OrderPlaced"');
  }
  if (typeof def.version !== 'number' || !Number.isInteger(def.version) || def.version < 1) {
    problem('/version', 'expected the schema version, a positive integer like 2');
  }
  if (!('data' in def) && !('body' in def))
    problem('', 'missing "data": the JSON Schema of the message\'s data (its payload)');
  for (const part of ['data', 'key', 'headers'] as const) {
    const schema = def[part];
    if (
      schema !== undefined &&
      typeof schema !== 'boolean' &&
      (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    ) {
      problem(`/${part}`, 'expected a JSON Schema (an object or a boolean)');
    }
  }
  const envelope = def.envelope ?? 'none';
  if (!envelopes.includes(envelope as EnvelopeKind)) {
    problem('/envelope', `expected one of ${envelopes.map((e) => `"${e}"`).join(', ')}`);
  }
  const compatibility = def.compatibility ?? defaults.compatibility ?? 'BACKWARD';
  if (!isCompatibilityMode(compatibility)) {
    problem(
      '/compatibility',
      'expected BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE',
    );
  }
  const channel = parseChannel(def.channel, problem);
  if (def.description !== undefined && typeof def.description !== 'string')
    problem('/description', 'expected a string');
  if (def.stored !== undefined && typeof def.stored !== 'boolean')
    problem('/stored', 'expected true (events of this type are kept in an event store) or false');
  if (problems.length > 0) return { problems };

  const contract: Contract = {
    id: `${def.type}@${def.version}`,
    type: def.type as string,
    version: def.version as number,
    data: def.data as JsonSchema,
    envelope: envelope as EnvelopeKind,
    compatibility: compatibility as CompatibilityMode,
    source,
  };
  if (channel) contract.channel = channel;
  if (def.key !== undefined) contract.key = def.key as JsonSchema;
  if (def.headers !== undefined) contract.headers = def.headers as JsonSchema;
  if (typeof def.description === 'string') contract.description = def.description;
  if (def.stored === true) contract.stored = true;
  return { contract, problems };
}

function parseChannel(
  value: unknown,
  problem: (pointer: string, message: string) => void,
): Channel | undefined {
  if (value === undefined) return undefined;
  const channel = value as Record<string, unknown>;
  if (typeof channel === 'object' && channel !== null) {
    if (typeof channel.topic === 'string') return { kind: 'topic', topic: channel.topic };
    if (typeof channel.exchange === 'string') {
      if (channel.routingKey !== undefined && typeof channel.routingKey !== 'string') {
        problem('/channel/routingKey', 'expected a string');
        return undefined;
      }
      return typeof channel.routingKey === 'string'
        ? { kind: 'exchange', exchange: channel.exchange, routingKey: channel.routingKey }
        : { kind: 'exchange', exchange: channel.exchange };
    }
  }
  problem('/channel', 'expected { "topic": "…" } or { "exchange": "…", "routingKey": "…" }');
  return undefined;
}
