import type { Upcasters } from '@eventspec/core';
import { describeThrown, EventspecError } from '@eventspec/core/internal';
import type { ContractMessage } from '../model/contract.js';
import { ContractProblems } from '../registry/_internals/contract-problems.js';
import type { ContractRegistry } from '../registry/contract-registry.js';

/** Options of {@link checkUpcastContracts}. */
export interface UpcastContractsOptions<Stored extends object, Latest extends object> {
  upcasters: Upcasters<Stored, Latest>;
  /** The contracts of the stored events, one per `Type@version`. */
  contracts: ContractRegistry;
  /** Stored events of old (and current) versions, by a name the failures show: a file name, a label. */
  fixtures: Readonly<Record<string, NoInfer<Stored>>>;
  /**
   * The message a stored event is checked as.
   * @default (event) => ({ data: its JSON }): the event as a store keeps it, dates as ISO strings
   */
  messageOf?: (event: object) => ContractMessage;
  /**
   * Whether every version below the latest of a type the fixtures hold needs a fixture of its own.
   * @default true
   */
  everyVersion?: boolean;
}

/** What {@link checkUpcastContracts} checked. */
export interface UpcastContractsReport {
  /** `Type@version` of each fixture, by name. */
  fixtures: Record<string, string>;
  /** How many upcast events were checked against the latest contracts. */
  upcast: number;
}

/**
 * Checks upcasters against the contracts of the stored events: each fixture validates against the
 * contract of its own version, and the events the upcasters make of it against the contract of the latest
 * version. Throws one error listing every problem, each with the fixture, the version, the contract and
 * the path.
 * @example
 * checkUpcastContracts({ upcasters: orderUpcasters, contracts: await loadContracts('stored-events'), fixtures });
 */
export function checkUpcastContracts<Stored extends object, Latest extends object>(
  options: UpcastContractsOptions<Stored, Latest>,
): UpcastContractsReport {
  const { upcasters, contracts, fixtures } = options;
  const found = new ContractProblems(contracts, options.messageOf);
  const problems = found.lines;
  const check = (what: string, event: Stored | Latest, id: string) => found.check(what, event, id);
  const report: UpcastContractsReport = { fixtures: {}, upcast: 0 };
  const types = new Set<string>();
  for (const [name, stored] of Object.entries(fixtures)) {
    const { type, version } = upcasters.versionOf(stored);
    const id = `${type}@${version}`;
    types.add(type);
    report.fixtures[name] = id;
    check(`fixture "${name}" (${id})`, stored, id);
    let upcast: Latest[];
    try {
      upcast = upcasters.upcast(stored);
    } catch (error) {
      problems.push(`fixture "${name}" (${id}): upcasting threw ${describeThrown(error)}`);
      continue;
    }
    if (version === upcasters.latestVersion(type)) continue;
    upcast.forEach((event, i) => {
      const at = upcasters.versionOf(event);
      report.upcast++;
      check(
        `fixture "${name}" (${id}) upcast to ${at.type}@${at.version} [${i}]`,
        event,
        `${at.type}@${at.version}`,
      );
    });
  }
  for (const type of types) problems.push(...coverageProblems(type, options, report));
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new EventspecError(
      'EVENTSPEC_EVOLUTION_CONTRACT_VIOLATED',
      [
        `Stored events and their upcasts do not satisfy their contracts (${count}):`,
        ...problems.map((p) => p.replace(/^/gm, '  ')),
        'Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.',
      ].join('\n'),
      { actual: found.actual, expected: found.expected },
    );
  }
  return report;
}

/** The latest contract must be the upcasters' latest version, and each older version needs a fixture. */
function coverageProblems<Stored extends object, Latest extends object>(
  type: string,
  { upcasters, contracts, everyVersion = true }: UpcastContractsOptions<Stored, Latest>,
  report: UpcastContractsReport,
): string[] {
  const versions = contracts.versionsOf(type).map((c) => c.version);
  const latest = upcasters.latestVersion(type);
  const problems: string[] = [];
  const newest = versions.at(-1);
  if (newest !== undefined && newest !== latest) {
    problems.push(
      `${type}: the latest contract is ${type}@${newest}, but the upcasters read events up to ${type}@${latest}; ${
        newest > latest
          ? `register the upcaster from ${type}@${latest} with register('${type}', ${latest}, upcast)`
          : `add the ${type}@${latest} contract`
      }`,
    );
  }
  if (!everyVersion) return problems;
  const covered = new Set(Object.values(report.fixtures));
  for (const version of versions) {
    if (version < latest && !covered.has(`${type}@${version}`)) {
      problems.push(
        `${type}@${version}: no fixture is stored at this version; add one so that its upcasters are checked against the contracts`,
      );
    }
  }
  return problems;
}
