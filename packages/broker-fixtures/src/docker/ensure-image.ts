import { type ContainerRuntimeClient, ImageName } from 'testcontainers';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/** When an image may be pulled: `missing` pulls it if absent, `never` fails fast instead. */
export type PullPolicyName = 'missing' | 'never';

/** The pull policy from `EVENTSPEC_IMAGE_PULL` (`never` or `missing`), `missing` by default. */
export function pullPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): PullPolicyName {
  return env.EVENTSPEC_IMAGE_PULL === 'never' ? 'never' : 'missing';
}

/**
 * Makes sure `image` can be started: present locally, or pulled when `pull` is `missing`. Fails with
 * `EVENTSPEC_BROKER_IMAGE_MISSING` naming the image, the env variable that overrides it, and the fix.
 */
export async function ensureImage(
  client: ContainerRuntimeClient,
  image: string,
  options: { pull: PullPolicyName; envVariable: string },
): Promise<void> {
  const name = ImageName.fromString(image);
  if (await client.image.exists(name)) return;
  const fix =
    `Run \`docker pull ${image}\` where a registry is reachable, or set ${options.envVariable} ` +
    'to an image this machine has (see `docker images`).';
  if (options.pull === 'never') {
    throw new BrokerError(
      BrokerErrorCode.ImageMissing,
      `Image ${image} is not on this machine and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). ${fix}`,
      { actual: 'absent', expected: image },
    );
  }
  try {
    await client.image.pull(name);
  } catch (cause) {
    throw new BrokerError(
      BrokerErrorCode.ImageMissing,
      `Image ${image} is not on this machine and could not be pulled: ${errorText(cause)}. ${fix}`,
      { cause },
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
