/**
 * Where a RabbitMQ broker answers; plain data, so vitest's global setup can hand it to workers.
 * `amqpUrl` has no vhost path: namespaces add their own.
 */
export interface RabbitMqEndpoint {
  /** e.g. `amqp://guest:guest@127.0.0.1:5672` */
  amqpUrl: string;
  /** e.g. `http://127.0.0.1:15672` */
  managementUrl: string;
  username: string;
  password: string;
}

/** The AMQP URL of `vhost` on this endpoint (`/` → `%2F`). */
export function amqpUrlFor(endpoint: RabbitMqEndpoint, vhost?: string): string {
  const base = endpoint.amqpUrl.replace(/\/+$/, '').replace(/(amqps?:\/\/[^/]+)\/.*$/, '$1');
  return vhost === undefined ? base : `${base}/${encodeURIComponent(vhost)}`;
}

/**
 * The endpoint behind an AMQP URL: credentials from the URL (guest/guest when absent), management API on
 * the same host, port 15672, unless `managementUrl` says otherwise.
 */
export function rabbitMqEndpointFromUrl(amqpUrl: string, managementUrl?: string): RabbitMqEndpoint {
  const url = new URL(amqpUrl);
  const username = decodeURIComponent(url.username) || 'guest';
  const password = decodeURIComponent(url.password) || 'guest';
  const scheme = url.protocol === 'amqps:' ? 'https' : 'http';
  return {
    amqpUrl: `${url.protocol}//${encodeURIComponent(username)}:${encodeURIComponent(password)}@${url.host}`,
    managementUrl: managementUrl ?? `${scheme}://${url.hostname}:15672`,
    username,
    password,
  };
}
