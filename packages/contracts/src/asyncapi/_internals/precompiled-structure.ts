import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { parserEntry } from './load-parser.js';

type Json = Record<string, unknown>;
type Validate = (document: unknown) => boolean;
type RuleFunction = (
  target: unknown,
  options: unknown,
  context: { document?: { formats?: Set<unknown> } },
) => unknown;

/** What the build step (scripts/precompile-asyncapi-structure.mjs) compiled, and from what. */
interface Manifest {
  ajv: string;
  ajvFormats: string;
  ajvErrors: string;
  /** By the SHA-256 of the schema's JSON: the file of its standalone validator. */
  validators: Record<string, { file: string }>;
}

/** The rules whose work the precompiled validators spare. */
const structureRules = { 'asyncapi-document-resolved': true, 'asyncapi-document-unresolved': false } as const;

/** Where the build step writes (the same from `src` and `dist`: both are three levels below the package). */
export const precompiledFolder = new URL('../../../dist/asyncapi/structure/', import.meta.url);

/** How many documents each side judged, since the process started (tests read it). */
export const structureChecks = { precompiled: 0, parser: 0 };

/**
 * The rules to give a `Parser` of the installed `@asyncapi/parser` (`ruleset: { rules }`): see
 * {@link precompiledStructureRules}; undefined with `EVENTSPEC_ASYNCAPI_PRECOMPILED=off`.
 */
export function precompiledRules(): Record<string, Json> | undefined {
  if (['off', '0', 'false'].includes(process.env.EVENTSPEC_ASYNCAPI_PRECOMPILED ?? '')) return undefined;
  try {
    return precompiledStructureRules(parserEntry());
  } catch {
    return undefined;
  }
}

/**
 * The parser's two rules that check a document against its AsyncAPI version's JSON Schema, each answering
 * "valid" from a validator compiled at build time, and otherwise exactly as the parser does: a document the
 * validator refuses, a version it was not built for, or any doubt goes to the parser's own rule, which
 * compiles the schema (a few hundred milliseconds per process) and words the errors. The validators are used
 * only when the installed parser gives a schema of the same hash to an ajv, ajv-formats and ajv-errors of
 * the same versions as at build time; undefined (the parser's rules unchanged) otherwise.
 */
export function precompiledStructureRules(
  parserEntry: string,
  folder: URL = precompiledFolder,
): Record<string, Json> | undefined {
  try {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', folder), 'utf8')) as Manifest;
    const parserRequire = createRequire(parserEntry);
    const checkerRequire = createRequire(parserRequire.resolve('@stoplight/spectral-functions'));
    const versionOf = (name: string) =>
      (checkerRequire(`${name}/package.json`) as { version: string }).version;
    if (
      versionOf('ajv') !== manifest.ajv ||
      versionOf('ajv-formats') !== manifest.ajvFormats ||
      versionOf('ajv-errors') !== manifest.ajvErrors
    )
      return undefined;
    const { documentStructure, getSchema } = parserRequire('./ruleset/functions/documentStructure.js') as {
      documentStructure: RuleFunction;
      getSchema: (formats: Set<unknown>, resolved: boolean) => Json | undefined;
    };
    const { coreRuleset } = parserRequire('./ruleset/ruleset.js') as {
      coreRuleset: { formats?: unknown; rules: Record<string, Json> };
    };
    if (typeof documentStructure !== 'function' || typeof getSchema !== 'function') return undefined;
    const validators = new WeakMap<Json, Validate | null>();
    const validatorOf = (schema: Json): Validate | null => {
      let validate = validators.get(schema);
      if (validate === undefined) {
        validate = load(folder, manifest, schema, checkerRequire);
        validators.set(schema, validate);
      }
      return validate;
    };
    const rules: Record<string, Json> = {};
    for (const [name, resolved] of Object.entries(structureRules)) {
      const rule = coreRuleset.rules[name];
      const then = rule?.then as Json | undefined;
      if (then === undefined) return undefined;
      const structure: RuleFunction = (target, options, context) => {
        const formats = context.document?.formats;
        const schema = formats && getSchema(formats, resolved);
        const validate = schema ? validatorOf(schema) : null;
        if (validate && valid(validate, target)) {
          structureChecks.precompiled++;
          return [];
        }
        structureChecks.parser++;
        return documentStructure(target, options, context);
      };
      rules[name] = { formats: coreRuleset.formats, ...rule, then: { ...then, function: structure } };
    }
    return rules;
  } catch {
    // No build output, or a parser laid out otherwise: its rules as they are.
    return undefined;
  }
}

function valid(validate: Validate, document: unknown): boolean {
  try {
    return validate(document) === true;
  } catch {
    return false;
  }
}

/** The standalone validator built from this very schema, with the checker's own ajv runtime; null if none. */
function load(
  folder: URL,
  manifest: Manifest,
  schema: Json,
  checkerRequire: NodeJS.Require,
): Validate | null {
  const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
  const entry = manifest.validators[hash];
  if (entry === undefined) return null;
  const code = gunzipSync(readFileSync(new URL(entry.file, folder))).toString('utf8');
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, checkerRequire);
  const validate = module.exports as Validate;
  return typeof validate === 'function' ? validate : null;
}
