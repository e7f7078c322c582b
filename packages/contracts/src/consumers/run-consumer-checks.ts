import { EventspecUsageError, importUserModule } from '@eventspec/core/internal';
import { parseContractId } from '../model/contract-id.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { type CheckConsumerOptions, ConsumerCheckError, checkConsumer } from './check-consumer.js';

/** A project's consumer check, as `eventspec contracts check --consumer-checks <module>` runs it. */
export type ConsumerCheckSpec = Omit<CheckConsumerOptions<unknown>, 'registry' | 'producedBy'> & {
  /** What the consumer is called in the gate's output. @default the contract id */
  name?: string;
  contract: string;
};

/** One consumer check run against one changed contract. */
export interface ConsumerCheckOutcome {
  name: string;
  /** The contract the consumer was built for. */
  contract: string;
  /** The changed contract its messages were generated under. */
  producedBy: string;
  ok: boolean;
  runs: number;
  /** The failure text (smallest message, fields, replay, test to paste), when it failed. */
  failure?: string;
}

/**
 * Runs every consumer check whose contract has the type of a changed contract, with messages generated under
 * the changed version: a change every schema gate accepts can still break a consumer's code.
 */
export async function runConsumerChecks(
  checks: readonly ConsumerCheckSpec[],
  registry: ContractRegistry,
  changed: readonly string[],
): Promise<ConsumerCheckOutcome[]> {
  const outcomes: ConsumerCheckOutcome[] = [];
  for (const producedBy of changed) {
    const { type } = parseContractId(producedBy);
    for (const check of checks.filter((candidate) => parseContractId(candidate.contract).type === type)) {
      const { name, ...options } = check;
      const label = name ?? check.contract;
      const runs = options.runs ?? 100;
      try {
        await checkConsumer({ ...options, registry, producedBy });
        outcomes.push({ name: label, contract: check.contract, producedBy, ok: true, runs });
      } catch (error) {
        if (!(error instanceof ConsumerCheckError)) throw error;
        outcomes.push({
          name: label,
          contract: check.contract,
          producedBy,
          ok: false,
          runs,
          failure: error.message,
        });
      }
    }
  }
  return outcomes;
}

/** The outcome as the gate prints it: a line, and the failure indented under it. */
export function formatConsumerCheckOutcome(outcome: ConsumerCheckOutcome): string {
  const line = `${outcome.ok ? '✓' : '✗'} consumer  ${outcome.name}  (built for ${outcome.contract}) on what ${outcome.producedBy} allows — ${outcome.runs} messages`;
  return outcome.failure === undefined ? line : `${line}\n${outcome.failure.replace(/^/gm, '    ')}`;
}

/**
 * Imports the module of `--consumer-checks <file>[#export]`: the named export after `#`, else the default
 * export, else `consumerChecks` — an array of `{ name?, contract, setup, handle, invariant?, runs? }`.
 */
export async function loadConsumerChecks(option: string, cwd: string): Promise<ConsumerCheckSpec[]> {
  const unusable = (reason: string) =>
    new EventspecUsageError(
      'EVENTSPEC_CONSUMER_CHECKS_BAD_MODULE',
      `The --consumer-checks module ${option} cannot be used: ${reason}.`,
    );
  const { wanted, module, exportNames } = await importUserModule(option, cwd, unusable);
  const name = wanted ?? (module.default !== undefined ? 'default' : 'consumerChecks');
  const checks = module[name];
  if (!Array.isArray(checks)) {
    throw unusable(
      `its export "${name}" is not an array of consumer checks ({ name?, contract, setup, handle, invariant? }); its exports: ${exportNames}`,
    );
  }
  checks.forEach((check, index) => {
    const problems = ['contract', 'setup', 'handle'].filter((key) =>
      key === 'contract' ? typeof check?.contract !== 'string' : typeof check?.[key] !== 'function',
    );
    if (problems.length > 0)
      throw unusable(
        `check ${index + 1} lacks ${problems.join(', ')} (contract is an id like 'OrderPlaced@2', setup and handle are functions)`,
      );
  });
  return checks as ConsumerCheckSpec[];
}
