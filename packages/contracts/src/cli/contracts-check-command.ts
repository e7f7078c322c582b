import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EventspecError } from '@eventspec/core/internal';
import { type ContractChange, checkRegistry } from '../compatibility/check-registry.js';
import {
  formatConsumerCheckOutcome,
  loadConsumerChecks,
  runConsumerChecks,
} from '../consumers/run-consumer-checks.js';
import { loadContracts } from '../loading/load-contracts.js';
import { ContractInputError, formatInputProblem } from '../model/contract-errors.js';
import { PactInteractionUnmatchedError } from '../pact/match-interactions.js';
import { readPactMapping } from '../pact/pact-mapping.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { checkAgainstSchemaRegistry } from '../schema-registry/check-against-schema-registry.js';
import { redactUrl, SchemaRegistryError } from '../schema-registry/schema-registry-error.js';
import { readSubjectMapping } from '../schema-registry/subject-mapping.js';
import { requireUpcasters } from '../stored-events/require-upcasters.js';
import { consumerImpacts } from './consumer-impacts.js';
import { contractsCheckUsage } from './contracts-check-usage.js';
import { eventspecVersion } from './eventspec-version.js';
import { exitCodes } from './exit-codes.js';
import { type ConsumerImpacts, formatHuman } from './format-human.js';
import { formatJunit } from './format-junit.js';
import { formatMarkdown } from './format-markdown.js';
import { isBreaking, isUnproven, type UpcastRequirements } from './format-upcasts.js';
import { type Baseline, loadBaseline } from './load-baseline.js';
import { loadUpcasters } from './load-upcasters.js';
import { writeReports } from './write-reports.js';

