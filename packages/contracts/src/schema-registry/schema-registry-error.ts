import { EventspecError } from '@eventspec/core/internal';

/**
 * Thrown when a Schema Registry cannot serve as the baseline: unreachable, a refused login, a timeout, an
 * error status or an answer that is not what its REST API documents. Never a pass.
 */
export class SchemaRegistryError extends EventspecError {
  override name = 'SchemaRegistryError';
  /** The HTTP status, when the registry answered. */
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(
      'EVENTSPEC_SCHEMA_REGISTRY_FAILED',
      message,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.status = options.status;
  }
}

/** A registry URL as messages may show it: without user and password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
