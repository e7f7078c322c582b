import { readFile } from 'node:fs/promises';
import { ContractInputError, type InputProblem, parseJsonSource } from '../model/contract-errors.js';

/**
 * Which contract a pact interaction is about, for pacts written without eventspec's `contract` metadata
 * entry: by the interaction's description, or by one of its provider states. A contract is an id
 * (`OrderPlaced@2`) or a type (`OrderPlaced`).
 * @example
 * { descriptions: { 'an order to bill': 'OrderPlaced@2' }, providerStates: { 'an order exists': 'OrderPlaced' } }
 */
export interface PactMapping {
  descriptions?: Readonly<Record<string, string>>;
  providerStates?: Readonly<Record<string, string>>;
}

const contractName = /^[A-Za-z_][\w.:-]*(@\d+)?$/;

/** The problems of a mapping (the `--pact-mapping` file's JSON, or the API option), each with its place. */
export function pactMappingProblems(value: unknown, file: string): InputProblem[] {
  const problems: InputProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [
      {
        file,
        pointer: '',
        message:
          'a pact mapping is an object: { "descriptions": { "<interaction description>": "OrderPlaced@2" }, "providerStates": { "<state>": "OrderPlaced" } }',
      },
    ];
  for (const [key, entries] of Object.entries(value)) {
    if (key !== 'descriptions' && key !== 'providerStates') {
      problems.push({
        file,
        pointer: `/${key}`,
        message: `unknown key "${key}"; a pact mapping has descriptions, providerStates`,
      });
      continue;
    }
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push({ file, pointer: `/${key}`, message: 'expected an object of names to contracts' });
      continue;
    }
    for (const [name, contract] of Object.entries(entries)) {
      if (typeof contract !== 'string' || !contractName.test(contract))
        problems.push({
          file,
          pointer: `/${key}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: `expected a contract id like "OrderPlaced@2" or a type like "OrderPlaced", got ${JSON.stringify(contract)}`,
        });
    }
  }
  return problems;
}

/**
 * Reads and checks a `--pact-mapping` file; a problem is a {@link ContractInputError} with its place.
 * `shown` is how messages name the file. @default file
 */
export async function readPactMapping(file: string, shown: string = file): Promise<PactMapping> {
  try {
    return await readMapping(file, shown);
  } catch (error) {
    if (error instanceof ContractInputError)
      error.message = `The pact mapping cannot be used${error.message.slice('The contracts cannot be loaded'.length)}`;
    throw error;
  }
}

async function readMapping(file: string, shown: string): Promise<PactMapping> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      { file: shown, pointer: '', message: `cannot read the pact mapping (${error.code ?? error.message})` },
    ]);
  });
  const parsed = parseJsonSource(text, shown);
  if (!parsed.ok) throw new ContractInputError([parsed.problem]);
  const problems = pactMappingProblems(parsed.value, shown);
  if (problems.length > 0) throw new ContractInputError(problems);
  return parsed.value as PactMapping;
}
