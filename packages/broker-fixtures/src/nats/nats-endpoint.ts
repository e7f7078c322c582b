/** Where a NATS server with JetStream is reached; plain data, handed to vitest workers. */
export interface NatsEndpoint {
  /** `nats://host:port` */
  url: string;
}

/** The NATS of EVENTSPEC_NATS_URL, or undefined when it is not set. */
export function natsEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): NatsEndpoint | undefined {
  return env.EVENTSPEC_NATS_URL ? { url: env.EVENTSPEC_NATS_URL } : undefined;
}
