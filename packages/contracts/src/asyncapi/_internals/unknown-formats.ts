import type { Contract, JsonSchema } from '../../model/contract.js';
import { createAjv } from '../../validation/create-ajv.js';

let known: ReadonlySet<string> | undefined;

/** The formats the validator checks (ajv-formats' list). */
function knownFormats(): ReadonlySet<string> {
  known ??= new Set(Object.keys(createAjv().formats));
  return known;
}

/**
 * AsyncAPI documents use formats no validator checks (`iri-reference`, `int32` in older tools, custom ones):
 * such a `format` is dropped from the contract's schemas, as ajv's `strict: false` ignores it, and told
 * once per format and document — never a refusal of the document.
 */
export class UnknownFormats {
  readonly #told = new Set<string>();
  readonly #file: string;
  readonly #warn: (message: string) => void;

  constructor(file: string, warn?: (message: string) => void) {
    this.#file = file;
    this.#warn =
      warn ?? ((message) => process.emitWarning(message, { code: 'EVENTSPEC_ASYNCAPI_FORMAT_IGNORED' }));
  }

  /** The contract with unknown formats dropped from its data, key and headers schemas. */
  strip(contract: Contract): Contract {
    const out = { ...contract, data: this.#schema(contract.data) };
    if (contract.key !== undefined) out.key = this.#schema(contract.key);
    if (contract.headers !== undefined) out.headers = this.#schema(contract.headers);
    return out;
  }

  #schema(schema: JsonSchema): JsonSchema {
    return this.#walk(schema) as JsonSchema;
  }

  #walk(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.#walk(n));
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' || key === 'const' || key === 'examples' || key === 'default') out[key] = value;
      else if (key === 'format' && typeof value === 'string' && !knownFormats().has(value)) this.#tell(value);
      else out[key] = this.#walk(value);
    }
    return out;
  }

  #tell(format: string): void {
    if (this.#told.has(format)) return;
    this.#told.add(format);
    this.#warn(
      `${this.#file}: format "${format}" is not one eventspec validates; it is ignored (values of any form pass). Use a format of ajv-formats (date-time, email, uri, uuid, …) to have it checked.`,
    );
  }
}
