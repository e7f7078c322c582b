import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Parser } from '@asyncapi/parser';
import { precompiledRules } from '../asyncapi/_internals/precompiled-structure.js';
import type { InputProblem } from '../model/contract-errors.js';
import { readOperations } from './_internals/read-operations.js';
import { TopologyInputError } from './topology-input-error.js';

/** What an application does with a message on a channel, as its AsyncAPI document declares it. */
export interface DeclaredFlow {
  /** The application: the document's `x-eventspec-application`, else its `info.title`. */
  application: string;
  /** `send`: the application produces the message; `receive`: it consumes it. */
  action: 'send' | 'receive';
  /** The message type: its `name`. */
  type: string;
  /** Its `x-eventspec-version`, 1 when absent. */
  version: number;
  /** The channel address, a template when it has parameters (`orders.{orderId}.placed`). */
  channel: string;
  /** Where it is declared: `file#/operations/<id>` (AsyncAPI 3) or `file#/channels/<address>/publish` (2.x). */
  source: string;
}

/** The declared graph: every flow of every application of a set of AsyncAPI documents. */
export interface DeclaredTopology {
  flows: readonly DeclaredFlow[];
  /** The applications, in the order of their documents. */
  applications: readonly string[];
}

/**
 * Reads the declared topology of AsyncAPI documents, one document per application: the operations of an
 * AsyncAPI 3 document (`action: send` produces, `receive` consumes; an operation without `messages` covers
 * every message of its channel), or the `subscribe` (the application sends) and `publish` (the application
 * receives) operations of an AsyncAPI 2.x document. Throws a {@link TopologyInputError} listing every problem.
 * Needs the optional `@asyncapi/parser`.
 * @example
 * const declared = await loadDeclaredTopology(['orders.asyncapi.yaml', 'payments.asyncapi.yaml']);
 */
export async function loadDeclaredTopology(files: readonly string[]): Promise<DeclaredTopology> {
  const problems: InputProblem[] = [];
  const documents: { text: string; file: string }[] = [];
  for (const file of files) {
    const name = relative(process.cwd(), file).split(sep).join('/') || file;
    try {
      documents.push({ text: await readFile(file, 'utf8'), file: name });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push({ file: name, pointer: '', message: `cannot read the AsyncAPI document (${code})` });
    }
  }
  const topology = combine(await parseDocuments(documents), problems);
  if (problems.length > 0) throw new TopologyInputError(problems);
  return topology;
}

/** Like {@link loadDeclaredTopology}, from the texts of the documents. */
export async function declaredTopologyFromText(
  documents: readonly { text: string; file: string }[],
): Promise<DeclaredTopology> {
  const problems: InputProblem[] = [];
  const topology = combine(await parseDocuments(documents), problems);
  if (problems.length > 0) throw new TopologyInputError(problems);
  return topology;
}

type Read = { application: string; flows: DeclaredFlow[]; file: string } | { problems: InputProblem[] };

function combine(read: readonly Read[], problems: InputProblem[]): DeclaredTopology {
  const flows: DeclaredFlow[] = [];
  const applications = new Map<string, string>();
  for (const document of read) {
    if ('problems' in document) {
      problems.push(...document.problems);
      continue;
    }
    const other = applications.get(document.application);
    if (other !== undefined) {
      problems.push({
        file: document.file,
        pointer: '/info/title',
        message: `the application "${document.application}" is already described by ${other}; one document per application (set x-eventspec-application to tell them apart)`,
      });
      continue;
    }
    applications.set(document.application, document.file);
    flows.push(...document.flows);
  }
  return { flows, applications: [...applications.keys()] };
}

async function parseDocuments(documents: readonly { text: string; file: string }[]): Promise<Read[]> {
  if (documents.length === 0) return [];
  const module = await import('@asyncapi/parser').catch((error: Error) => error);
  if (module instanceof Error) {
    const message = `cannot read AsyncAPI documents without the optional dependency @asyncapi/parser (${module.message.split('\n')[0]}); install it`;
    return [{ problems: [{ file: documents[0]!.file, pointer: '', message }] }];
  }
  // One parser for all the documents, without the recommended (style) rules: only errors are read, and
  // the style rules more than double the time of a parse. The document checks precompiled at build time
  // spare compiling the AsyncAPI schema for each document.
  const rules = precompiledRules();
  const parser = new module.Parser({ ruleset: { recommended: false, ...(rules && { rules }) } });
  const read: Read[] = [];
  for (const { text, file } of documents) read.push(await parseDocument(parser, text, file));
  return read;
}

async function parseDocument(parser: Parser, text: string, file: string): Promise<Read> {
  const { document, diagnostics } = await parser.parse(text, { source: file });
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
    return {
      problems: errors.length > 0 ? errors : [{ file, pointer: '', message: 'not an AsyncAPI document' }],
    };
  }
  const read = readOperations(document.json() as unknown as Record<string, unknown>, file);
  if (read.problems.length > 0) return { problems: read.problems };
  return { application: read.application, flows: read.flows, file };
}
