// A Schema Registry on loopback that speaks the Confluent REST API endpoints eventspec reads and the ones
// tests register with (no registry can run on this machine; CI runs the same tests against
// confluentinc/cp-schema-registry). It keeps subjects, versions and compatibility levels in memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started registry: its URL, and a close. */
export interface StartedRegistry {
  url: string;
  close(): Promise<void>;
}

interface Options {
  /** `user:password` the registry demands (basic auth), or a bearer token. */
  auth?: { basic?: string; bearer?: string };
}

/** Starts the in-memory registry on a free loopback port. */
export async function startFakeSchemaRegistry(options: Options = {}): Promise<StartedRegistry> {
  const subjects = new Map<string, { id: number; schema: string; schemaType?: string }[]>();
  const config = new Map<string, string>();
  let global = 'BACKWARD';
  let nextId = 1;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized(req, options.auth)) return send(401, { error_code: 401, message: 'Unauthorized' });
    const url = new URL(req.url ?? '/', 'http://registry');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const body = req.method === 'POST' || req.method === 'PUT' ? await json(req) : undefined;
    const [root, subject, what, version] = parts;
    if (root === 'config' && subject === undefined) {
      if (req.method === 'PUT') global = String((body as { compatibility: string }).compatibility);
      return send(200, { compatibilityLevel: global });
    }
    if (root === 'config' && subject !== undefined) {
      if (req.method === 'PUT') {
        config.set(subject, String((body as { compatibility: string }).compatibility));
        return send(200, { compatibility: config.get(subject) });
      }
      const level = config.get(subject);
      if (level === undefined)
        return send(404, {
          error_code: 40408,
          message: `Subject '${subject}' does not have subject-level compatibility configured`,
        });
      return send(200, { compatibilityLevel: level });
    }
    if (root !== 'subjects') return send(404, { error_code: 404, message: 'HTTP 404 Not Found' });
    if (subject === undefined) return send(200, [...subjects.keys()]);
    const versions = subjects.get(subject);
    if (what === 'versions' && req.method === 'POST') {
      const list = versions ?? [];
      const registered = { id: nextId++, ...(body as { schema: string; schemaType?: string }) };
      list.push(registered);
      subjects.set(subject, list);
      return send(200, { id: registered.id });
    }
    if (req.method === 'DELETE') {
      subjects.delete(subject);
      config.delete(subject);
      return send(200, []);
    }
    if (versions === undefined)
      return send(404, { error_code: 40401, message: `Subject '${subject}' not found.` });
    if (what === 'versions' && version === undefined)
      return send(
        200,
        versions.map((_, i) => i + 1),
      );
    const index = version === 'latest' ? versions.length - 1 : Number(version) - 1;
    const found = versions[index];
    if (what !== 'versions' || found === undefined)
      return send(404, { error_code: 40402, message: `Version ${version} not found.` });
    return send(200, { subject, version: index + 1, ...found });
  };
  const server = createServer((req, res) => void handle(req, res));
  return listen(server);
}

/** Starts a loopback server that answers every request with `answer` (a misbehaving registry). */
export async function startBrokenRegistry(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<StartedRegistry> {
  return listen(createServer(answer));
}

async function listen(server: Server): Promise<StartedRegistry> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authorized(req: IncomingMessage, auth: Options['auth']): boolean {
  if (auth === undefined) return true;
  const header = req.headers.authorization ?? '';
  if (auth.bearer !== undefined && header === `Bearer ${auth.bearer}`) return true;
  return auth.basic !== undefined && header === `Basic ${Buffer.from(auth.basic).toString('base64')}`;
}

async function json(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

/** Registers schema versions of a subject and sets its level, over the REST API (fake or real registry). */
export async function registerSubject(
  url: string,
  subject: string,
  level: string,
  schemas: readonly object[],
): Promise<void> {
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${url}/${path}`, {
      method,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /${path}: ${response.status} ${await response.text()}`);
  };
  const at = `config/${encodeURIComponent(subject)}`;
  // Registered as NONE, so that a real registry accepts every version; then the level under test.
  await call('PUT', at, { compatibility: 'NONE' });
  for (const schema of schemas)
    await call('POST', `subjects/${encodeURIComponent(subject)}/versions`, {
      schemaType: 'JSON',
      schema: JSON.stringify(schema),
    });
  await call('PUT', at, { compatibility: level });
}
