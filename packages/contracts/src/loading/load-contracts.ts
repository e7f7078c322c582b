import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { EventspecUsageError } from '@eventspec/core/internal';
import type { CompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract, JsonSchema } from '../model/contract.js';
import { ContractInputError, type InputProblem, parseJsonSource } from '../model/contract-errors.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { checkContractSchemas, checkSchema } from '../registry/check-schemas.js';
import { ContractRegistry, duplicateProblems } from '../registry/contract-registry.js';
import { parseContractDefinition } from '../registry/parse-contract-definition.js';

/** A source file handed to {@link contractsFromFiles}: a path (for messages) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Options of {@link loadContracts}. */
export interface LoadContractsOptions {
  /** The mode of contracts whose file does not set `compatibility`. @default 'BACKWARD' */
  compatibility?: CompatibilityMode;
  /** Told once per unknown `format` of an AsyncAPI document (it is ignored). @default process.emitWarning */
  onWarning?: (message: string) => void;
}

const knownOptions = ['compatibility', 'onWarning'] as const;

/**
 * Loads every `*.contract.json` in a folder (recursively), with the `*.schema.json` files beside them as
 * shared schemas addressed by `$id`, and the messages of its AsyncAPI 2.x and 3 documents (`*.asyncapi.yaml`). Throws a {@link ContractInputError} listing every problem, each with
 * its file and place.
 * @example
 * const registry = await loadContracts(new URL('../contracts', import.meta.url).pathname);
 */
export async function loadContracts(
  folder: string,
  options: LoadContractsOptions = {},
): Promise<ContractRegistry> {
  refuseUnknownOptions('loadContracts', options, knownOptions);
  if (typeof folder !== 'string')
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACTS_FOLDER_INVALID',
      `loadContracts: expected the path of the contracts folder, got ${folder === null ? 'null' : typeof folder}.`,
      { actual: folder, expected: 'a folder path' },
    );
  return contractsFromSources(await readContractSources(folder), options);
}

/**
 * The contract, schema and AsyncAPI files of a folder tree, read; a folder named like one of them, or a file
 * that cannot be read, is a {@link ContractInputError}.
 */
export async function readContractSources(folder: string): Promise<SourceFile[]> {
  const shown = (path: string) => relative(process.cwd(), path).split(sep).join('/') || path;
  const listed = await listFiles(folder).catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      {
        file: folder,
        pointer: '',
        message: `cannot read the contracts folder (${error.code ?? error.message})`,
      },
    ]);
  });
  const problems: InputProblem[] = listed.folders.map((path) => ({
    file: shown(path),
    pointer: '',
    message:
      'a folder named like a contract, schema or AsyncAPI file; rename it (or move its files up), since only files are read',
  }));
  const files = await Promise.all(
    listed.files.map(async (path) => ({
      path: shown(path),
      text: await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        problems.push({
          file: shown(path),
          pointer: '',
          message: `cannot read the file (${error.code ?? error.message})`,
        });
        return '';
      }),
    })),
  );
  if (problems.length > 0) throw new ContractInputError(problems);
  return files;
}

/** Refuses a files argument that is not an array of `{ path, text }` strings, naming the API. */
function checkFiles(api: string, files: unknown): asserts files is readonly SourceFile[] {
  const bad = Array.isArray(files)
    ? files.findIndex(
        (f) =>
          typeof (f as SourceFile | null)?.path !== 'string' ||
          typeof (f as SourceFile | null)?.text !== 'string',
      )
    : -2;
  if (bad === -1) return;
  throw new EventspecUsageError(
    'EVENTSPEC_CONTRACT_SOURCES_INVALID',
    `${api}: expected an array of files, each { path: string, text: string }; got ${bad === -2 ? (files === null ? 'null' : typeof files) : `${JSON.stringify((files as unknown[])[bad]) ?? 'undefined'} at index ${bad}`}. Read the files first, or call loadContracts(folder).`,
    { actual: files, expected: 'SourceFile[]' },
  );
}

const asyncApiFile = /\.asyncapi\.(ya?ml|json)$/;

/** Whether a file is one `loadContracts` reads: a contract, a shared schema or an AsyncAPI document. */
export function isContractSource(path: string): boolean {
  return path.endsWith('.contract.json') || path.endsWith('.schema.json') || asyncApiFile.test(path);
}

