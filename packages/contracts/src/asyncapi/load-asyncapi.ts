import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { CompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { checkContractSchemas } from '../registry/check-schemas.js';
import { ContractRegistry, duplicateProblems } from '../registry/contract-registry.js';
import { documentMessages } from './_internals/document-messages.js';
import { parseDocument } from './_internals/parse-document.js';
import { placeInDocument, type SourceDocument } from './_internals/place-in-document.js';
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
 * Loads the messages of an AsyncAPI 2.x or 3 document as contracts, parsed and validated by `@asyncapi/parser`:
 * the payload is the data schema, `headers` the headers schema, the Kafka binding's `key` the key schema,
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
  const { document, diagnostics, extras } = await parseDocument(text, file);
  const errors: InputProblem[] = diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => ({
      file,
      pointer: `/${d.path.join('/')}`,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      message: parserMessage(d.message),
    }));
  if (errors.length > 0 || document === undefined) {
    throw new ContractInputError(
      errors.length > 0 ? errors : [{ file, pointer: '', message: 'not an AsyncAPI document' }],
    );
  }
  const major = Number(document.version().split('.')[0]);
  if (major !== 2 && major !== 3) {
    throw new ContractInputError([
      {
        file,
        pointer: '/asyncapi',
        message: `AsyncAPI ${document.version()} is not supported; write an AsyncAPI 2.x or 3 document`,
      },
    ]);
  }
  const json = document.json() as unknown as Json;
  const problems: InputProblem[] = [];
  const contracts: Contract[] = [];
  const source = extras?.document as SourceDocument | undefined;
  const reported = new Set<string>();
  const formats = new UnknownFormats(file, options.onWarning);
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
  if (problems.length > 0) throw new ContractInputError(problems);
  return ContractRegistry.of(contracts);
}

/** A parser diagnostic without the stack trace the parser puts in it when it fails inside (a deep document). */
function parserMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message))
    return 'the AsyncAPI parser overflowed the stack reading this document: it nests too deep; flatten it (eventspec refuses schemas nesting more than 512 JSON levels anyway)';
  const stack = message.indexOf(', stack: ');
  return stack === -1 ? message : message.slice(0, stack);
}
