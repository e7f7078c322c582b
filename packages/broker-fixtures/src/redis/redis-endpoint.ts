/** Where a Redis server (7 or later: Streams with XAUTOCLAIM) is reached; plain data, handed to vitest workers. */
export interface RedisEndpoint {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
}

/** The Redis of EVENTSPEC_REDIS_URL, or undefined when it is not set. */
export function redisEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): RedisEndpoint | undefined {
  return env.EVENTSPEC_REDIS_URL ? { url: env.EVENTSPEC_REDIS_URL } : undefined;
}
