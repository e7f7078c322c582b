import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ContractChange, checkRegistry } from '../compatibility/check-registry.js';
import { loadContracts } from '../loading/load-contracts.js';
import { ContractInputError, formatInputProblem } from '../model/contract-errors.js';
import { type ConsumerImpact, checkConsumers } from '../pact/check-consumers.js';
import { readMessagePacts } from '../pact/read-pact-file.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { requireUpcasters } from '../stored-events/require-upcasters.js';
import { exitCodes } from './exit-codes.js';
import { type ConsumerImpacts, formatHuman } from './format-human.js';
import { formatJunit } from './format-junit.js';
import { formatMarkdown } from './format-markdown.js';
import { isBreaking, isUnproven } from './format-upcasts.js';
import { type Baseline, loadBaseline } from './load-baseline.js';
import { loadUpcasters } from './load-upcasters.js';

/** Where the command writes and which folder it runs in (a test passes its own). */
export interface CommandIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const contractsCheckUsage = `Usage: eventspec contracts check [options]

Compares the contracts in the working tree with a baseline and fails on a breaking change.

Options:
  --contracts <folder>   the contracts folder (default: contracts)
  --baseline <folder>    compare with the contracts in this folder
  --base-ref <git-ref>   compare with the contracts folder at this git ref (e.g. origin/main)
  --junit <file>         also write a JUnit XML report
  --markdown <file>      also write a Markdown report (for a pull-request comment)
  --pacts <folder>       consumers' pact files: report which consumer each change breaks (fails on a break)
  --upcasters <module>   the upcaster registry (module[#export]) of the stored events: a breaking change of a
                         contract marked "stored": true passes only when upcasters read the old versions
  --allow-unproven       do not fail when compatibility can be neither proven nor refuted
  -h, --help             show this help

Exit codes: 0 compatible, 1 breaking change (or a stored event without its upcaster), 2 broken input, 3 cannot prove, 64 usage error.
`;

/** Runs `eventspec contracts check` and returns its exit code. */
export async function contractsCheck(args: string[], io: CommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    io.err(`eventspec contracts check: ${(error as Error).message}\n\n${contractsCheckUsage}`);
    return exitCodes.usage;
  }
  if (values.help) {
    io.out(contractsCheckUsage);
    return exitCodes.ok;
  }
  if ((values.baseline === undefined) === (values['base-ref'] === undefined)) {
    io.err(
      `eventspec contracts check: pass exactly one of --baseline <folder> or --base-ref <git-ref>.\n\n${contractsCheckUsage}`,
    );
    return exitCodes.usage;
  }
  const folder = values.contracts ?? 'contracts';
  const baseline: Baseline =
    values.baseline !== undefined ? { folder: values.baseline } : { gitRef: values['base-ref']! };
  const allowUnproven = values['allow-unproven'] ?? false;
  try {
    const current = await loadContracts(resolve(io.cwd, folder));
    const before = await loadBaseline(baseline, folder, io.cwd).catch((error: unknown) => {
      if (error instanceof ContractInputError) error.message = `The baseline ${error.message.slice(4)}`;
      throw error;
    });
    const changes = checkRegistry(before, current);
    const upcasters =
      values.upcasters === undefined ? undefined : await loadUpcasters(values.upcasters, io.cwd);
    const upcasts = requireUpcasters(changes, current, upcasters?.registry);
    const consumers: ConsumerImpacts =
      values.pacts === undefined
        ? new Map()
        : await consumerImpacts(resolve(io.cwd, values.pacts), changes, before, current);
    const baselineName = 'folder' in baseline ? baseline.folder : baseline.gitRef;
    io.out(
      formatHuman(changes, {
        contracts: current.list().length,
        baseline: baselineName,
        allowUnproven,
        consumers,
        upcasts,
        ...(upcasters && { upcasters: upcasters.name }),
      }),
    );
    const upcastOptions = { upcasts, ...(upcasters && { upcasters: upcasters.name }) };
    if (values.junit)
      await writeFile(
        resolve(io.cwd, values.junit),
        formatJunit(changes, { allowUnproven, consumers, ...upcastOptions }),
      );
    if (values.markdown)
      await writeFile(
        resolve(io.cwd, values.markdown),
        formatMarkdown(changes, baselineName, consumers, upcasts, upcasters?.name),
      );
    if (changes.some((c) => isBreaking(c, upcasts))) return exitCodes.breakingChange;
    const consumerBreak = [...consumers.values()].flat().some((i) => i.result.verdict === 'incompatible');
    if (consumerBreak) return exitCodes.breakingChange;
    if (!allowUnproven && changes.some((c) => isUnproven(c, upcasts))) return exitCodes.unproven;
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ContractInputError) {
      const heading = error.message.split('\n')[0];
      io.err(
        `${heading}\n${error.problems.map((p) => `  ${formatInputProblem(p)}`).join('\n')}\nNothing was compared; fix the input above.\n`,
      );
      return exitCodes.brokenInput;
    }
    throw error;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      contracts: { type: 'string' },
      baseline: { type: 'string' },
      'base-ref': { type: 'string' },
      junit: { type: 'string' },
      markdown: { type: 'string' },
      pacts: { type: 'string' },
      upcasters: { type: 'string' },
      'allow-unproven': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** For each changed contract with an earlier version: how the change affects each consumer with a pact for its type. */
async function consumerImpacts(
  folder: string,
  changes: readonly ContractChange[],
  before: ContractRegistry,
  current: ContractRegistry,
): Promise<ConsumerImpacts> {
  const files = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new ContractInputError([
      { file: folder, pointer: '', message: `cannot read the pacts folder (${error.code ?? error.message})` },
    ]);
  });
  const paths = files
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => relative(process.cwd(), join(folder, f)));
  const pacts = await readMessagePacts(paths);
  const impacts = new Map<string, ConsumerImpact[]>();
  for (const change of changes) {
    if (change.kind === 'removed' || change.against.length === 0) continue;
    const contract = current.get(change.id);
    // An earlier version the working tree no longer has is compared as the baseline has it.
    const earlier = change.kind === 'modified' || !current.has(change.against.at(-1)!) ? before : current;
    const previous = earlier.get(change.kind === 'modified' ? change.id : change.against.at(-1)!);
    const oldLibrary = earlier.library;
    const found = checkConsumers(pacts, contract.type, previous.body, contract.body, {
      oldLibrary,
      newLibrary: current.library,
      labels: {
        old: change.kind === 'modified' ? `${previous.id} (baseline)` : previous.id,
        new: contract.id,
      },
    });
    if (found.length > 0) impacts.set(change.id, found);
  }
  return impacts;
}
