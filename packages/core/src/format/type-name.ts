/**
 * The name a failure shows for an event or a command: its `type` (or `kind`, `_tag`, `name`) field,
 * else its class name.
 */
export function typeName(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message;
  const record = message as Record<string, unknown>;
  for (const field of ['type', 'kind', '_tag', 'name'] as const) {
    const value = record[field];
    if (typeof value === 'string') return value;
  }
  const proto = Object.getPrototypeOf(message);
  return proto && proto !== Object.prototype ? (proto.constructor?.name ?? 'Object') : 'Object';
}
