import type { ContractRecord } from '@eventspec/core';
import { emitSpecRecord, recording } from '@eventspec/core/internal';
import { directionsOf } from '../model/compatibility-mode.js';
import type { Contract, JsonSchema } from '../model/contract.js';
import type { ContractRegistry } from '../registry/contract-registry.js';
import { envelopeSchema } from '../validation/envelope-schemas.js';
import { jsonEqual, stripAnnotations } from './_internals/schema-node.js';
import { compareVersions, type VersionedSchema } from './check-compatibility.js';
import type { CompatibilityResult } from './compatibility-result.js';

/** How a contract differs from the baseline. */
export type ContractChangeKind = 'added' | 'modified' | 'removed';

/** One contract that differs from the baseline, with the compatibility verdict of its mode. */
export interface ContractChange {
  /** `Type@version`. */
  id: string;
  kind: ContractChangeKind;
  /** The file the contract is read from (the baseline's for a removed contract). */
  source: string;
  /**
   * The versions it was compared with: the baseline of the same version when modified, earlier versions when
   * added (the baseline's, for the earlier versions the working tree no longer has).
   */
  against: string[];
  /** Data, key, headers, envelope and channel compared together; paths start with the part: `data.total`, `key`, `channel`. */
  result: CompatibilityResult;
}

const parts = ['data', 'key', 'headers', 'envelope', 'channel', 'routingKey'] as const;
type Part = (typeof parts)[number];

/** The schema of one part of a contract's messages; the envelope kind and the channel become schemas too. */
function partSchema(contract: Contract, part: Part): JsonSchema | undefined {
  switch (part) {
    case 'envelope':
      return envelopeSchema(contract.envelope);
    case 'channel':
      if (contract.channel === undefined) return undefined;
      return {
        const: contract.channel.kind === 'topic' ? contract.channel.topic : contract.channel.exchange,
      };
    case 'routingKey':
      return contract.channel?.kind === 'exchange' && contract.channel.routingKey !== undefined
        ? { const: contract.channel.routingKey }
        : undefined;
    default:
      return contract[part];
  }
}

/**
 * Compares the contracts of a working tree with a baseline (a folder, or a git ref): a new version is
 * checked against the earlier versions its mode names; a version edited in place against its baseline.
 * Unchanged contracts (annotations aside) are not listed.
 */
export function checkRegistry(baseline: ContractRegistry, current: ContractRegistry): ContractChange[] {
  const changes: ContractChange[] = [];
  const sameLibrary = jsonEqual(
    stripAnnotations(Object.fromEntries(baseline.library)),
    stripAnnotations(Object.fromEntries(current.library)),
  );
  for (const contract of current.list()) {
    if (baseline.has(contract.id)) {
      const before = baseline.get(contract.id);
      if (sameSchemas(before, contract) && (sameLibrary || !refersOutside(contract))) continue;
      const result = compareContracts(
        [{ contract: before, registry: baseline, label: `${contract.id} (baseline)` }],
        { contract, registry: current, label: contract.id },
        contract,
      );
      changes.push({
        id: contract.id,
        kind: 'modified',
        source: contract.source,
        against: [`${contract.id} (baseline)`],
        result,
      });
      continue;
    }
    const earlier = earlierVersions(contract, baseline, current);
    const compared = directionsOf(contract.compatibility).transitive ? earlier : earlier.slice(-1);
    const result = compareContracts(compared, { contract, registry: current, label: contract.id }, contract);
    changes.push({
      id: contract.id,
      kind: 'added',
      source: contract.source,
      against: compared.map((c) => c.label),
      result,
    });
  }
  for (const contract of baseline.list()) {
    if (current.has(contract.id)) continue;
    const result: CompatibilityResult = {
      mode: contract.compatibility,
      verdict: 'compatible',
      compatible: true,
      breaks: [],
      unproven: [],
    };
    changes.push({ id: contract.id, kind: 'removed', source: contract.source, against: [], result });
  }
  if (recording()) for (const change of changes) emitSpecRecord(changeRecord(change));
  return changes;
}

