import { type LeftoverOptions, selectLeftovers } from '../namespaces/leftovers.js';
import { NAMESPACE_PREFIX } from '../namespaces/namespace-name.js';
import { createKafkaClient } from './kafka-client.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';
import { deleteTopicsAndGroups, type NamespaceDropResult } from './kafka-namespace.js';

/**
 * Deletes the topics and consumer groups crashed runs left on a shared cluster (eventspec namespaces of
 * other runs older than `maxAgeMs`), or with `currentRun: true` those of this run that crashed tests
 * left. Clusters that cannot delete (a mock) report them as retained.
 */
export async function removeKafkaLeftovers(
  endpoint: KafkaEndpoint,
  options: LeftoverOptions,
): Promise<NamespaceDropResult> {
  const admin = createKafkaClient(endpoint).admin();
  await admin.connect();
  try {
    const topics = selectLeftovers(
      (await admin.listTopics()).filter((topic) => topic.startsWith(NAMESPACE_PREFIX)),
      options,
    );
    const groups = await admin
      .listGroups()
      .then(({ groups }) =>
        groups.map((group) => group.groupId).filter((id) => id.startsWith(NAMESPACE_PREFIX)),
      )
      .catch(() => [] as string[]);
    return await deleteTopicsAndGroups(admin, endpoint, topics, selectLeftovers(groups, options));
  } finally {
    await admin.disconnect();
  }
}
