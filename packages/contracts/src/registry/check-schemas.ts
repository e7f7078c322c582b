import type { Contract, JsonSchema } from '../model/contract.js';
import type { InputProblem } from '../model/contract-errors.js';
import { type AnyAjv, createDialectAjv, type SchemaLibrary } from '../validation/create-ajv.js';
import { dialectOf, type SchemaDialect } from '../validation/schema-dialect.js';

/**
 * Checks the schemas of a contract, each in the dialect its `$schema` names (2020-12 without one): valid
 * against that dialect's meta-schema, no unknown keyword or format (a typo such as `requried` would
 * otherwise check nothing), every `$ref` resolvable. Returns the problems found.
 */
export function checkContractSchemas(contract: Contract, library: SchemaLibrary): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const part of ['data', 'key', 'headers'] as const) {
    const schema = contract[part];
    if (schema === undefined) continue;
    problems.push(...checkSchema(schema, library, contract.source, `/${part}`));
  }
  return problems;
}

/** Checks one schema document; `base` is the pointer of the schema inside its file. */
export function checkSchema(
  schema: JsonSchema,
  library: SchemaLibrary,
  file: string,
  base: string,
): InputProblem[] {
  if (typeof schema === 'boolean') return [];
  const key = `${fingerprint(library)}\u0000${JSON.stringify(schema)}`;
  let problems = checked.get(key);
  if (problems === undefined) {
    problems = checkUncached(schema, library, '', '');
    if (checked.size > 10_000) checked.clear();
    checked.set(key, problems);
  }
  return problems.map((p) => ({ ...p, file, pointer: `${base}${p.pointer}` }));
}

