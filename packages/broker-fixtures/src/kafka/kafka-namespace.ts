import type { Kafka } from 'kafkajs';
import type { KafkaEndpoint } from './kafka-endpoint.js';

/** What dropping a namespace did: names deleted, and names kept with the reason (e.g. a mock cluster). */
export interface NamespaceDropResult {
  deleted: string[];
  retained: string[];
  reason?: string;
}

/**
 * A test's slice of a shared Kafka cluster: every topic and consumer group the test names is prefixed
 * with the namespace (which includes the run id), and all of them are deleted when the test ends.
 */
export class KafkaNamespace {
  readonly name: string;
  readonly #topics = new Set<string>();
  readonly #groups = new Set<string>();

  constructor(name: string) {
    this.name = name;
  }

  /** The real topic name of `topic` in this namespace (`<namespace>.<topic>`). */
  topic(topic: string): string {
    const full = `${this.name}.${topic}`;
    this.#topics.add(full);
    return full;
  }

  /** The real consumer group id of `group` in this namespace. */
  group(group: string): string {
    const full = `${this.name}.${group}`;
    this.#groups.add(full);
    return full;
  }

  /** The name a test used for a real topic of this namespace (strips the prefix). */
  localName(topic: string): string {
    return topic.startsWith(`${this.name}.`) ? topic.slice(this.name.length + 1) : topic;
  }

  /** Deletes every topic and group of this namespace that exists; reports what the cluster refused. */
  async drop(client: Kafka, endpoint: KafkaEndpoint): Promise<NamespaceDropResult> {
    const groups = [...this.#groups];
    const admin = client.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const topics = [...existing].filter((topic) => topic.startsWith(`${this.name}.`));
      return await deleteTopicsAndGroups(admin, endpoint, topics, groups);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Deletes topics and groups, marking the endpoint as unable to when the cluster refuses (a mock). */
export async function deleteTopicsAndGroups(
  admin: ReturnType<Kafka['admin']>,
  endpoint: KafkaEndpoint,
  topics: string[],
  groups: string[],
): Promise<NamespaceDropResult> {
  const result: NamespaceDropResult = { deleted: [], retained: [] };
  const reasons: string[] = [];
  if (topics.length > 0 && endpoint.capabilities.deleteTopics) {
    try {
      await admin.deleteTopics({ topics, timeout: 5000 });
      result.deleted.push(...topics);
    } catch (error) {
      endpoint.capabilities.deleteTopics = false;
      endpoint.capabilities.refusal = `deleteTopics: ${(error as Error).message}`;
      reasons.push(endpoint.capabilities.refusal);
    }
  }
  if (!result.deleted.length) result.retained.push(...topics);
  if (groups.length > 0 && endpoint.capabilities.deleteGroups) {
    try {
      await admin.deleteGroups(groups);
      result.deleted.push(...groups);
    } catch (error) {
      const code = (error as { groups?: Array<{ error?: { type?: string } }> }).groups?.[0]?.error?.type;
      if (code !== 'GROUP_ID_NOT_FOUND' && code !== 'NON_EMPTY_GROUP')
        endpoint.capabilities.deleteGroups = false;
      reasons.push(`deleteGroups: ${(error as Error).message}`);
      result.retained.push(...groups);
    }
  } else {
    result.retained.push(...groups);
  }
  if (reasons.length > 0) result.reason = reasons.join('; ');
  else if (result.retained.length > 0) {
    result.reason = `the cluster refused deleting earlier in this run (${endpoint.capabilities.refusal ?? 'unsupported'})`;
  }
  return result;
}
