import { jsonEqual, stripAnnotations } from '../compatibility/_internals/schema-node.js';
import { compareVersions, type VersionedSchema } from '../compatibility/check-compatibility.js';
import type { ContractChange } from '../compatibility/check-registry.js';
import { type CompatibilityMode, directionsOf, isCompatibilityMode } from '../model/compatibility-mode.js';
import type { Contract, JsonSchema } from '../model/contract.js';
import { refuseUnknownOptions } from '../model/known-options.js';
import { ContractRegistry } from '../registry/contract-registry.js';
import {
  authFromEnvironment,
  type SchemaRegistryAuth,
  SchemaRegistryClient,
} from './schema-registry-client.js';
import { SchemaRegistryError } from './schema-registry-error.js';
import type { SubjectMapping } from './subject-mapping.js';

/** Options of {@link checkAgainstSchemaRegistry}. */
export interface SchemaRegistryBaselineOptions {
  /** The registry's base URL: `http://localhost:8081`. */
  url: string;
  /** The subject of each message type; by default `<topic>-value` of its contract's topic (TopicNameStrategy). */
  subjects?: SubjectMapping;
  /** @default from EVENTSPEC_SCHEMA_REGISTRY_TOKEN, or EVENTSPEC_SCHEMA_REGISTRY_USER and _PASSWORD */
  auth?: SchemaRegistryAuth;
  /** How long one request may take. @default 10000 */
  timeoutMs?: number;
}

const knownOptions = ['url', 'subjects', 'auth', 'timeoutMs'] as const;

/** The changes against the registry, and the latest registered schema of each compared contract (by its id). */
export interface SchemaRegistryComparison {
  changes: ContractChange[];
  registered: ContractRegistry;
}

/**
 * Compares the newest local version of each message type with the versions registered under its subject,
 * in the subject's compatibility level (the transitive levels against every version, the others against
 * the latest). A type whose subject the registry does not have is a new contract; a subject whose latest
 * version equals the local schema (annotations aside) is unchanged and not listed.
 * @example
 * const { changes } = await checkAgainstSchemaRegistry(await loadContracts('contracts'), { url: 'http://localhost:8081' });
 */
export async function checkAgainstSchemaRegistry(
  current: ContractRegistry,
  options: SchemaRegistryBaselineOptions,
): Promise<SchemaRegistryComparison> {
  refuseUnknownOptions('checkAgainstSchemaRegistry', options, knownOptions);
  const auth = options.auth ?? authFromEnvironment();
  const client = new SchemaRegistryClient(options.url, {
    ...(auth && { auth }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  const subjects = new Set(await client.subjects());
  const changes: ContractChange[] = [];
  const registered: Contract[] = [];
  for (const contract of newestOfEachType(current)) {
    const subject = subjectOf(contract, options.subjects);
    if (subject === undefined || !subjects.has(subject)) {
      if (subject !== undefined && options.subjects?.[contract.type] !== undefined)
        throw new SchemaRegistryError(
          `The Schema Registry has no subject "${subject}", which --registry-subjects names for ${contract.type}; check the mapping.`,
          { status: 404 },
        );
      changes.push(newContract(contract));
      continue;
    }
    // Versions first: a subject that is gone is reported as such, not as a missing configuration.
    const versions = await Promise.all(
      (await client.versions(subject)).map(async (version) =>
        readVersion(await client.schema(subject, version)),
      ),
    );
    const { level } = await client.compatibility(subject);
    if (!isCompatibilityMode(level))
      throw new SchemaRegistryError(
        `The Schema Registry's compatibility level of "${subject}" is "${level}", which eventspec does not know.`,
      );
    const latest = versions.at(-1);
    if (latest === undefined) {
      changes.push(newContract(contract));
      continue;
    }
    registered.push({ ...contract, data: latest.schema, compatibility: level, source: latest.label });
    if (jsonEqual(stripAnnotations(latest.schema), stripAnnotations(contract.data))) continue;
    const compared = directionsOf(level).transitive ? versions : [latest];
    const candidate: VersionedSchema = {
      schema: contract.data,
      label: contract.id,
      library: current.library,
    };
    const result = compareVersions(compared, candidate, level as CompatibilityMode);
    changes.push({
      id: contract.id,
      kind: 'added',
      source: contract.source,
      against: compared.map((v) => v.label),
      result: { ...result, breaks: result.breaks.map(inData), unproven: result.unproven.map(inData) },
    });
  }
  return { changes, registered: ContractRegistry.of(registered, current.library) };
}

function newestOfEachType(registry: ContractRegistry): Contract[] {
  const newest = new Map<string, Contract>();
  for (const contract of registry.list()) newest.set(contract.type, contract);
  return [...newest.values()];
}

function subjectOf(contract: Contract, mapping: SubjectMapping | undefined): string | undefined {
  const mapped = mapping?.[contract.type];
  if (mapped !== undefined) return mapped;
  const channel = contract.channel;
  if (channel?.kind !== 'topic' || channel.parameters !== undefined) return undefined;
  return `${channel.topic}-value`;
}

function readVersion(registered: {
  subject: string;
  version: number;
  schemaType: string;
  schema: string;
  references: unknown[];
}): VersionedSchema {
  const label = `${registered.subject} v${registered.version}`;
  if (registered.schemaType !== 'JSON')
    throw new SchemaRegistryError(
      `${label} in the Schema Registry is a ${registered.schemaType} schema; eventspec compares JSON Schema contracts only. Map this type to a JSON subject with --registry-subjects.`,
    );
  if (registered.references.length > 0)
    throw new SchemaRegistryError(
      `${label} in the Schema Registry uses schema references, which eventspec does not read yet; compare with a --baseline folder instead.`,
    );
  let schema: JsonSchema;
  try {
    schema = JSON.parse(registered.schema) as JsonSchema;
  } catch {
    throw new SchemaRegistryError(
      `${label} in the Schema Registry is not valid JSON; the registry holds a broken schema.`,
    );
  }
  return { schema, label, library: new Map() };
}

function newContract(contract: Contract): ContractChange {
  return {
    id: contract.id,
    kind: 'added',
    source: contract.source,
    against: [],
    result: {
      mode: contract.compatibility,
      verdict: 'compatible',
      compatible: true,
      breaks: [],
      unproven: [],
    },
  };
}

function inData<T extends { path: string; pointer: string }>(point: T): T {
  const path =
    point.path === '(the message)'
      ? 'data'
      : point.path.startsWith('[')
        ? `data${point.path}`
        : `data.${point.path}`;
  return { ...point, path, pointer: `/data${point.pointer}` };
}
