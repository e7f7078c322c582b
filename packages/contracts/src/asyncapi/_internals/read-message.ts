import { type CompatibilityMode, isCompatibilityMode } from '../../model/compatibility-mode.js';
import type { Channel, ChannelParameter, Contract, EnvelopeKind, JsonSchema } from '../../model/contract.js';
import { dialectUris } from '../../validation/schema-dialect.js';
import type { DocumentChannel } from './document-messages.js';
import { dialectOfSchemaFormat } from './schema-format.js';

type Json = Record<string, unknown>;

/** What is wrong with a message: `at` is the path (in the message) at fault, absent for the message as a whole. */
export interface MessageProblem {
  at?: string[];
  message: string;
}

/** The extension that marks a message as an event kept in an event store. */
export const storedExtension = 'x-eventspec-stored';

/**
 * Reads one message of a channel as a contract, collecting every problem of its `x-eventspec-*` fields (the
 * payload and the name are checked once those are right).
 */
export function readMessage(
  message: Json,
  channel: DocumentChannel,
  source: string,
  defaultMode: CompatibilityMode | undefined,
): { contract: Contract; problems?: undefined } | { problems: MessageProblem[] } {
  const type =
    message.name ??
    message.messageId ??
    message['x-parser-message-name'] ??
    message['x-parser-unique-object-id'];
  if (typeof type !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(type))
    return { problems: [{ message: 'the message needs a "name" like "OrderPlaced" (its contract type)' }] };
  const problems: MessageProblem[] = [];
  const version = message['x-eventspec-version'] ?? 1;
  const validVersion = typeof version === 'number' && Number.isInteger(version) && version >= 1;
  const named = validVersion ? `${type}@${version}` : type;
  const field = (name: string, fix: string) =>
    problems.push({
      at: [name],
      message: `message "${named}": "${name}" is ${JSON.stringify(message[name])}, but ${fix}`,
    });
  if (!validVersion)
    field('x-eventspec-version', 'it must be a positive integer (the contract version, 1 when absent)');
  const compatibility = message['x-eventspec-compatibility'] ?? defaultMode ?? 'BACKWARD';
  if (!isCompatibilityMode(compatibility))
    field('x-eventspec-compatibility', 'it must be BACKWARD, FORWARD, FULL, a _TRANSITIVE variant, or NONE');
  const envelope = message['x-eventspec-envelope'] ?? 'none';
  if (envelope !== 'cloudevents' && envelope !== 'eventspec' && envelope !== 'none')
    field('x-eventspec-envelope', 'it must be cloudevents, eventspec or none');
  const stored = message[storedExtension] ?? false;
  if (typeof stored !== 'boolean')
    field(
      storedExtension,
      'it must be true (events of this type are kept in an event store, so `eventspec contracts check` requires an upcaster for each breaking change) or false; write x-eventspec-stored: true, without quotes',
    );
  if (problems.length > 0) return { problems };

  const payload = jsonSchemaOf(message, named);
  if ('problem' in payload) return { problems: [payload.problem] };
  if (typeof payload.schema === 'object' && storedExtension in payload.schema)
    return {
      problems: [
        {
          at:
            'schemaFormat' in (message.payload as Json)
              ? ['payload', 'schema', storedExtension]
              : ['payload', storedExtension],
          message: `message "${named}": "${storedExtension}" is set on the payload schema, where eventspec does not read it; move it to the message (or a message trait)`,
        },
      ],
    };
  const contract: Contract = {
    id: `${type}@${version}`,
    type,
    version: version as number,
    data: payload.schema,
    envelope: envelope as EnvelopeKind,
    compatibility: compatibility as CompatibilityMode,
    source,
  };
  const channelOf = channelFrom(channel);
  if (channelOf) contract.channel = channelOf;
  if (message.headers !== undefined) contract.headers = clean(message.headers) as JsonSchema;
  const key = ((message.bindings as Json | undefined)?.kafka as Json | undefined)?.key;
  if (key !== undefined) contract.key = clean(key) as JsonSchema;
  if (typeof message.description === 'string') contract.description = message.description;
  if (stored === true) contract.stored = true;
  return { contract };
}

