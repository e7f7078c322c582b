import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { Parser } from '@asyncapi/parser';
import type { CompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract } from '../model/contract.js';
import { ContractInputError, type InputProblem } from '../model/contract-errors.js';
import { checkContractSchemas } from '../registry/check-schemas.js';
import { ContractRegistry, duplicateProblems } from '../registry/contract-registry.js';
import { placeInDocument, type SourceDocument } from './_internals/place-in-document.js';
import { readMessage, storedExtension } from './_internals/read-message.js';

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
  const { document, diagnostics, extras } = await new Parser().parse(text, { source: file });
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
  const source = extras?.document as SourceDocument | undefined;
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
  for (const [channelId, channel] of Object.entries((json.channels ?? {}) as Record<string, Json>)) {
    for (const [messageId, message] of Object.entries((channel.messages ?? {}) as Record<string, Json>)) {
      const pointer = `/channels/${channelId}/messages/${messageId}`;
      const read = readMessage(message, channel, `${file}#${pointer}`, options.compatibility);
      if (read.problems) {
        for (const problem of read.problems) {
          const place = problem.at
            ? placeInDocument(source, ['channels', channelId, 'messages', messageId, ...problem.at])
            : { pointer };
          // A message of `components` that several channels share is reported once, at its one place.
          const key = `${place.pointer}:${problem.message}`;
          if (!reported.has(key)) problems.push({ file, ...place, message: problem.message });
          reported.add(key);
        }
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