/** Where the command writes and which folder it runs in (a test passes its own). */
export interface CommandIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

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
  if (values.version) {
    io.out(`${eventspecVersion()}\n`);
    return exitCodes.ok;
  }
  const sources = [values.baseline, values['base-ref'], values['against-registry']].filter(
    (v) => v !== undefined,
  );
  if (sources.length !== 1) {
    io.err(
      `eventspec contracts check: pass exactly one of --baseline <folder>, --base-ref <git-ref> or --against-registry <url>.\n\n${contractsCheckUsage}`,
    );
    return exitCodes.usage;
  }
  const usage = usageProblem(values);
  if (usage !== undefined) {
    io.err(`eventspec contracts check: ${usage}\n\n${contractsCheckUsage}`);
    return exitCodes.usage;
  }
  try {
    return await check(values, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

type Values = ReturnType<typeof parse>['values'];

function usageProblem(values: Values): string | undefined {
  if (values['registry-subjects'] !== undefined && values['against-registry'] === undefined)
    return '--registry-subjects maps subjects of --against-registry; pass --against-registry <url> too.';
  const timeout = values['registry-timeout'];
  if (timeout !== undefined && !(Number.isInteger(Number(timeout)) && Number(timeout) > 0))
    return `--registry-timeout takes milliseconds, a positive integer; got "${timeout}".`;
  if (timeout !== undefined && values['against-registry'] === undefined)
    return '--registry-timeout is for --against-registry; pass --against-registry <url> too.';
  if (values['pact-mapping'] !== undefined && values.pacts === undefined)
    return '--pact-mapping maps the interactions of --pacts; pass --pacts <folder> too.';
  if (values['allow-unmatched-pacts'] && values.pacts === undefined)
    return '--allow-unmatched-pacts is about the pacts of --pacts; pass --pacts <folder> too.';
  return undefined;
}

async function check(values: Values, io: CommandIo): Promise<number> {
  const folder = values.contracts ?? 'contracts';
  const allowUnproven = values['allow-unproven'] ?? false;
  const load = { onWarning: (warning: string) => io.err(`eventspec contracts check: ${warning}\n`) };
  const current = await loadContracts(resolve(io.cwd, folder), load);
  const baselineName = values.baseline ?? values['base-ref'] ?? redactUrl(values['against-registry']!);
  let before: ContractRegistry;
  let changes: ContractChange[];
  if (values['against-registry'] !== undefined) {
    const subjects =
      values['registry-subjects'] === undefined
        ? undefined
        : await readSubjectMapping(resolve(io.cwd, values['registry-subjects']), values['registry-subjects']);
    const timeout = values['registry-timeout'];
    const compared = await checkAgainstSchemaRegistry(current, {
      url: values['against-registry'],
      ...(subjects && { subjects }),
      ...(timeout !== undefined && { timeoutMs: Number(timeout) }),
    });
    changes = compared.changes;
    before = compared.registered;
  } else {
    const baseline: Baseline =
      values.baseline !== undefined ? { folder: values.baseline } : { gitRef: values['base-ref']! };
    before = await loadBaseline(baseline, folder, io.cwd, load).catch((error: unknown) => {
      if (error instanceof ContractInputError) error.message = `The baseline ${error.message.slice(4)}`;
      throw error;
    });
    changes = checkRegistry(before, current);
  }
  const upcasters =
    values.upcasters === undefined ? undefined : await loadUpcasters(values.upcasters, io.cwd);
  const upcasts = requireUpcasters(changes, current, upcasters?.registry);
  const pactMapping =
    values['pact-mapping'] === undefined
      ? undefined
      : await readPactMapping(resolve(io.cwd, values['pact-mapping']), values['pact-mapping']);
  const { impacts: consumers, unmatched } =
    values.pacts === undefined
      ? { impacts: new Map(), unmatched: [] }
      : await consumerImpacts(
          resolve(io.cwd, values.pacts),
          changes,
          before,
          current,
          pactMapping,
          values['against-registry'] === undefined ? 'contracts' : 'schema-registry',
        );
  const operations = new Map(
    current.list().flatMap((c) => (c.operations ? [[c.id, c.operations] as const] : [])),
  );
  io.out(
    formatHuman(changes, {
      contracts: current.list().length,
      baseline: baselineName,
      allowUnproven,
      consumers,
      upcasts,
      ...(upcasters && { upcasters: upcasters.name }),
      operations: new Map(
        current.list().flatMap((c) => (c.operations ? [[c.id, c.operations] as const] : [])),
      ),
    }),
  );
  // The consumers' own code, run on messages generated under each changed contract.
  const consumerChecks =
    values['consumer-checks'] === undefined
      ? []
      : await runConsumerChecks(
          await loadConsumerChecks(values['consumer-checks'], io.cwd),
          current,
          changes.filter((change) => change.kind !== 'removed').map((change) => change.id),
        );
  for (const outcome of consumerChecks) io.out(`${formatConsumerCheckOutcome(outcome)}\n`);
  const consumersFailed = consumerChecks.filter((outcome) => !outcome.ok).length;
  if (consumersFailed > 0) {
    io.out(
      `eventspec contracts check: ${consumersFailed} of ${consumerChecks.length} consumer checks fail on what the changed contracts allow: a breaking change for those consumers\n`,
    );
  }
  const allowUnmatched = values['allow-unmatched-pacts'] ?? false;
  if (unmatched.length > 0) {
    const error = new PactInteractionUnmatchedError(
      unmatched,
      'Or pass --allow-unmatched-pacts to leave them unchecked.',
    );
    io.err(
      allowUnmatched
        ? `${error.message.split('\n').slice(0, -1).join('\n')}\nThey are not checked (--allow-unmatched-pacts).\n`
        : `${error.message}\n`,
    );
  }
  const verdict =
    consumersFailed > 0
      ? exitCodes.breakingChange
      : verdictOf(changes, consumers, upcasts, allowUnproven, unmatched.length > 0 && !allowUnmatched);
  const upcastOptions = { upcasts, ...(upcasters && { upcasters: upcasters.name }) };
  const written = await writeReports(io, [
    values.junit && {
      kind: 'JUnit',
      path: values.junit,
      text: () =>
        formatJunit(changes, { allowUnproven, consumers, ...upcastOptions, unmatched, allowUnmatched }),
    },
    values.markdown && {
      kind: 'Markdown',
      path: values.markdown,
      text: () =>
        formatMarkdown(changes, baselineName, consumers, upcasts, upcasters?.name, { unmatched, operations }),
    },
  ]);
  // A report that cannot be written does not hide the verdict; on a passing run it fails the command.
  return verdict === exitCodes.ok && !written ? exitCodes.brokenInput : verdict;
}

function verdictOf(
  changes: readonly ContractChange[],
  consumers: ConsumerImpacts,
  upcasts: UpcastRequirements,
  allowUnproven: boolean,
  failUnmatched: boolean,
): number {
  if (changes.some((c) => isBreaking(c, upcasts))) return exitCodes.breakingChange;
  const consumerBreak = [...consumers.values()].flat().some((i) => i.result.verdict === 'incompatible');
  if (consumerBreak) return exitCodes.breakingChange;
  if (failUnmatched) return exitCodes.unmatchedPact;
  if (!allowUnproven && changes.some((c) => isUnproven(c, upcasts))) return exitCodes.unproven;
  return exitCodes.ok;
}

/** Every error a user can cause ends here with its exit code and without a stack trace. */
function reportFailure(error: unknown, io: CommandIo): number {
  if (error instanceof ContractInputError) {
    const heading = error.message.split('\n')[0];
    io.err(
      `${heading}\n${error.problems.map((p) => `  ${formatInputProblem(p)}`).join('\n')}\nNothing was compared; fix the input above.\n`,
    );
    return exitCodes.brokenInput;
  }
  if (error instanceof SchemaRegistryError) {
    io.err(`${error.message}\nNothing was compared.\n`);
    return exitCodes.registryUnavailable;
  }
  if (error instanceof EventspecError) {
    io.err(`${error.message}\n`);
    return exitCodes.brokenInput;
  }
  throw error;
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
      'against-registry': { type: 'string' },
      'registry-subjects': { type: 'string' },
      'registry-timeout': { type: 'string' },
      'pact-mapping': { type: 'string' },
      'allow-unmatched-pacts': { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      junit: { type: 'string' },
      markdown: { type: 'string' },
      pacts: { type: 'string' },
      upcasters: { type: 'string' },
      'consumer-checks': { type: 'string' },
      'allow-unproven': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