/** A change as the report shows it: the verdict against the versions it was compared with, breaks listed. */
function changeRecord(change: ContractChange): ContractRecord {
  const { result } = change;
  const against = change.against.length ? ` against ${change.against.join(', ')}` : '';
  const record: ContractRecord = {
    kind: 'contract',
    subject: change.id,
    action: 'compatibility',
    status: result.verdict === 'compatible' ? 'passed' : 'failed',
    mode: result.mode,
    source: change.source,
    detail: `${change.kind}: ${result.mode} ${result.verdict.replace(/-/g, ' ')}${against}`,
  };
  if (result.breaks.length > 0) {
    record.failure = result.breaks.map((b) => `${b.path}: ${b.rule} — ${b.message}`).join('\n');
  }
  return record;
}

interface Side {
  contract: Contract;
  registry: ContractRegistry;
  label: string;
}

/**
 * The earlier versions a new version is compared with, oldest first: those of the working tree, and those of
 * the baseline that the tree no longer has. A new version that replaces the old one in place (an AsyncAPI
 * message whose `x-eventspec-version` went from 1 to 2) is compared with what it replaces, not with nothing.
 */
function earlierVersions(contract: Contract, baseline: ContractRegistry, current: ContractRegistry): Side[] {
  const earlier = (registry: ContractRegistry) =>
    registry.versionsOf(contract.type).filter((c) => c.version < contract.version);
  return [
    ...earlier(current).map((c) => ({ contract: c, registry: current, label: c.id })),
    ...earlier(baseline)
      .filter((c) => !current.has(c.id))
      .map((c) => ({ contract: c, registry: baseline, label: c.id })),
  ].sort((a, b) => a.contract.version - b.contract.version);
}

function compareContracts(earlier: Side[], candidate: Side, governing: Contract): CompatibilityResult {
  const mode = governing.compatibility;
  const merged: CompatibilityResult = {
    mode,
    verdict: 'compatible',
    compatible: true,
    breaks: [],
    unproven: [],
  };
  for (const part of parts) {
    if (
      partSchema(candidate.contract, part) === undefined &&
      earlier.every((e) => partSchema(e.contract, part) === undefined)
    )
      continue;
    const result = compareVersions(
      earlier.map((e) => versioned(e, part)),
      versioned(candidate, part),
      mode,
    );
    merged.breaks.push(
      ...result.breaks.map((b) => ({ ...b, path: prefix(part, b.path), pointer: `/${part}${b.pointer}` })),
    );
    merged.unproven.push(
      ...result.unproven.map((u) => ({ ...u, path: prefix(part, u.path), pointer: `/${part}${u.pointer}` })),
    );
  }
  merged.verdict =
    merged.breaks.length > 0 ? 'incompatible' : merged.unproven.length > 0 ? 'unproven' : 'compatible';
  merged.compatible = merged.verdict === 'compatible';
  return merged;
}

function versioned(side: Side, part: Part): VersionedSchema {
  const schema: JsonSchema = partSchema(side.contract, part) ?? true;
  return { schema, label: side.label, library: side.registry.library };
}

function prefix(part: string, path: string): string {
  if (path === '(the message)') return part;
  return path.startsWith('[') ? `${part}${path}` : `${part}.${path}`;
}

function sameSchemas(a: Contract, b: Contract): boolean {
  return (
    a.compatibility === b.compatibility &&
    parts.every((p) => jsonEqual(stripAnnotations(partSchema(a, p)), stripAnnotations(partSchema(b, p))))
  );
}

function refersOutside(contract: Contract): boolean {
  return (['data', 'key', 'headers'] as const).some(
    (p) => JSON.stringify(contract[p] ?? null).match(/"\$ref":"[^#]/) !== null,
  );
}
