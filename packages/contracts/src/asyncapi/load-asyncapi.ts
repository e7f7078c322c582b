import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { CompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { checkContractSchemas } from '../registry/check-schemas.js';
import { ContractRegistry, duplicateProblems } from '../registry/contract-registry.js';
import { documentMessages } from './_internals/document-messages.js';
import { type ParsedDocument, parseDocument } from './_internals/parse-document.js';
import { placeInDocument } from './_internals/place-in-document.js';
import { readMessage, storedExtension } from './_internals/read-message.js';
import { UnknownFormats } from './_internals/unknown-formats.js';

/** Options of {@link loadAsyncApi}. */
export interface LoadAsyncApiOptions {
  /** The mode of messages without `x-eventspec-compatibility`. @default 'BACKWARD' */
  compatibility?: CompatibilityMode;
  /**
   * Told once per `format` the validator does not know (such as `iri-reference`); such a format is ignored,
   * as ajv's `strict: false` does. @default process.emitWarning
   */
  onWarning?: (message: string) => void;
}

const knownOptions = ['compatibility', 'onWarning'] as const;

/** Adds the channels and operations of a message another channel shares to its contract. */
function shareWith(contract: Contract, other: Contract): void {
  const channels = [...(contract.channels ?? (contract.channel ? [contract.channel] : []))];
  for (const channel of other.channels ?? (other.channel ? [other.channel] : []))
    if (!channels.some((c) => JSON.stringify(c) === JSON.stringify(channel))) channels.push(channel);
  if (channels.length > 1) contract.channels = channels;
  const operations = [...(contract.operations ?? []), ...(other.operations ?? [])];
  if (operations.length > 0) contract.operations = operations;
}

type Json = Record<string, unknown>;

/**
 * Loads the messages of an AsyncAPI 2.x or 3 document as contracts, parsed and validated by `@asyncapi/parser`
 * (a document it accepted is kept in `node_modules/.cache/eventspec`, or `$EVENTSPEC_CACHE_DIR`, `off` for none):
 * the payload is the data schema (in the dialect its `$schema` names, else its JSON Schema `schemaFormat`'s
 * version, else 2020-12), `headers` the headers schema, the Kafka binding's `key` the key schema,
 * the channel address the topic (or the AMQP exchange and routing key). The type is the message `name`;
 * `x-eventspec-version` (default 1), `x-eventspec-compatibility` and `x-eventspec-envelope` set the rest, and
 * `x-eventspec-stored: true` (on the message or one of its traits) marks an event kept in an event store, whose
 * breaking changes `eventspec contracts check --upcasters` lets through only with their upcasters.
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
  refuseUnknownOptions('asyncApiFromText', options, knownOptions);
  const formats = new UnknownFormats(file, options.onWarning);
  const parsed = await parseDocument(text, file);
  const read = readDocument(parsed, file, options, formats);
  if (read instanceof ContractRegistry || !parsed.fromCache) return orThrow(read);
  // A cached parse has no lines and columns: the parser places the problems.
  return orThrow(readDocument(await parseDocument(text, file, { cache: false }), file, options, formats));
}

function orThrow(read: ContractRegistry | InputProblem[]): ContractRegistry {
  if (read instanceof ContractRegistry) return read;
  throw new ContractInputError(read);
}

/** The contracts of a parsed document, or every problem found in it. */
function readDocument(
  parsed: ParsedDocument,
  file: string,
  options: LoadAsyncApiOptions,
  formats: UnknownFormats,
): ContractRegistry | InputProblem[] {
  const errors: InputProblem[] = parsed.errors.map((d) => ({
    file,
    pointer: `/${d.path.join('/')}`,
    line: d.line,
    column: d.column,
    message: d.message,
  }));
  const version = parsed.version;
  if (errors.length > 0 || version === undefined)
    return errors.length > 0 ? errors : [{ file, pointer: '', message: 'not an AsyncAPI document' }];
  const major = Number(version.split('.')[0]);
  if (major !== 2 && major !== 3) {
    return [
      {
        file,
        pointer: '/asyncapi',
        message: `AsyncAPI ${version} is not supported; write an AsyncAPI 2.x or 3 document`,
      },
    ];
  }
  const json = parsed.json as Json;
  const problems: InputProblem[] = [];
  const contracts: Contract[] = [];
  const source = parsed.source;
  const reported = new Set<string>();
  for (const kind of ['channels', 'operations'] as const) {
    for (const [id, object] of Object.entries((json[kind] ?? {}) as Record<string, Json>)) {
      if (object[storedExtension] === undefined) continue;
      problems.push({
        file,
        ...placeInDocument(source, [kind, id, storedExtension]),
        message: `${kind.slice(0, -1)} "${id}": "${storedExtension}" is read on messages, not ${kind}; move it to each stored message of the ${kind.slice(0, -1)} (or to a message trait they share)`,
      });
    }
  }
  for (const { channel, message, path, operations } of documentMessages(json, major)) {
    const pointer = path.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
    const read = readMessage(message, channel, `${file}#${pointer}`, options.compatibility);
    if (read.problems) {
      for (const problem of read.problems) {
        const place = problem.at ? placeInDocument(source, [...path, ...problem.at]) : { pointer };
        // A message of `components` that several channels share is reported once, at its one place.
        const key = `${place.pointer}:${problem.message}`;
        if (!reported.has(key)) problems.push({ file, ...place, message: problem.message });
        reported.add(key);
      }
      continue;
    }
    const contract = formats.strip(read.contract);
    if (operations.length > 0) contract.operations = operations;
    // A message several channels share is one contract, valid on each of its channels.
    const twin = contracts.find((c) => c.id === contract.id);
    if (twin && JSON.stringify(twin.data) === JSON.stringify(contract.data)) {
      shareWith(twin, contract);
      continue;
    }
    const schemaProblems = checkContractSchemas(contract, new Map()).map((p) => ({
      ...p,
      file,
      pointer: `${pointer}${p.pointer.replace(/^\/data/, '/payload').replace(/^\/key/, '/bindings/kafka/key')}`,
    }));
    problems.push(...schemaProblems);
    if (schemaProblems.length === 0) contracts.push(contract);
  }
  problems.push(...duplicateProblems(contracts));
  return problems.length > 0 ? problems : ContractRegistry.of(contracts);
}
