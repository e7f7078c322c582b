import { isAsymmetricMatcher } from '../matching/asymmetric-matcher.js';

/** How {@link formatValue} lays a value out. */
export interface FormatOptions {
  /**
   * Above this many characters a value is laid out over several lines.
   * @default 80
   */
  width?: number;
  /**
   * Above this many characters a one-line rendering is cut with `…` (messages); `Infinity` keeps all (source).
   * @default Infinity
   */
  maxLength?: number;
}

/**
 * Renders a value as JavaScript source a user could paste into a spec: `new Date("…")`, `new Map([…])`,
 * `10n`, `undefined`; class instances keep their class name, matchers their description.
 */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const { width = 80, maxLength = Number.POSITIVE_INFINITY } = options;
  const text = render(value, '', width, []);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** A one-line rendering cut to `maxLength` characters, for failure messages. */
export function formatInline(value: unknown, maxLength = 100): string {
  return formatValue(value, { width: Number.POSITIVE_INFINITY, maxLength });
}

function render(value: unknown, indent: string, width: number, seen: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
  }
  if (value === null) return 'null';
  const object = value as object;
  if (isAsymmetricMatcher(object)) return object.toString();
  if (seen.includes(object)) return '[Circular]';
  if (seen.length >= maxRenderDepth) return '…';
  if (object instanceof Date)
    return `new Date(${Number.isNaN(object.getTime()) ? 'NaN' : JSON.stringify(object.toISOString())})`;
  if (object instanceof RegExp) return object.toString();
  if (object instanceof Error) return `new ${object.name}(${JSON.stringify(object.message)})`;
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    const items = Array.from(object as unknown as ArrayLike<number | bigint>, (n) =>
      render(n, '', width, seen),
    );
    return `new ${object.constructor.name}([${items.join(', ')}])`;
  }
  seen.push(object);
  try {
    if (object instanceof Map) {
      const entries = [...object].map(([k, v]) => [render(k, '', width, seen), render(v, '', width, seen)]);
      return `new Map(${layout(
        entries.map(([k, v]) => `[${k}, ${v}]`),
        '[',
        ']',
        indent,
        width,
      )})`;
    }
    if (object instanceof Set) {
      return `new Set(${layout(
        [...object].map((m) => render(m, '', width, seen)),
        '[',
        ']',
        indent,
        width,
      )})`;
    }
    const inner = `${indent}  `;
    if (Array.isArray(object)) {
      const items = Array.from(object, (item, i) =>
        i in object ? render(item, inner, width, seen) : '<empty>',
      );
      return layout(items, '[', ']', indent, width);
    }
    const keys: PropertyKey[] = [...Object.keys(object), ...Object.getOwnPropertySymbols(object)];
    const record = object as Record<PropertyKey, unknown>;
    const fields = keys.map((key) => `${renderKey(key)}: ${render(record[key], inner, width, seen)}`);
    const proto = Object.getPrototypeOf(object);
    const prefix =
      proto === Object.prototype || proto === null ? '' : `${proto.constructor?.name ?? 'Object'} `;
    return fields.length === 0 ? `${prefix}{}` : prefix + layout(fields, '{ ', ' }', indent, width, '{', '}');
  } finally {
    seen.pop();
  }
}

/** Past this depth a value is shown as `…`: a failure message has no use for the 101st level. */
const maxRenderDepth = 100;

function layout(
  items: string[],
  open: string,
  close: string,
  indent: string,
  width: number,
  openMulti = open,
  closeMulti = close,
) {
  const oneLine = `${open}${items.join(', ')}${close}`;
  if (indent.length + oneLine.length <= width && !oneLine.includes('\n')) return oneLine;
  const inner = `${indent}  `;
  return `${openMulti.trim()}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${closeMulti.trim()}`;
}

function renderKey(key: PropertyKey): string {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key as string) ? (key as string) : JSON.stringify(key);
}
