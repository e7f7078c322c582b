import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Contract, JsonSchema } from '../model/contract.js';
import type { InputProblem } from '../model/contract-errors.js';
import { addFormats, type SchemaLibrary } from '../validation/create-ajv.js';

/**
 * Checks the schemas of a contract: valid JSON Schema 2020-12, no unknown keyword or format (a typo such
 * as `requried` would otherwise check nothing), every `$ref` resolvable. Returns the problems found.
 */
export function checkContractSchemas(contract: Contract, library: SchemaLibrary): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const part of ['body', 'key', 'headers'] as const) {
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
  const ajv = strictAjv(library);
  if (!ajv.validateSchema(schema)) {
    const firstPerPlace = (ajv.errors ?? []).filter(
      (e, i, all) => all.findIndex((x) => x.instancePath === e.instancePath) === i,
    );
    return firstPerPlace.map((e) => ({
      file,
      pointer: `${base}${e.instancePath}`,
      message: `not a valid JSON Schema 2020-12: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
    }));
  }
  try {
    compileStrict(ajv, withoutId(schema));
    return [];
  } catch (error) {
    const err = error as Error & { missingRef?: string; missingSchema?: string };
    if (err.missingRef !== undefined) {
      const ref = findRef(schema, err.missingRef) ?? err.missingRef;
      const at = findPointer(
        schema,
        (node) => typeof node === 'object' && node !== null && (node as { $ref?: unknown }).$ref === ref,
      );
      return [
        {
          file,
          pointer: `${base}${at ?? ''}`,
          message: `$ref "${ref}" cannot be resolved; define it under $defs, or add a *.schema.json file with that $id`,
        },
      ];
    }
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
          message: `unknown JSON Schema keyword "${keyword}" (a typo?); use a 2020-12 keyword, or prefix custom annotations with "x-"`,
        },
      ];
    }
    const format = /unknown format "([^"]+)"/.exec(err.message)?.[1];
    if (format !== undefined) {
      const at = findPointer(
        schema,
        (node) =>
          typeof node === 'object' && node !== null && (node as { format?: unknown }).format === format,
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
}

// Checks are memoised by library content and schema text: a baseline and a working tree share most schemas.
const fingerprints = new WeakMap<SchemaLibrary, string>();
const strictByLibrary = new Map<string, Ajv2020>();
const checked = new Map<string, InputProblem[]>();

function fingerprint(library: SchemaLibrary): string {
  let print = fingerprints.get(library);
  if (print === undefined) {
    print = JSON.stringify([...library].sort(([a], [b]) => a.localeCompare(b)));
    fingerprints.set(library, print);
  }
  return print;
}

function strictAjv(library: SchemaLibrary): Ajv2020 {
  const print = fingerprint(library);
  let ajv = strictByLibrary.get(print);
  if (ajv === undefined) {
    if (strictByLibrary.size > 50) strictByLibrary.clear();
    ajv = new Ajv2020({ strict: false, strictSchema: true, allErrors: true });
    addFormats(ajv);
    for (const [id, schema] of library) if (!ajv.getSchema(id)) ajv.addSchema(schema as object, id);
    strictByLibrary.set(print, ajv);
  }
  return ajv;
}

/** Compiles in strict mode, accepting `x-` annotations as the OpenAPI and AsyncAPI conventions do. */
function compileStrict(ajv: Ajv2020, schema: object): void {
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
