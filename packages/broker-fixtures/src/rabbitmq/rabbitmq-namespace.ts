import { ownResource } from '../docker/owned-resources.js';
import { type LeftoverOptions, selectLeftovers } from '../namespaces/leftovers.js';
import { NAMESPACE_PREFIX } from '../namespaces/namespace-name.js';
import { amqpUrlFor, type RabbitMqEndpoint } from './rabbitmq-endpoint.js';
import { RabbitMqManagement } from './rabbitmq-management.js';

/** A test's own vhost on a shared RabbitMQ, created through the management API and deleted afterwards. */
export class RabbitMqNamespace {
  readonly name: string;
  readonly management: RabbitMqManagement;
  readonly #endpoint: RabbitMqEndpoint;
  readonly #release: () => void;

  private constructor(endpoint: RabbitMqEndpoint, name: string) {
    this.#endpoint = endpoint;
    this.name = name;
    this.management = managementOf(endpoint);
    // Before the vhost exists: a run killed at any moment leaves no vhost behind (the watchdog deletes it).
    this.#release = ownResource({
      kind: 'vhost',
      managementUrl: endpoint.managementUrl,
      username: endpoint.username,
      password: endpoint.password,
      vhost: name,
    });
  }

  /** Creates the vhost `name` and grants the endpoint's user every permission on it. */
  static async create(endpoint: RabbitMqEndpoint, name: string): Promise<RabbitMqNamespace> {
    const namespace = new RabbitMqNamespace(endpoint, name);
    try {
      await namespace.management.createVhost(name, endpoint.username);
    } catch (error) {
      await namespace.drop().catch(() => undefined);
      throw error;
    }
    return namespace;
  }

  /** The AMQP URL of this vhost; give it to the code under test. */
  get url(): string {
    return amqpUrlFor(this.#endpoint, this.name);
  }

  /** Deletes the vhost with everything in it (queues, exchanges, connections). */
  async drop(): Promise<void> {
    await this.management.deleteVhost(this.name);
    this.#release();
  }
}

/** The management client of an endpoint. */
export function managementOf(endpoint: RabbitMqEndpoint): RabbitMqManagement {
  const amqp = new URL(endpoint.amqpUrl);
  const address = `${amqp.hostname}:${amqp.port || (amqp.protocol === 'amqps:' ? 5671 : 5672)}`;
  return new RabbitMqManagement(endpoint.managementUrl, endpoint.username, endpoint.password, address);
}

/**
 * Deletes vhosts left by crashed runs (eventspec namespaces of other runs older than `maxAgeMs`), or with
 * `currentRun: true` those of this run that crashed tests left. Returns the deleted names.
 */
export async function removeRabbitMqLeftovers(
  endpoint: RabbitMqEndpoint,
  options: LeftoverOptions,
): Promise<string[]> {
  const management = managementOf(endpoint);
  const vhosts = (await management.listVhosts()).map((vhost) => vhost.name);
  const leftovers = selectLeftovers(
    vhosts.filter((name) => name.startsWith(NAMESPACE_PREFIX)),
    options,
  );
  for (const vhost of leftovers) await management.deleteVhost(vhost);
  return leftovers;
}