function channelFrom(channel: DocumentChannel): Channel | undefined {
  const address = channel.address;
  if (typeof address !== 'string') return undefined;
  const exchange = ((channel.bindings?.amqp as Json | undefined)?.exchange as Json | undefined)?.name;
  if (typeof exchange === 'string') return { kind: 'exchange', exchange, routingKey: address };
  // Every `{param}` of the address is a template segment, declared in `parameters` or not.
  const names = [...address.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return { kind: 'topic', topic: address };
  const parameters: Record<string, ChannelParameter> = {};
  for (const name of names) parameters[name] = channel.parameters?.[name] ?? {};
  return { kind: 'topic', topic: address, parameters };
}

/**
 * A copy of a schema without the parser's `x-parser-*` bookkeeping. The parser dereferences a recursive
 * schema into a cycle; where the copy meets a schema it is inside of, it writes a `$ref` to it again.
 */
function clean(schema: unknown, path: string[] = [], inside: Map<object, string[]> = new Map()): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const ancestor = inside.get(schema);
  if (ancestor !== undefined)
    return { $ref: `#${ancestor.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}` };
  inside.set(schema, path);
  const copy = Array.isArray(schema)
    ? schema.map((v, i) => clean(v, [...path, String(i)], inside))
    : Object.fromEntries(
        Object.entries(schema)
          .filter(([k]) => !k.startsWith('x-parser-'))
          .map(([k, v]) => [k, k === 'enum' || k === 'const' ? v : clean(v, [...path, k], inside)]),
      );
  inside.delete(schema);
  return copy;
}

/**
 * The data schema a message without `payload` gets: it carries no data, so only an empty one (`null`, as a
 * Kafka tombstone or a signal without content) satisfies it — never anything at all.
 */
export const noPayloadSchema: JsonSchema = {
  const: null,
  description: 'The AsyncAPI message declares no payload: it carries no data.',
};

/**
 * The JSON Schema of a message's payload: a plain schema, or a multi-format schema object (3.0) whose format is
 * JSON Schema. A JSON Schema format with a version (`application/schema+json;version=draft-07`, on the
 * payload in 3.0 or on the message in 2.x) names the payload's dialect when the schema has no `$schema`.
 */
function jsonSchemaOf(message: Json, named: string): { schema: JsonSchema } | { problem: MessageProblem } {
  const payload = message.payload;
  if (payload === undefined) return { schema: noPayloadSchema };
  const multi = payload as { schemaFormat?: unknown; schema?: unknown };
  const isMulti =
    typeof multi === 'object' &&
    multi !== null &&
    typeof multi.schemaFormat === 'string' &&
    'schema' in multi;
  // AsyncAPI 2.x names the payload's schema format on the message.
  const [format, at] = isMulti
    ? [multi.schemaFormat as string, ['payload', 'schemaFormat']]
    : [message.schemaFormat, ['schemaFormat']];
  const schema = clean(isMulti ? multi.schema : payload) as JsonSchema;
  if (typeof format !== 'string') return { schema };
  const dialect = dialectOfSchemaFormat(format);
  if (dialect === 'not json schema') {
    const message = `the payload's schema format "${format}" is not JSON Schema; eventspec contracts need a JSON Schema payload`;
    return { problem: isMulti ? { message } : { at, message: `message "${named}": ${message}` } };
  }
  if (dialect === 'unknown version')
    return {
      problem: {
        at,
        message: `message "${named}": the payload's schema format "${format}" names a JSON Schema version eventspec does not know; write version=draft-04, draft-06, draft-07, 2019-09 or 2020-12 (or declare "$schema" in the payload)`,
      },
    };
  if (dialect === undefined || typeof schema !== 'object' || schema === null || '$schema' in schema)
    return { schema };
  return { schema: { $schema: dialectUris[dialect], ...schema } };
}
