import { readFile } from 'node:fs/promises';
import { ContractInputError, parseJsonSource } from '../model/contract-errors.js';

/** The subject of each message type, for subjects not named by the TopicNameStrategy (`<topic>-value`). */
export type SubjectMapping = Readonly<Record<string, string>>;

/** Reads and checks a `--registry-subjects` file: `{ "OrderPlaced": "orders-value" }`. */
export async function readSubjectMapping(file: string, shown: string = file): Promise<SubjectMapping> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      {
        file: shown,
        pointer: '',
        message: `cannot read the subject mapping (${error.code ?? error.message})`,
      },
    ]);
  });
  const parsed = parseJsonSource(text, shown);
  if (!parsed.ok) throw new ContractInputError([parsed.problem]);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ContractInputError([
      {
        file: shown,
        pointer: '',
        message: 'expected an object of message types to subjects: { "OrderPlaced": "orders-value" }',
      },
    ]);
  const problems = Object.entries(value)
    .filter(([, subject]) => typeof subject !== 'string' || subject === '')
    .map(([type]) => ({
      file: shown,
      pointer: `/${type}`,
      message: 'expected the subject name, a non-empty string',
    }));
  if (problems.length > 0) throw new ContractInputError(problems);
  return value as SubjectMapping;
}
