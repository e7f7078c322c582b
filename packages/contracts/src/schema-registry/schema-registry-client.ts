import { redactUrl, SchemaRegistryError } from './schema-registry-error.js';

/** How to log in to the registry; read from the environment when not given. */
export type SchemaRegistryAuth = { username: string; password: string } | { token: string };

/** One registered version of a subject, as `GET /subjects/{s}/versions/{v}` returns it. */
export interface RegisteredSchema {
  subject: string;
  version: number;
  id: number;
  /** `JSON`, `AVRO` (the registry leaves it out for Avro) or `PROTOBUF`. */
  schemaType: string;
  /** The schema text. */
  schema: string;
  references: unknown[];
}

/**
 * The credentials of the environment: `EVENTSPEC_SCHEMA_REGISTRY_TOKEN` (a bearer token), or
 * `EVENTSPEC_SCHEMA_REGISTRY_USER` and `EVENTSPEC_SCHEMA_REGISTRY_PASSWORD` (basic auth).
 */
export function authFromEnvironment(env: NodeJS.ProcessEnv = process.env): SchemaRegistryAuth | undefined {
  if (env.EVENTSPEC_SCHEMA_REGISTRY_TOKEN) return { token: env.EVENTSPEC_SCHEMA_REGISTRY_TOKEN };
  if (env.EVENTSPEC_SCHEMA_REGISTRY_USER)
    return {
      username: env.EVENTSPEC_SCHEMA_REGISTRY_USER,
      password: env.EVENTSPEC_SCHEMA_REGISTRY_PASSWORD ?? '',
    };
  return undefined;
}

/** A reader of the Confluent Schema Registry REST API (also served by Karapace, Redpanda and Apicurio). */
export class SchemaRegistryClient {
  readonly #base: URL;
  readonly #shown: string;
  readonly #headers: Record<string, string>;
  readonly #timeout: number;

  constructor(url: string, options: { auth?: SchemaRegistryAuth; timeoutMs?: number } = {}) {
    let base: URL;
    try {
      base = new URL(url.endsWith('/') ? url : `${url}/`);
    } catch {
      throw new SchemaRegistryError(
        `"${redactUrl(url)}" is not a URL; pass the registry's base URL, e.g. http://localhost:8081`,
      );
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new SchemaRegistryError(
        `"${redactUrl(url)}" is not an http(s) URL; pass the registry's base URL, e.g. http://localhost:8081`,
      );
    let auth = options.auth;
    if (auth === undefined && base.username !== '')
      auth = { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) };
    base.username = '';
    base.password = '';
    this.#base = base;
    this.#shown = redactUrl(base.href);
    this.#timeout = options.timeoutMs ?? 10_000;
    this.#headers = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (auth && 'token' in auth) this.#headers.authorization = `Bearer ${auth.token}`;
    else if (auth)
      this.#headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  /** Every subject: `GET /subjects`. */
  async subjects(): Promise<string[]> {
    const answer = await this.#get('subjects');
    if (!Array.isArray(answer.body) || answer.body.some((s) => typeof s !== 'string'))
      throw this.#unexpected('subjects', 'an array of subject names');
    return answer.body as string[];
  }

  /** The versions of a subject, oldest first: `GET /subjects/{s}/versions`. */
  async versions(subject: string): Promise<number[]> {
    const path = `subjects/${encodeURIComponent(subject)}/versions`;
    const answer = await this.#get(path);
    if (!Array.isArray(answer.body) || answer.body.some((v) => !Number.isInteger(v)))
      throw this.#unexpected(path, 'an array of version numbers');
    return (answer.body as number[]).toSorted((a, b) => a - b);
  }

  /** One version: `GET /subjects/{s}/versions/{v}`. */
  async schema(subject: string, version: number): Promise<RegisteredSchema> {
    const path = `subjects/${encodeURIComponent(subject)}/versions/${version}`;
    const body = (await this.#get(path)).body as Partial<RegisteredSchema> | null;
    if (typeof body !== 'object' || body === null || typeof body.schema !== 'string')
      throw this.#unexpected(path, 'an object with the "schema" text');
    return {
      subject,
      version,
      id: typeof body.id === 'number' ? body.id : -1,
      schemaType: typeof body.schemaType === 'string' ? body.schemaType : 'AVRO',
      schema: body.schema,
      references: Array.isArray(body.references) ? body.references : [],
    };
  }

  /** The compatibility level of a subject: `GET /config/{s}`, else the global `GET /config`. */
  async compatibility(subject: string): Promise<{ level: string; from: 'subject' | 'global' }> {
    const path = `config/${encodeURIComponent(subject)}`;
    const own = await this.#get(path, [404]);
    if (own.status !== 404) return { level: this.#level(own.body, path), from: 'subject' };
    const global = await this.#get('config');
    return { level: this.#level(global.body, 'config'), from: 'global' };
  }

  #level(body: unknown, path: string): string {
    const config = body as { compatibilityLevel?: unknown; compatibility?: unknown } | null;
    const level = config?.compatibilityLevel ?? config?.compatibility;
    if (typeof level !== 'string') throw this.#unexpected(path, 'an object with "compatibilityLevel"');
    return level;
  }

  #unexpected(path: string, expected: string): SchemaRegistryError {
    return new SchemaRegistryError(
      `The Schema Registry at ${this.#shown} answered GET /${path} with something else than ${expected}; is --against-registry the registry's base URL?`,
    );
  }

  async #get(path: string, allowed: number[] = []): Promise<{ status: number; body: unknown }> {
    const where = `GET ${this.#shown}/${path}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.#base), {
        headers: this.#headers,
        signal: AbortSignal.timeout(this.#timeout),
      });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string } };
      const reason =
        cause.name === 'TimeoutError'
          ? `no answer within ${this.#timeout} ms`
          : (cause.cause?.code ?? cause.message);
      throw new SchemaRegistryError(
        `The Schema Registry cannot be reached: ${where}: ${reason}. Check the URL and that the registry is up.`,
        { cause: error },
      );
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok)
        throw new SchemaRegistryError(
          `The Schema Registry answered ${where} with ${response.status} and a body that is not JSON (${JSON.stringify(text.slice(0, 80))}); is --against-registry the registry's base URL?`,
          { status: response.status },
        );
    }
    if (response.ok || allowed.includes(response.status)) return { status: response.status, body };
    const error = body as { error_code?: unknown; message?: unknown } | undefined;
    const said =
      typeof error?.message === 'string'
        ? `: ${error.message}${error.error_code !== undefined ? ` (error_code ${error.error_code})` : ''}`
        : '';
    const hint =
      response.status === 401 || response.status === 403
        ? ' Set EVENTSPEC_SCHEMA_REGISTRY_USER and EVENTSPEC_SCHEMA_REGISTRY_PASSWORD, or EVENTSPEC_SCHEMA_REGISTRY_TOKEN, to credentials that may read the subjects.'
        : response.status === 404
          ? ' Check the subject name (--registry-subjects) and the URL.'
          : response.status >= 500
            ? ' The registry failed; try again, or check its logs.'
            : '';
    throw new SchemaRegistryError(
      `The Schema Registry answered ${where} with ${response.status}${said}.${hint}`,
      { status: response.status },
    );
  }
}
