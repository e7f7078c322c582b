import type { PathSegment } from './difference.js';
import { maxNestingDepth, tooDeep } from './too-deep.js';

/**
 * What {@link copyValue} does with an instance of a class of the user's: copy its own fields onto a new
 * object of the same class (enough to compare it later), or call `refuse` (when the copy is run as a
 * model, since methods may rely on private fields a copy does not have).
 */
export type ClassInstances = 'copy' | { refuse(instance: object, path: readonly PathSegment[]): never };

/**
 * A deep copy of data, made to keep a value as it was before code that may change it in place runs:
 * plain and null-prototype objects, arrays (holes kept), Maps, Sets, Dates, RegExps, typed arrays and
 * ArrayBuffers are copied; functions, Errors, boxed primitives, Weak collections and Promises are kept by
 * reference; shared and cyclic references stay shared and cyclic. Unlike `structuredClone`, functions do not
 * make it fail and class instances keep their class.
 */
export function copyValue<T>(
  value: T,
  classes: ClassInstances = 'copy',
  functions: 'keep' | 'by source' = 'keep',
): T {
  return new Copier(classes, functions).copy(value, []) as T;
}

/**
 * A function in a copy made `'by source'`: equal to another function of the same source text, for
 * comparing models of two runs, where a factory makes a new closure each time.
 */
export class FunctionSource {
  constructor(readonly source: string) {}
  equals(other: unknown): boolean {
    return other instanceof FunctionSource && other.source === this.source;
  }
  toString(): string {
    return this.source.length > 60 ? `${this.source.slice(0, 59)}…` : this.source;
  }
}

const plainPrototypes = new Set<unknown>([Object.prototype, null]);

class Copier {
  private readonly copies = new Map<object, unknown>();
  private depth = 0;

  constructor(
    private readonly classes: ClassInstances,
    private readonly functions: 'keep' | 'by source',
  ) {}

  copy(value: unknown, path: PathSegment[]): unknown {
    if (typeof value === 'function' && this.functions === 'by source')
      return new FunctionSource(Function.prototype.toString.call(value));
    if (typeof value !== 'object' || value === null) return value;
    const known = this.copies.get(value);
    if (known !== undefined) return known;
    if (++this.depth > maxNestingDepth) throw tooDeep(path);
    try {
      return this.copyObject(value, path);
    } finally {
      this.depth--;
    }
  }

  private copyObject(value: object, path: PathSegment[]): unknown {
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      const copy = new Array<unknown>(value.length);
      this.copies.set(value, copy);
      for (let i = 0; i < value.length; i++) if (i in value) copy[i] = this.copy(value[i], [...path, i]);
      return copy;
    }
    if (plainPrototypes.has(proto)) return this.copyFields(value, Object.create(proto), path);
    if (value instanceof Date) return this.remember(value, sameClass(new Date(value.getTime()), proto));
    if (value instanceof RegExp) return this.remember(value, new RegExp(value.source, value.flags));
    if (value instanceof ArrayBuffer) return this.remember(value, value.slice(0));
    if (ArrayBuffer.isView(value)) return this.remember(value, copyView(value));
    if (value instanceof Map) {
      const copy = sameClass(new Map(), proto);
      this.copies.set(value, copy);
      for (const [key, item] of value) copy.set(key, this.copy(item, [...path, { mapKey: key }]));
      return copy;
    }
    if (value instanceof Set) {
      const copy = sameClass(new Set(), proto);
      this.copies.set(value, copy);
      for (const member of value) copy.add(this.copy(member, [...path, { setMember: member }]));
      return copy;
    }
    if (keptByReference(value)) return value;
    if (this.classes !== 'copy') this.classes.refuse(value, path);
    return this.copyFields(value, Object.create(proto), path);
  }

  private copyFields(value: object, copy: Record<string, unknown>, path: PathSegment[]): unknown {
    this.copies.set(value, copy);
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) copy[key] = this.copy(source[key], [...path, key]);
    return copy;
  }

  private remember(value: object, copy: unknown): unknown {
    this.copies.set(value, copy);
    return copy;
  }
}

function sameClass<T extends object>(copy: T, proto: object | null): T {
  return Object.getPrototypeOf(copy) === proto ? copy : Object.setPrototypeOf(copy, proto);
}

function keptByReference(value: object): boolean {
  return (
    value instanceof Error ||
    value instanceof Promise ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean
  );
}

function copyView(view: ArrayBufferView): ArrayBufferView {
  if (view instanceof DataView)
    return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  const TypedArray = view.constructor as new (source: ArrayBufferView) => ArrayBufferView;
  return new TypedArray(view);
}
