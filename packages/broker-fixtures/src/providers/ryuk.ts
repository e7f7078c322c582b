import { type ContainerRuntimeClient, ImageName } from 'testcontainers';

/** The image Testcontainers starts Ryuk from (RYUK_CONTAINER_IMAGE, else its pinned default). */
export function ryukImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.RYUK_CONTAINER_IMAGE || 'testcontainers/ryuk:0.14.0';
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
