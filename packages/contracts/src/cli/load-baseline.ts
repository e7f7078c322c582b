import { execFileSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import {
  contractsFromSources,
  isContractSource,
  loadContracts,
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
): Promise<ContractRegistry> {
  if ('folder' in baseline) return loadContracts(resolve(cwd, baseline.folder));
  return contractsFromSources(filesAtRef(baseline.gitRef, resolve(cwd, contractsFolder), cwd));
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
