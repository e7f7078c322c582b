import { execFileSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import {
  contractsFromSources,
  isContractSource,
  type LoadContractsOptions,
  readContractSources,
  type SourceFile,
} from '../loading/load-contracts.js';
import { ContractInputError } from '../model/contract-errors.js';
import type { ContractRegistry } from '../registry/contract-registry.js';

/** Where the baseline contracts come from. */
export type Baseline = { folder: string } | { gitRef: string };

/** Loads the baseline registry: a folder, or the same contracts folder as it is at a git ref. */
export async function loadBaseline(
  baseline: Baseline,
  contractsFolder: string,
  cwd: string,
  options: LoadContractsOptions = {},
): Promise<ContractRegistry> {
  const files =
    'folder' in baseline
      ? await readContractSources(resolve(cwd, baseline.folder))
      : filesAtRef(baseline.gitRef, resolve(cwd, contractsFolder), cwd);
  return contractsFromSources(files.map(withDataKey), options);
}

/**
 * A baseline contract file written before the schema of a message's payload was named `data` (`"body"`),
 * read as if renamed: the baseline is history the check compares against, not a file to fix.
 */
export function withDataKey(file: SourceFile): SourceFile {
  if (!file.path.endsWith('.contract.json')) return file;
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch {
    return file; // reported, with its line and column, by the loader
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return file;
  if (!('body' in value) || 'data' in value) return file;
  const renamed = Object.fromEntries(
    Object.entries(value).map(([key, part]) => [key === 'body' ? 'data' : key, part]),
  );
  return { path: file.path, text: JSON.stringify(renamed, null, 2) };
}

function git(args: string[], cwd: string, input?: string): Buffer {
  return execFileSync('git', args, {
    cwd,
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The contract and schema files of a folder as they are at a git ref, read with one `git cat-file --batch`. */
export function filesAtRef(ref: string, folder: string, cwd: string): SourceFile[] {
  let root: string;
  let paths: string[];
  try {
    root = git(['rev-parse', '--show-toplevel'], cwd).toString().trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
    const inRepo = relative(root, folder).split('\\').join('/') || '.';
    paths = git(['ls-tree', '-r', '--name-only', '-z', ref, '--', inRepo], root)
      .toString()
      .split('\0')
      .filter(isContractSource);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ContractInputError([
      {
        file: ref,
        pointer: '',
        message: `cannot read the baseline from git${stderr ? ` (${stderr})` : ''}; pass an existing commit, branch or tag to --base-ref, or a folder to --baseline`,
      },
    ]);
  }
  if (paths.length === 0) return [];
  const output = git(['cat-file', '--batch'], root, paths.map((p) => `${ref}:${p}\n`).join(''));
  const files: SourceFile[] = [];
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(10, offset);
    const size = Number(output.subarray(offset, newline).toString().split(' ')[2]);
    files.push({
      path: `${ref}:${path}`,
      text: output.subarray(newline + 1, newline + 1 + size).toString('utf8'),
    });
    offset = newline + 1 + size + 1;
  }
  return files;
}
