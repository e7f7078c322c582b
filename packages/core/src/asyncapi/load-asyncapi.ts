import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { Parser } from '@asyncapi/parser';
import {
  type CompatibilityMode,
  isCompatibilityMode,
} from '../contracts/compatibility/compatibility-mode.js';
import type { Channel, Contract, EnvelopeKind, JsonSchema } from '../contracts/model/contract.js';
import { ContractInputError, type InputProblem } from '../contracts/model/contract-errors.js';
import { checkContractSchemas } from '../contracts/registry/check-schemas.js';
import { ContractRegistry, duplicateProblems } from '../contracts/registry/contract-registry.js';

/** Options of {@link loadAsyncApi}. */
export interface LoadAsyncApiOptions {
  /** The mode of messages without `x-eventspec-compatibility`. @default 'BACKWARD' */
  compatibility?: CompatibilityMode;
}

type Json = Record<string, unknown>;

/**
 * Loads the messages of an AsyncAPI 3 document as contracts, parsed and validated by `@asyncapi/parser`:
 * the payload is the body schema, `headers` the headers schema, the Kafka binding's `key` the key schema,
 * the channel address the topic (or the AMQP exchange and routing key). The type is the message `name`;
 * `x-eventspec-version` (default 1), `x-eventspec-compatibility` and `x-eventspec-envelope` set the rest.
 * @example
 * const registry = await loadAsyncApi('asyncapi.yaml');
 */
export async function loadAsyncApi(
  file: string,
  options: LoadAsyncApiOptions = {},
): Promise<ContractRegistry> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      { file, pointer: '', message: `cannot read the AsyncAPI document (${error.code ?? error.message})` },
    ]);
  });
  return asyncApiFromText(text, relative(process.cwd(), file).split(sep).join('/') || file, options);
}

/** Like {@link loadAsyncApi}, from the text of the document. */
export async function asyncApiFromText(
  text: string,
  file: string,
  options: LoadAsyncApiOptions = {},
): Promise<ContractRegistry> {
  const { document, diagnostics } = await new Parser().parse(text, { source: file });
  const errors: InputProblem[] = diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => ({
      file,
      pointer: `/${d.path.join('/')}`,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      message: d.message,
    }));
  if (errors.length > 0 || document === undefined) {
    throw new ContractInputError(
      errors.length > 0 ? errors : [{ file, pointer: '', message: 'not an AsyncAPI document' }],
    );
  }
  if (!document.version().startsWith('3.')) {
    throw new ContractInputError([
      {
        file,
        pointer: '/asyncapi',
        message: `AsyncAPI ${document.version()} is not supported; write an AsyncAPI 3 document`,
      },
    ]);
  }
  const json = document.json() as unknown as Json;
  const problems: InputProblem[] = [];
  const contracts: Contract[] = [];
  const seen = new Map<unknown, Contract>();
  for (const [channelId, channel] of Object.entries((json.channels ?? {}) as Record<string, Json>)) {
    for (const [messageId, message] of Object.entries((channel.messages ?? {}) as Record<string, Json>)) {
      const pointer = `/channels/${channelId}/messages/${messageId}`;
      const source = `${file}#${pointer}`;
      const read = readMessage(message, channel, source, options);
      if ('problem' in read) {
        problems.push({ file, pointer, message: read.problem });
        continue;
      }
      const twin = [...seen.values()].find((c) => c.id === read.contract.id);
      if (twin && JSON.stringify(twin.body) === JSON.stringify(read.contract.body)) continue;
      const schemaProblems = checkContractSchemas(read.contract, new Map()).map((p) => ({
        ...p,
        file,
        pointer: `${pointer}${p.pointer.replace(/^\/body/, '/payload').replace(/^\/key/, '/bindings/kafka/key')}`,
      }));
      problems.push(...schemaProblems);
      if (schemaProblems.length === 0) {
        contracts.push(read.contract);
        seen.set(message, read.contract);
      }
    }
  }
  problems.push(...duplicateProblems(contracts));
  if (problems.length > 0) throw new ContractInputError(problems);
  return ContractRegistry.of(contracts);
}

function readMessage(
  message: Json,
  channel: Json,
  source: string,
  options: LoadAsyncApiOptions,
): { contract: Contract } | { problem: string } {
  const type = message.name ?? message['x-parser-unique-object-id'];
  if (typeof type !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(type))
    return { problem: 'the message needs a "name" like "OrderPlaced" (its contract type)' };
  const version = message['x-eventspec-version'] ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { problem: '"x-eventspec-version" must be a positive integer' };
  const compatibility = message['x-eventspec-compatibility'] ?? options.compatibility ?? 'BACKWARD';
  if (!isCompatibilityMode(compatibility))
    return {
      problem: '"x-eventspec-compatibility" must be BACKWARD, FORWARD, FULL, a _TRANSITIVE variant, or NONE',
    };
  const envelope = message['x-eventspec-envelope'] ?? 'none';
  if (envelope !== 'cloudevents' && envelope !== 'eventspec' && envelope !== 'none')
    return { problem: '"x-eventspec-envelope" must be cloudevents, eventspec or none' };
  const payload = jsonSchemaOf(message.payload);
  if ('problem' in payload) return payload;
  const contract: Contract = {
    id: `${type}@${version}`,
    type,
    version,
    body: payload.schema,
    envelope: envelope as EnvelopeKind,
    compatibility,
    source,
  };
  const channelOf = channelFrom(channel);
  if (channelOf) contract.channel = channelOf;
  if (message.headers !== undefined) contract.headers = clean(message.headers) as JsonSchema;
  const key = ((message.bindings as Json | undefined)?.kafka as Json | undefined)?.key;
  if (key !== undefined) contract.key = clean(key) as JsonSchema;
  if (typeof message.description === 'string') contract.description = message.description;
  return { contract };
}

function channelFrom(channel: Json): Channel | undefined {
  const address = channel.address;
  if (typeof address !== 'string') return undefined;
  const exchange = (
    ((channel.bindings as Json | undefined)?.amqp as Json | undefined)?.exchange as Json | undefined
  )?.name;
  if (typeof exchange === 'string') return { kind: 'exchange', exchange, routingKey: address };
  return { kind: 'topic', topic: address };
}

/** A copy of a schema without the parser's `x-parser-*` bookkeeping. */
function clean(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(clean);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => !k.startsWith('x-parser-'))
      .map(([k, v]) => [k, k === 'enum' || k === 'const' ? v : clean(v)]),
  );
}

/** The JSON Schema of a payload: a plain schema, or a multi-format schema object whose format is JSON Schema. */
function jsonSchemaOf(payload: unknown): { schema: JsonSchema } | { problem: string } {
  if (payload === undefined) return { schema: true };
  const multi = payload as { schemaFormat?: unknown; schema?: unknown };
  if (
    typeof multi === 'object' &&
    multi !== null &&
    typeof multi.schemaFormat === 'string' &&
    'schema' in multi
  ) {
    const format = multi.schemaFormat;
    if (!/^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema\+json|schema\+yaml)/.test(format)) {
      return {
        problem: `the payload's schema format "${format}" is not JSON Schema; eventspec contracts need a JSON Schema payload`,
      };
    }
    return { schema: clean(multi.schema) as JsonSchema };
  }
  return { schema: clean(payload) as JsonSchema };
}
