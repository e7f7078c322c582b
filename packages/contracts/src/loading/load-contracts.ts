import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract, JsonSchema } from '../model/contract.js';
import { ContractInputError, type InputProblem, parseJsonSource } from '../model/contract-errors.js';
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
}

/**
 * Loads every `*.contract.json` in a folder (recursively), with the `*.schema.json` files beside them as
 * shared schemas addressed by `$id`, and the messages of its AsyncAPI 3 documents (`*.asyncapi.yaml`). Throws a {@link ContractInputError} listing every problem, each with
 * its file and place.
 * @example
 * const registry = await loadContracts(new URL('../contracts', import.meta.url).pathname);
 */
export async function loadContracts(
  folder: string,
  options: LoadContractsOptions = {},
): Promise<ContractRegistry> {
  const paths = await listFiles(folder).catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      {
        file: folder,
        pointer: '',
        message: `cannot read the contracts folder (${error.code ?? error.message})`,
      },
    ]);
  });
  const files = await Promise.all(
    paths.map(async (path) => ({
      path: relative(process.cwd(), path).split(sep).join('/') || path,
      text: await readFile(path, 'utf8'),
    })),
  );
  return contractsFromSources(files, options);
}

const asyncApiFile = /\.asyncapi\.(ya?ml|json)$/;

/** Whether a file is one `loadContracts` reads: a contract, a shared schema or an AsyncAPI document. */
export function isContractSource(path: string): boolean {
  return path.endsWith('.contract.json') || path.endsWith('.schema.json') || asyncApiFile.test(path);
}

/**
 * Like {@link contractsFromFiles}, and AsyncAPI 3 documents (`*.asyncapi.yaml`, `.yml`, `.json`) too, read
 * with the optional `@asyncapi/parser`; every problem of every file is reported together.
 */
export async function contractsFromSources(
  files: readonly SourceFile[],
  options: LoadContractsOptions = {},
): Promise<ContractRegistry> {
  const problems: InputProblem[] = [];
  const registries: ContractRegistry[] = [];
  const collect = async (read: () => ContractRegistry | Promise<ContractRegistry>) => {
    try {
      registries.push(await read());
    } catch (error) {
      if (!(error instanceof ContractInputError)) throw error;
      problems.push(...error.problems);
    }
  };
  await collect(() =>
    contractsFromFiles(
      files.filter((f) => !asyncApiFile.test(f.path)),
      options,
    ),
  );
  const documents = files.filter((f) => asyncApiFile.test(f.path));
  if (documents.length > 0) {
    const asyncapi = await import('../asyncapi/load-asyncapi.js').catch((error: Error) => error);
    for (const document of documents) {
      if (asyncapi instanceof Error) {
        problems.push({
          file: document.path,
          pointer: '',
          message: `cannot read AsyncAPI documents without the optional dependency @asyncapi/parser (${asyncapi.message.split('\n')[0]}); install it`,
        });
        continue;
      }
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
    if (parsed.ok && library.has((parsed.value as { $id: string }).$id)) {
      const { [(parsed.value as { $id: string }).$id]: _self, ...others } = Object.fromEntries(library);
      problems.push(
        ...checkSchema(parsed.value as JsonSchema, new Map(Object.entries(others)), file.path, ''),
      );
    }
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

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .map(async (e) => {
        const path = join(folder, e.name);
        if (e.isDirectory()) return listFiles(path);
        return isContractSource(e.name) ? [path] : [];
      }),
  );
  return nested.flat().sort();
}