/**
 * Like {@link contractsFromFiles}, and AsyncAPI 2.x and 3 documents (`*.asyncapi.yaml`, `.yml`, `.json`) too, read
 * with the optional `@asyncapi/parser`; every problem of every file is reported together.
 */
export async function contractsFromSources(
  files: readonly SourceFile[],
  options: LoadContractsOptions = {},
): Promise<ContractRegistry> {
  checkFiles('contractsFromSources', files);
  refuseUnknownOptions('contractsFromSources', options, knownOptions);
  const problems: InputProblem[] = [];
  const registries: ContractRegistry[] = [];
  const collect = async (read: () => ContractRegistry | Promise<ContractRegistry>) => {
    try {
      registries.push(await read());
    } catch (error) {
      if (error instanceof ContractInputError) problems.push(...error.problems);
      else if ((error as { code?: unknown }).code === 'EVENTSPEC_ASYNCAPI_PARSER_MISSING')
        problems.push({ file: current, pointer: '', message: (error as Error).message });
      else throw error;
    }
  };
  let current = '';
  await collect(() =>
    contractsFromFiles(
      files.filter((f) => !asyncApiFile.test(f.path)),
      options,
    ),
  );
  const documents = files.filter((f) => asyncApiFile.test(f.path));
  if (documents.length > 0) {
    const asyncapi = await import('../asyncapi/load-asyncapi.js');
    for (const document of documents) {
      current = document.path;
      await collect(() => asyncapi.asyncApiFromText(document.text, document.path, options));
    }
  }
  if (problems.length > 0) throw new ContractInputError(problems);
  return ContractRegistry.merge(...registries);
}

/** Builds a registry from contract and schema files already in memory (a folder, or a git ref). */
export function contractsFromFiles(
  files: readonly SourceFile[],
  options: LoadContractsOptions = {},
): ContractRegistry {
  checkFiles('contractsFromFiles', files);
  refuseUnknownOptions('contractsFromFiles', options, knownOptions);
  const problems: InputProblem[] = [];
  const library = new Map<string, JsonSchema>();
  const contracts: Contract[] = [];
  for (const file of files.filter((f) => f.path.endsWith('.schema.json'))) {
    const parsed = parseJsonSource(file.text, file.path);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const id = (parsed.value as { $id?: unknown } | null)?.$id;
    if (typeof id !== 'string') {
      problems.push({
        file: file.path,
        pointer: '',
        message: 'a shared schema needs an "$id" so that contracts can $ref it',
      });
      continue;
    }
    library.set(id, parsed.value as JsonSchema);
  }
  for (const file of files.filter((f) => f.path.endsWith('.schema.json'))) {
    const parsed = parseJsonSource(file.text, file.path);
    // Checked through the whole library, itself included: shared schemas may $ref each other in a cycle.
    if (parsed.ok && library.has((parsed.value as { $id: string }).$id))
      problems.push(...checkSchema(parsed.value as JsonSchema, library, file.path, ''));
  }
  for (const file of files.filter((f) => f.path.endsWith('.contract.json'))) {
    const parsed = parseJsonSource(file.text, file.path);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const read = parseContractDefinition(parsed.value, file.path, options);
    problems.push(...read.problems);
    if (read.contract) {
      const schemaProblems = checkContractSchemas(read.contract, library);
      problems.push(...schemaProblems);
      if (schemaProblems.length === 0) contracts.push(read.contract);
    }
  }
  problems.push(...duplicateProblems(contracts));
  if (problems.length > 0) throw new ContractInputError(problems);
  return ContractRegistry.of(contracts, library);
}

/** The contract sources of a folder tree, and the folders named like one (reported, never skipped). */
async function listFiles(folder: string): Promise<{ files: string[]; folders: string[] }> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .map(async (e) => {
        const path = join(folder, e.name);
        if (e.isDirectory()) {
          const inner = await listFiles(path);
          return isContractSource(e.name) ? { ...inner, folders: [path, ...inner.folders] } : inner;
        }
        return { files: isContractSource(e.name) ? [path] : [], folders: [] };
      }),
  );
  return {
    files: nested.flatMap((n) => n.files).sort(),
    folders: nested.flatMap((n) => n.folders).sort(),
  };
}
