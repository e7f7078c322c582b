// Detached watchdog (our stand-in for Ryuk), started before the first thing its owner must not leak: waits
// for the owner process to die (SIGKILL, Ctrl-C, a crash, a normal exit), then removes what the owner's
// registry still lists — containers by owner label (several passes, for one whose creation was in flight),
// vhosts, Kafka namespaces, temp folders — and the registry itself.
// Run as `node reaper-watchdog.js <ownerPid> <ownerLabel> <registryFile>`. Self-contained (no relative
// imports) so Node can run it from src/ as well as from dist/.
import { readFileSync, rmSync } from 'node:fs';

type Resource =
  | { kind: 'containers'; owner: string }
  | { kind: 'vhost'; managementUrl: string; username: string; password: string; vhost: string }
  | { kind: 'kafka-namespace'; brokers: string[]; prefix: string }
  | { kind: 'nats-streams'; url: string; prefix: string }
  | { kind: 'redis-keys'; url: string; patterns: string[] }
  | { kind: 'path'; path: string };

const ownerPid = Number(process.argv[2]);
const owner = process.argv[3] ?? '';
const registry = process.argv[4];
/** Gives up on a resource that cannot be removed after this long (an unreachable broker). */
const REAP_BUDGET_MS = 40_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listed(): Resource[] {
  if (!registry) return [{ kind: 'containers', owner }];
  let text = '';
  try {
    text = readFileSync(registry, 'utf8');
  } catch {
    return [];
  }
  const live = new Map<number, Resource>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { add?: number; release?: number; resource?: Resource };
      if (entry.add !== undefined && entry.resource) live.set(entry.add, entry.resource);
      if (entry.release !== undefined) live.delete(entry.release);
    } catch {
      // A line cut short by the owner's death: the resource it names was not made yet.
    }
  }
  return [...live.values()];
}

async function reapContainers(label: string): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const docker = client.container.dockerode;
  // A container whose creation was in flight when the owner died appears a moment later: keep looking.
  let empty = 0;
  for (let pass = 0; empty < 2 && pass < 15; pass++) {
    const containers = (
      await docker.listContainers({ all: true, filters: { label: [`org.eventspec.owner=${label}`] } })
    ).filter((info) => !info.Labels['org.eventspec.reuse']);
    empty = containers.length === 0 ? empty + 1 : 0;
    await Promise.allSettled(
      containers.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true })),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

async function deleteVhost(resource: Extract<Resource, { kind: 'vhost' }>): Promise<void> {
  const auth = Buffer.from(`${resource.username}:${resource.password}`).toString('base64');
  const base = resource.managementUrl.replace(/\/$/, '');
  const response = await fetch(`${base}/api/vhosts/${encodeURIComponent(resource.vhost)}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok && response.status !== 404) throw new Error(`DELETE vhost: ${response.status}`);
}

async function dropKafkaNamespace(resource: Extract<Resource, { kind: 'kafka-namespace' }>): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'eventspec-watchdog',
    brokers: resource.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 2 },
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${resource.prefix}.`));
    // Clusters without DeleteTopics (librdkafka's mock) refuse: the next run's leftover sweep reports them.
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 5000 }).catch(() => undefined);
    const { groups } = await admin.listGroups().catch(() => ({ groups: [] }));
    const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith(`${resource.prefix}.`));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

async function deleteNatsStreams(resource: Extract<Resource, { kind: 'nats-streams' }>): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const connection = await connect({ servers: resource.url, timeout: 3000, reconnect: false });
  try {
    const jsm = await jetstreamManager(connection);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(resource.prefix)) await jsm.streams.delete(name).catch(() => false);
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function deleteRedisKeys(resource: Extract<Resource, { kind: 'redis-keys' }>): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(resource.url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    for (const pattern of resource.patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

function reapOne(resource: Resource): Promise<void> {
  switch (resource.kind) {
    case 'containers':
      return reapContainers(resource.owner);
    case 'vhost':
      return deleteVhost(resource);
    case 'kafka-namespace':
      return dropKafkaNamespace(resource);
    case 'nats-streams':
      return deleteNatsStreams(resource);
    case 'redis-keys':
      return deleteRedisKeys(resource);
    case 'path':
      rmSync(resource.path, { recursive: true, force: true });
      return Promise.resolve();
  }
}

async function reap(): Promise<void> {
  const budget = new Promise((resolve) => setTimeout(resolve, REAP_BUDGET_MS).unref());
  await Promise.race([Promise.allSettled(listed().map(reapOne)), budget]);
  if (registry) rmSync(registry, { force: true });
}

const timer = setInterval(() => {
  if (alive(ownerPid)) return;
  clearInterval(timer);
  reap().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}, 250);
