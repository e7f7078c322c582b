import type { AnyAjv } from '../../validation/create-ajv.js';

const compiledByAjv = new WeakMap<
  AnyAjv,
  WeakMap<object, WeakMap<object, ((v: unknown) => boolean | undefined) | null>>
>();
const booleanRoot = {};
/** Equal schemas compiled once: versions of a contract share most of their sub-schemas. */
const compiledByText = new WeakMap<AnyAjv, Map<string, (v: unknown) => boolean | undefined>>();

/**
 * Compiles a sub-schema on its own, with its document's `$defs` beside it so local `$ref`s resolve; cached
 * per ajv, document and sub-schema. `null` when it cannot be compiled alone.
 */
export function compileCached(
  ajv: AnyAjv,
  schema: object,
  root: unknown,
): ((v: unknown) => boolean | undefined) | null {
  let byRoot = compiledByAjv.get(ajv);
  if (byRoot === undefined) {
    byRoot = new WeakMap();
    compiledByAjv.set(ajv, byRoot);
  }
  const rootKey = typeof root === 'object' && root !== null ? root : booleanRoot;
  let bySchema = byRoot.get(rootKey);
  if (bySchema === undefined) {
    bySchema = new WeakMap();
    byRoot.set(rootKey, bySchema);
  }
  const cached = bySchema.get(schema);
  if (cached !== undefined) return cached;
  let validate: ((v: unknown) => boolean | undefined) | null;
  try {
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    const doc = rootKey as Record<string, unknown>;
    const standalone: Record<string, unknown> = { ...rest };
    if (doc.$defs || rest.$defs) standalone.$defs = { ...(doc.$defs as object), ...(rest.$defs as object) };
    if (doc.definitions || rest.definitions)
      standalone.definitions = { ...(doc.definitions as object), ...(rest.definitions as object) };
    const text = withRootRefs(ajv, JSON.stringify(standalone), rootKey);
    let byText = compiledByText.get(ajv);
    if (byText === undefined) {
      byText = new Map();
      compiledByText.set(ajv, byText);
    }
    const known = byText.get(text);
    if (known !== undefined) validate = known;
    else {
      const compiled = ajv.compile(JSON.parse(text));
      // A validator of a very wide or deep schema can overflow the stack on a value: no answer, not a crash.
      validate = (v) => {
        try {
          return compiled(v) as boolean;
        } catch (error) {
          if (error instanceof RangeError) return undefined;
          throw error;
        }
      };
      if (byText.size > 20_000) byText.clear();
      byText.set(text, validate);
    }
  } catch {
    validate = null;
  }
  bySchema.set(schema, validate);
  return validate;
}

/** A `$ref` into the document outside its `$defs` / `definitions` (``, `#`, `#/properties/…`): those are copied beside. */
const refIntoDocument = /"\$ref":"(?=#(?!\/(?:\$defs|definitions)\/)|")/g;
const rootIds = new WeakMap<AnyAjv, WeakMap<object, string>>();
let rootCount = 0;

/**
 * A sub-schema compiled alone that refers to its document (`items: { $ref: '#' }` in a recursive schema) would
 * take `#` for itself — a validator that recurses for ever. Such refs are pointed at the document, added to
 * ajv once under an id of its own.
 */
function withRootRefs(ajv: AnyAjv, text: string, root: object): string {
  if (!refIntoDocument.test(text)) return text;
  refIntoDocument.lastIndex = 0;
  let ids = rootIds.get(ajv);
  if (ids === undefined) {
    ids = new WeakMap();
    rootIds.set(ajv, ids);
  }
  let id = ids.get(root);
  if (id === undefined) {
    id = `urn:eventspec:document:${++rootCount}`;
    const { $id: _id, id: _draft4Id, ...document } = root as Record<string, unknown>;
    ajv.addSchema(document, id);
    ids.set(root, id);
  }
  return text.replace(refIntoDocument, `"$ref":"${id}`);
}
