import { EventspecUsageError } from '@eventspec/core/internal';
import { isCompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract } from '../model/contract.js';

/**
 * Refuses what is not a list of contracts (as `loadContracts` builds them) before a registry is made of it,
 * naming every field that is wrong in every contract.
 */
export function assertContracts(api: string, contracts: unknown): asserts contracts is readonly Contract[] {
  if (!Array.isArray(contracts))
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_INVALID',
      `${api}: expected an array of contracts, got ${contracts === null ? 'null' : typeof contracts}. Build them with loadContracts(folder) or contractsFromFiles(files).`,
      { actual: contracts, expected: 'Contract[]' },
    );
  const problems = contracts.flatMap((contract, index) =>
    shapeProblems(contract).map((p) => `contracts[${index}]${p}`),
  );
  if (problems.length === 0) return;
  throw new EventspecUsageError(
    'EVENTSPEC_CONTRACT_INVALID',
    `${api}: ${problems.length === 1 ? 'a contract is' : 'contracts are'} malformed:\n${problems.map((p) => `  - ${p}`).join('\n')}\nBuild contracts with loadContracts(folder) or contractsFromFiles(files), or give each every field of Contract.`,
    { actual: contracts, expected: 'Contract[]' },
  );
}

function shapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [': expected a contract object'];
  const c = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof c.type !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(c.type))
    problems.push('.type: expected the message type, a name like "OrderPlaced"');
  if (typeof c.version !== 'number' || !Number.isInteger(c.version) || c.version < 1)
    problems.push('.version: expected a positive integer');
  if (problems.length === 0 && c.id !== `${String(c.type)}@${String(c.version)}`)
    problems.push(
      `.id: expected "${String(c.type)}@${String(c.version)}" (type@version), got ${JSON.stringify(c.id)}`,
    );
  if ('body' in c && !('data' in c))
    problems.push(
      '.body: "body" is named "data" now (the JSON Schema of the message\'s data, as in core\'s Message); rename it',
    );
  else
    for (const part of ['data', 'key', 'headers'] as const) {
      const schema = c[part];
      if (part !== 'data' && schema === undefined) continue;
      if (
        typeof schema !== 'boolean' &&
        (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      )
        problems.push(`.${part}: expected a JSON Schema (an object or a boolean)`);
    }
  if (c.envelope !== 'cloudevents' && c.envelope !== 'eventspec' && c.envelope !== 'none')
    problems.push('.envelope: expected "cloudevents", "eventspec" or "none"');
  if (!isCompatibilityMode(c.compatibility))
    problems.push('.compatibility: expected a mode such as "BACKWARD"');
  if (typeof c.source !== 'string')
    problems.push('.source: expected where the contract comes from (a file path)');
  return problems;
}