function checkUncached(
  schema: Exclude<JsonSchema, boolean>,
  library: SchemaLibrary,
  file: string,
  base: string,
): InputProblem[] {
  let dialect: SchemaDialect;
  try {
    dialect = dialectOf(schema);
  } catch (error) {
    return [{ file, pointer: `${base}/$schema`, message: (error as Error).message }];
  }
  const ajv = strictAjv(library, dialect);
  if (!ajv.validateSchema(schema)) {
    const firstPerPlace = (ajv.errors ?? []).filter(
      (e, i, all) => all.findIndex((x) => x.instancePath === e.instancePath) === i,
    );
    return firstPerPlace.map((e) => ({
      file,
      pointer: `${base}${e.instancePath}`,
      message: `not a valid JSON Schema ${dialect}: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
    }));
  }
  // Each unresolvable $ref is reported, then replaced by {} so that the next one is found too.
  const found: InputProblem[] = [];
  let current = schema;
  for (let round = 0; round < 100; round++) {
    try {
      compileStrict(
        round === 0 ? ajv : strictAjv(libraryWith(library, current), dialect),
        entry(current, library),
      );
      return found;
    } catch (error) {
      const err = error as Error & { missingRef?: string; missingSchema?: string };
      if (err.missingRef === undefined)
        return [...found, ...compileProblem(err, current, dialect, file, base)];
      const ref = findRef(current, err.missingRef);
      const message = `$ref "${ref ?? err.missingRef}" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id`;
      if (ref === undefined) return [...found, { file, pointer: base, message }];
      const at = findPointer(
        current,
        (node) => typeof node === 'object' && node !== null && (node as { $ref?: unknown }).$ref === ref,
      );
      found.push({ file, pointer: `${base}${at ?? ''}`, message });
      current = withoutRef(current, ref) as Exclude<JsonSchema, boolean>;
    }
  }
  return found;
}

/**
 * What to compile: a shared schema through its `$id` (so `$ref`s between shared schemas, cycles included,
 * resolve as they do for contracts), any other schema without its `$id`.
 */
function entry(schema: Exclude<JsonSchema, boolean>, library: SchemaLibrary): object {
  const id = (schema as { $id?: unknown }).$id;
  return typeof id === 'string' && library.has(id) ? { $ref: id } : withoutId(schema);
}

function libraryWith(library: SchemaLibrary, schema: Exclude<JsonSchema, boolean>): SchemaLibrary {
  const id = (schema as { $id?: unknown }).$id;
  return typeof id === 'string' && library.has(id) ? new Map(library).set(id, schema) : library;
}

/** A copy of the schema in which every `{ "$ref": ref }` is `{}`. */
function withoutRef(node: unknown, ref: string): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutRef(n, ref));
  if (typeof node !== 'object' || node === null) return node;
  if ((node as { $ref?: unknown }).$ref === ref) {
    const { $ref: _ref, ...rest } = node as Record<string, unknown>;
    return withoutRef(rest, ref);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutRef(v, ref)]));
}

function compileProblem(
  err: Error,
  schema: Exclude<JsonSchema, boolean>,
  dialect: SchemaDialect,
  file: string,
  base: string,
): InputProblem[] {
  const keyword = /unknown keyword: "([^"]+)"/.exec(err.message)?.[1];
  if (keyword !== undefined) {
    const at = findPointer(
      schema,
      (node) => typeof node === 'object' && node !== null && !Array.isArray(node) && keyword in node,
    );
    return [
      {
        file,
        pointer: `${base}${at ?? ''}/${keyword}`,
        message: `unknown JSON Schema keyword "${keyword}" (a typo?); use a ${dialect} keyword, or prefix custom annotations with "x-"`,
      },
    ];
  }
  const format = /unknown format "([^"]+)"/.exec(err.message)?.[1];
  if (format !== undefined) {
    const at = findPointer(
      schema,
      (node) => typeof node === 'object' && node !== null && (node as { format?: unknown }).format === format,
    );
    return [
      {
        file,
        pointer: `${base}${at ?? ''}/format`,
        message: `unknown format "${format}"; use one of ajv-formats' formats (date-time, email, uuid, uri, …)`,
      },
    ];
  }
  return [{ file, pointer: base, message: `the schema cannot be compiled: ${err.message}` }];
}

// Checks are memoised by library content and schema text: a baseline and a working tree share most schemas.
const fingerprints = new WeakMap<SchemaLibrary, string>();
const strictByLibrary = new Map<string, AnyAjv>();
const checked = new Map<string, InputProblem[]>();

function fingerprint(library: SchemaLibrary): string {
  let print = fingerprints.get(library);
  if (print === undefined) {
    print = JSON.stringify([...library].sort(([a], [b]) => a.localeCompare(b)));
    fingerprints.set(library, print);
  }
  return print;
}

/** A strict ajv of one dialect (unknown keywords and formats refused), per library content. */
function strictAjv(library: SchemaLibrary, dialect: SchemaDialect): AnyAjv {
  const print = `${dialect}\u0000${fingerprint(library)}`;
  let ajv = strictByLibrary.get(print);
  if (ajv === undefined) {
    if (strictByLibrary.size > 50) strictByLibrary.clear();
    ajv = createDialectAjv(dialect, library, { strict: false, strictSchema: true, allErrors: true });
    strictByLibrary.set(print, ajv);
  }
  return ajv;
}

/** Compiles in strict mode, accepting `x-` annotations as the OpenAPI and AsyncAPI conventions do. */
function compileStrict(ajv: AnyAjv, schema: object): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      ajv.compile(schema);
      return;
    } catch (error) {
      const keyword = /unknown keyword: "(x-[^"]+)"/.exec((error as Error).message)?.[1];
      if (keyword === undefined) throw error;
      ajv.addKeyword(keyword);
    }
  }
}

function withoutId(schema: object): object {
  const { $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

function findRef(schema: unknown, missing: string): string | undefined {
  let found: string | undefined;
  findPointer(schema, (node) => {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (typeof ref === 'string' && (ref === missing || missing.endsWith(ref) || ref.endsWith(missing)))
      found ??= ref;
    return false;
  });
  return found;
}

/** The JSON pointer of the first node (depth first) the predicate accepts. */
export function findPointer(
  node: unknown,
  predicate: (node: unknown) => boolean,
  pointer = '',
): string | undefined {
  if (predicate(node)) return pointer;
  if (typeof node !== 'object' || node === null) return undefined;
  for (const [key, child] of Object.entries(node)) {
    const found = findPointer(child, predicate, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
