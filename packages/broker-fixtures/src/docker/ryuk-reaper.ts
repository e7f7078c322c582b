import { type ContainerRuntimeClient, getReaper, ImageName } from 'testcontainers';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { PullPolicyName } from './ensure-image.js';

/** The Ryuk image Testcontainers 12.2 starts when RYUK_CONTAINER_IMAGE is not set. */
export const DEFAULT_RYUK_IMAGE = 'testcontainers/ryuk:0.14.0';

/** The image Testcontainers starts Ryuk from (RYUK_CONTAINER_IMAGE, else its pinned default), as it names it. */
export function ryukImage(env: NodeJS.ProcessEnv = process.env): string {
  return ImageName.fromString(env.RYUK_CONTAINER_IMAGE || DEFAULT_RYUK_IMAGE).string;
}

/** True when Testcontainers will start Ryuk: it turns Ryuk off only for TESTCONTAINERS_RYUK_DISABLED=true. */
export function ryukEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TESTCONTAINERS_RYUK_DISABLED !== 'true';
}

/**
 * Keeps Testcontainers from pulling its Ryuk reaper when the image is not on this machine: eventspec
 * removes its own containers (a watchdog process and labelled leftovers), so Ryuk is turned off for the
 * run (TESTCONTAINERS_RYUK_DISABLED=true) and one line says so. Nothing changes when Ryuk's image is here
 * or when the user set TESTCONTAINERS_RYUK_DISABLED either way. Returns the line printed, if any.
 */
export async function avoidRyukPull(
  client: ContainerRuntimeClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (env.TESTCONTAINERS_RYUK_DISABLED !== undefined && env.TESTCONTAINERS_RYUK_DISABLED !== '') return;
  const image = ryukImage(env);
  if (await client.image.exists(ImageName.fromString(image)).catch(() => false)) return;
  env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const line =
    `[eventspec] Testcontainers' Ryuk image ${image} is not on this machine: Ryuk is off for this run ` +
    '(eventspec removes its own containers). Set TESTCONTAINERS_RYUK_DISABLED=false to use Ryuk anyway.';
  process.stderr.write(`${line}\n`);
  return line;
}

/**
 * Has Testcontainers' Ryuk reaper running before a container or network is created, when Ryuk is on, so
 * that a Ryuk that cannot be had is named as such (Testcontainers starts it inside `start()`, where its
 * failure would read like the broker's). Turns Ryuk off first as {@link avoidRyukPull} does when the user
 * left it unset. Fails with `EVENTSPEC_BROKER_IMAGE_MISSING` when Ryuk's image is absent and cannot be
 * pulled (or pulling is off), `EVENTSPEC_BROKER_RYUK_FAILED` when the image is here but Ryuk did not start.
 */
export async function ensureRyuk(
  client: ContainerRuntimeClient,
  pull: PullPolicyName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await avoidRyukPull(client, env);
  if (!ryukEnabled(env)) return;
  const image = ryukImage(env);
  const present = () => client.image.exists(ImageName.fromString(image)).catch(() => false);
  if (pull === 'never' && !(await present())) {
    throw new BrokerError(
      BrokerErrorCode.ImageMissing,
      `${ryukIsOn(env, image)} is not on this machine, and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). ` +
        ryukFix(image),
      { actual: 'absent', expected: image },
    );
  }
  try {
    await getReaper(client);
  } catch (cause) {
    const reason = (cause instanceof Error ? cause.message.split('\n')[0]! : String(cause)).trim();
    if (!(await present())) {
      throw new BrokerError(
        BrokerErrorCode.ImageMissing,
        `${ryukIsOn(env, image)} is not on this machine and could not be pulled. ${ryukFix(image)} ` +
          `Docker said: ${reason}`,
        { cause, actual: 'absent', expected: image },
      );
    }
    throw new BrokerError(
      BrokerErrorCode.RyukFailed,
      `${ryukIsOn(env, image)} is on this machine, but the Ryuk container did not start, so no container ` +
        'was started. Set TESTCONTAINERS_RYUK_DISABLED=true (eventspec removes its own containers), or ' +
        `fix what stops Ryuk (TESTCONTAINERS_RYUK_PORT, TESTCONTAINERS_RYUK_PRIVILEGED, the Docker socket it mounts). Docker said: ${reason}`,
      { cause },
    );
  }
}

function ryukIsOn(env: NodeJS.ProcessEnv, image: string): string {
  const value = env.TESTCONTAINERS_RYUK_DISABLED;
  const why =
    value === undefined || value === ''
      ? 'TESTCONTAINERS_RYUK_DISABLED is not set'
      : value === 'false'
        ? 'TESTCONTAINERS_RYUK_DISABLED=false turns it on'
        : `TESTCONTAINERS_RYUK_DISABLED=${value} leaves it on: Testcontainers turns Ryuk off only for "true"`;
  const from = env.RYUK_CONTAINER_IMAGE ? ' (RYUK_CONTAINER_IMAGE)' : '';
  return `Testcontainers' Ryuk reaper is on (${why}), and its image ${image}${from}`;
}

function ryukFix(image: string): string {
  return (
    `Pull or load it (\`docker pull ${image}\` where a registry is reachable, or \`docker save\` it there and ` +
    '`docker load` it here; RYUK_CONTAINER_IMAGE names another Ryuk image), or unset ' +
    'TESTCONTAINERS_RYUK_DISABLED or set it to true to run without Ryuk: ' +
    "eventspec's fixtures remove their own containers."
  );
}
