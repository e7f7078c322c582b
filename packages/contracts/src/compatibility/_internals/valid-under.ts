import { leanAjv, type SchemaLibrary } from '../../validation/create-ajv.js';
import { jsonHeight } from '../../validation/json-height.js';
import { compilableHeight, validateInChunks } from './chunked-validation.js';
import { compileCached } from './compile-cached.js';
import { dialectOfRoot } from './dialect-keywords.js';
import { pruneForInstance } from './prune-for-instance.js';
import type { SchemaNode } from './schema-node.js';

/**
 * Whether a value is valid under every node, by ajv in each node's dialect: a node compiled on its own, a
 * large one pruned to what matters for the value, one too deep for ajv validated in chunks. `undefined` when
 * a node cannot be compiled (the checker then says "cannot prove", never "compatible").
 */
export function validUnder(
  nodes: readonly SchemaNode[],
  library: SchemaLibrary,
  value: unknown,
): boolean | undefined {
  for (const node of nodes) {
    if (node.schema === true) continue;
    if (node.schema === false) return false;
    const valid =
      jsonHeight(node.schema) > compilableHeight
        ? validDeep(node, library, value)
        : validShallow(node, library, value);
    if (valid !== true) return valid;
  }
  return true;
}

function validShallow(node: SchemaNode, library: SchemaLibrary, value: unknown): boolean | undefined {
  if (typeof node.schema === 'boolean') return node.schema;
  const validate = isLarge(node) ? prunedValidator(node, library, value) : validator(node, library);
  return validate === null ? undefined : validate(value);
}

/** A schema too deep for ajv: pruned to what matters for a shallow value, otherwise validated in chunks. */
function validDeep(node: SchemaNode, library: SchemaLibrary, value: unknown): boolean | undefined {
  const dialect = dialectOfRoot(node.root);
  if (jsonHeight(value) <= compilableHeight) {
    const pruned = pruneForInstance(node.schema, node.root, value, dialect);
    if (pruned !== undefined && jsonHeight(pruned) <= compilableHeight) {
      const validate = compileCached(leanAjv(library, dialect), pruned, pruned);
      return validate === null ? undefined : validate(value);
    }
  }
  return validateInChunks(node.schema, value, dialect, (schema, part) =>
    validShallow({ schema: schema as SchemaNode['schema'], root: node.root }, library, part),
  );
}

function validator(node: SchemaNode, library: SchemaLibrary): ((v: unknown) => boolean | undefined) | null {
  return compileCached(leanAjv(library, dialectOfRoot(node.root)), node.schema as object, node.root);
}

/** A validator of what a large schema says about one value (see {@link pruneForInstance}). */
function prunedValidator(
  node: SchemaNode,
  library: SchemaLibrary,
  value: unknown,
): ((v: unknown) => boolean | undefined) | null {
  const dialect = dialectOfRoot(node.root);
  const pruned = pruneForInstance(node.schema, node.root, value, dialect);
  if (pruned === undefined) return validator(node, library);
  return compileCached(leanAjv(library, dialect), pruned, pruned);
}

const sizes = new WeakMap<object, number>();
/** Schemas past this size (characters of JSON) are validated through {@link pruneForInstance}. */
const largeSchema = 20_000;

function isLarge(node: SchemaNode): boolean {
  if (typeof node.schema !== 'object') return false;
  let size = sizes.get(node.schema);
  if (size === undefined) {
    size = JSON.stringify(node.schema).length;
    sizes.set(node.schema, size);
  }
  return size > largeSchema;
}
