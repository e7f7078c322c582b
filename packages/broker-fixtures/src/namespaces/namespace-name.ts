/** Every namespace eventspec creates starts with this, so leftovers are recognisable. */
export const NAMESPACE_PREFIX = 'es_';

/** The parts of a namespace name. */
export interface NamespaceName {
  runId: string;
  /** Counter within the run (per worker). */
  sequence: number;
  /** The test's name, reduced to `[a-z0-9-]`, for humans reading broker listings. */
  label: string;
}

/**
 * A namespace name valid as a Kafka topic prefix and a RabbitMQ vhost:
 * `es_<runId>_<worker>.<sequence>_<label>`, at most 100 characters.
 */
export function formatNamespace(name: {
  runId: string;
  worker: string;
  sequence: number;
  label: string;
}): string {
  const label = name.label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${NAMESPACE_PREFIX}${name.runId}_${name.worker}.${name.sequence}_${label || 'test'}`;
}

/** The run id inside a namespace name (or a name under it, like `es_…_x.orders`), else undefined. */
export function runIdOf(name: string): string | undefined {
  const match = /^es_([0-9a-z]+-[0-9a-z-]+)_[0-9a-z]+\.\d+_/.exec(name);
  return match?.[1];
}
