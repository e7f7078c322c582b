import fc from 'fast-check';
import type { GeneratedMessage } from '../../arbitrary/message-arbitrary.js';
import { schemaArbitrary } from '../../arbitrary/schema-arbitrary.js';
import type { Contract } from '../../model/contract.js';
import type { SchemaLibrary } from '../../validation/create-ajv.js';
import { subSchemaAt } from './sub-schema.js';

/** A field of the failing message whose value decides the failure, with where the contract defines it. */
export interface FieldThatMatters {
  /** `data.status` */
  path: string;
  value: unknown;
  /** `#/properties/status` in the contract's data schema. */
  pointer: string;
}

/**
 * The fields of a failing message that decide the failure: a field matters when some other value the contract
 * allows there (or leaving it out, where it may be absent) makes the check pass. Each variant is checked
 * against the contract before it is tried.
 */
export async function fieldsThatMatter(
  message: GeneratedMessage,
  contract: Contract,
  library: SchemaLibrary,
  stillFails: (variant: GeneratedMessage) => Promise<boolean>,
  isValid: (variant: GeneratedMessage) => boolean,
): Promise<FieldThatMatters[]> {
  const found: FieldThatMatters[] = [];
  const present = leafPaths(message.data, []);
  const absent = absentPaths(message.data, contract.data, library, []);
  for (const path of [...present, ...absent]) {
    const at = subSchemaAt(contract.data, path, library);
    if (!at) continue;
    const alternatives = fc.sample(schemaArbitrary(at.schema, library).arbitrary, { numRuns: 12, seed: 1 });
    const removal =
      valueAt(message.data, path) === undefined ? [] : [withField(message, path, undefined, true)];
    const variants = [...removal, ...alternatives.map((value) => withField(message, path, value, false))];
    for (const variant of variants) {
      if (!isValid(variant) || JSON.stringify(variant.data) === JSON.stringify(message.data)) continue;
      if (!(await stillFails(variant))) {
        found.push({
          path: ['data', ...path].map(String).join('.'),
          value: valueAt(message.data, path),
          pointer: at.pointer,
        });
        break;
      }
    }
  }
  return found;
}

/** The optional properties a message leaves out, where the contract names them (nested objects included). */
function absentPaths(
  value: unknown,
  schema: FieldSchema,
  library: SchemaLibrary,
  path: (string | number)[],
): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => absentPaths(item, schema, library, [...path, index]));
  const at = subSchemaAt(schema, path, library);
  const properties =
    typeof at?.schema === 'object'
      ? (at.schema.properties as Record<string, unknown> | undefined)
      : undefined;
  const missing = Object.keys(properties ?? {})
    .filter((name) => !(name in value))
    .map((name) => [...path, name]);
  const nested = Object.entries(value).flatMap(([key, item]) =>
    absentPaths(item, schema, library, [...path, key]),
  );
  return [...missing, ...nested];
}

type FieldSchema = Contract['data'];

function leafPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value))
    return value.length === 0 ? [path] : value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([key, item]) => leafPaths(item, [...path, key]));
  }
  return path.length === 0 ? [] : [path];
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, segment) => (node as Record<string | number, unknown>)?.[segment],
    value,
  );
}

function withField(
  message: GeneratedMessage,
  path: readonly (string | number)[],
  value: unknown,
  remove: boolean,
): GeneratedMessage {
  const data = structuredClone(message.data);
  const parent = valueAt(data, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
  return { ...message, data };
}
