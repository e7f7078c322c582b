/**
 * Schema Registry compatibility modes. BACKWARD: every message valid under the old schema is valid under
 * the new one (consumers on the new schema read old data). FORWARD: the reverse. FULL: both. The
 * `_TRANSITIVE` variants check against every earlier version, not only the previous one. NONE: no check.
 */
export type CompatibilityMode =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

/** Every compatibility mode, in the order the Schema Registry documents them. */
export const compatibilityModes: readonly CompatibilityMode[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

/** Whether a string names a compatibility mode. */
export function isCompatibilityMode(value: unknown): value is CompatibilityMode {
  return typeof value === 'string' && (compatibilityModes as readonly string[]).includes(value);
}

/** The directions a mode checks: `backward` is old ⊆ new, `forward` is new ⊆ old. */
export function directionsOf(mode: CompatibilityMode): {
  backward: boolean;
  forward: boolean;
  transitive: boolean;
} {
  return {
    backward: mode.startsWith('BACKWARD') || mode.startsWith('FULL'),
    forward: mode.startsWith('FORWARD') || mode.startsWith('FULL'),
    transitive: mode.endsWith('_TRANSITIVE'),
  };
}
