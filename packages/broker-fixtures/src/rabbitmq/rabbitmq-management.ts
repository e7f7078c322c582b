import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { whyNotServing } from '../faults/tcp-probe.js';

/** One vhost as the management API lists it. */
export interface RabbitMqVhostInfo {
  name: string;
  messages?: number;
}

/** One client connection as the management API lists it. */
export interface RabbitMqConnectionInfo {
  name: string;
  vhost: string;
  user: string;
  client_properties?: { connection_name?: string };
}

/** A small client of the RabbitMQ management HTTP API (vhosts, permissions, connections, queues). */
export class RabbitMqManagement {
  readonly baseUrl: string;
  readonly #authorization: string;
  readonly #amqpAddress: string | undefined;

  /**
   * `baseUrl` like `http://127.0.0.1:15672`; credentials of a user with the administrator tag;
   * `amqpAddress` (`host:port`), when known, tells "plugin missing" from "broker down" in errors.
   */
  constructor(baseUrl: string, username: string, password: string, amqpAddress?: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.#authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    this.#amqpAddress = amqpAddress;
  }

  /** Resolves when the API answers with valid credentials; throws a BrokerError otherwise. */
  async overview(): Promise<{ rabbitmq_version: string }> {
    return (await this.#request('GET', '/api/overview')) as { rabbitmq_version: string };
  }

  async listVhosts(): Promise<RabbitMqVhostInfo[]> {
    return (await this.#request('GET', '/api/vhosts')) as RabbitMqVhostInfo[];
  }

  /** Creates `vhost` and grants `user` all permissions on it. */
  async createVhost(vhost: string, user: string): Promise<void> {
    await this.#request('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`, {});
    await this.#request('PUT', `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  }

  /** Deletes `vhost` with its queues, exchanges and connections; a missing vhost is not an error. */
  async deleteVhost(vhost: string): Promise<void> {
    await this.#request('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`, undefined, [404]);
  }

  async listConnections(): Promise<RabbitMqConnectionInfo[]> {
    return (await this.#request('GET', '/api/connections')) as RabbitMqConnectionInfo[];
  }

  /** Force-closes one client connection, as a broker would on a network fault or an operator action. */
  async closeConnection(name: string, reason = 'closed by eventspec fault injection'): Promise<void> {
    await this.#request('DELETE', `/api/connections/${encodeURIComponent(name)}`, undefined, [404], {
      'X-Reason': reason,
    });
  }

  /** Messages ready in a queue (the management API refreshes these every few seconds). */
  async queueMessages(vhost: string, queue: string): Promise<number> {
    const info = (await this.#request(
      'GET',
      `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`,
    )) as { messages?: number };
    return info.messages ?? 0;
  }

  async #request(
    method: string,
    path: string,
    body?: unknown,
    okStatuses: number[] = [],
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: this.#authorization, 'content-type': 'application/json', ...headers },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw await this.#unanswered(method, path, cause);
    }
    if (response.status === 401) {
      throw new BrokerError(
        BrokerErrorCode.AuthFailed,
        `The RabbitMQ management API at ${this.baseUrl} refused the credentials (401 on ${method} ${path}). ` +
          'Check the user and password in the AMQP URL; the user needs the administrator tag to manage vhosts.',
        { actual: 401, expected: 200 },
      );
    }
    if (!response.ok && !okStatuses.includes(response.status)) {
      throw new BrokerError(
        BrokerErrorCode.ManagementFailed,
        `RabbitMQ management ${method} ${path} answered ${response.status}: ${await response.text()}`,
        { actual: response.status, expected: '2xx' },
      );
    }
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  /** Why a request got no answer, in the broker's terms: paused, down, or no management plugin. */
  async #unanswered(method: string, path: string, cause: unknown): Promise<BrokerError> {
    const where = `The RabbitMQ management API at ${this.baseUrl} (${method} ${path})`;
    const name = (cause as { name?: string } | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new BrokerError(
        BrokerErrorCode.NotAnswering,
        `${where} did not answer within 10000 ms: the broker is paused, overloaded, or the network to it is cut.`,
        { cause },
      );
    }
    const amqpAnswers = this.#amqpAddress
      ? (await whyNotServing(this.#amqpAddress, 300)) === undefined
      : undefined;
    if (amqpAnswers === false) {
      return new BrokerError(
        BrokerErrorCode.Unreachable,
        `${where} refused the connection, and so does the AMQP port ${this.#amqpAddress}: the broker is down ` +
          '(stopped, killed, or not started yet). Start it again, or check the URL.',
        { cause },
      );
    }
    return new BrokerError(
      BrokerErrorCode.Unreachable,
      `${where} does not answer${amqpAnswers ? `, though the AMQP port ${this.#amqpAddress} does` : ''}. Enable the ` +
        'rabbitmq_management plugin and expose its port (15672), or pass managementUrl.',
      { cause },
    );
  }
}
