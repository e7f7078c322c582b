import type { ContainerRuntimeClient } from 'testcontainers';
import { EventspecLabel, ownerLabel } from './labels.js';
import { ownResource } from './owned-resources.js';

const tracked = new Map<string, () => Promise<unknown>>();
let armed = false;

/**
 * Call before creating a container labelled with this process as owner: from then on, a container of this
 * process is never leaked, even one still starting. SIGINT/SIGTERM remove every container with this owner
 * label (then the signal goes on), and a detached watchdog removes them when this process dies in any other
 * way (a crashed worker, SIGKILL).
 */
export function armContainerReaper(client: ContainerRuntimeClient): void {
  if (armed) return;
  armed = true;
  ownResource({ kind: 'containers', owner: ownerLabel() });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const budget = new Promise((resolve) => setTimeout(resolve, 5000).unref());
      void Promise.race([
        Promise.allSettled([stopTrackedContainers(), removeOwnContainers(client)]),
        budget,
      ]).finally(() => reraise(signal));
    });
  }
}

/** Registers a started container: {@link stopTrackedContainers} stops it. */
export function trackContainer(id: string, stop: () => Promise<unknown>): void {
  tracked.set(id, stop);
}

/** Forgets a container that was stopped by its owner. */
export function untrackContainer(id: string): void {
  tracked.delete(id);
}

/** Stops every tracked container (in parallel); errors are swallowed, the watchdog is the last resort. */
export async function stopTrackedContainers(): Promise<void> {
  const stops = [...tracked.values()];
  tracked.clear();
  await Promise.allSettled(stops.map((stop) => stop()));
}

/** Removes every container labelled with this process as owner (started or still starting). */
export async function removeOwnContainers(client: ContainerRuntimeClient): Promise<void> {
  const containers = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${EventspecLabel.owner}=${ownerLabel()}`] },
  });
  await Promise.allSettled(
    containers.map((info) =>
      client.container.dockerode.getContainer(info.Id).remove({ force: true, v: true }),
    ),
  );
}

/**
 * Removes containers left by eventspec processes of this host that are no longer alive (a crash before
 * the watchdog could act, a reboot). Containers started with `withReuse()` are kept. Returns their ids.
 */
export async function removeOrphanedContainers(client: ContainerRuntimeClient): Promise<string[]> {
  const containers = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [EventspecLabel.owner] },
  });
  const prefix = ownerLabel(0).replace(/0$/, '');
  const orphans = containers.filter((info) => {
    const owner = info.Labels[EventspecLabel.owner] ?? '';
    if (info.Labels[EventspecLabel.reuse] || !owner.startsWith(prefix)) return false;
    return !isAlive(Number(owner.slice(prefix.length)));
  });
  await Promise.allSettled(
    orphans.map((info) => client.container.dockerode.getContainer(info.Id).remove({ force: true, v: true })),
  );
  return orphans.map((info) => info.Id);
}

/** True when a process with this pid exists on this host. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Our listener disabled Node's default action (exit). Other listeners (a runner's graceful shutdown)
// get a grace period to exit; libraries that only watch (signal-exit) never do, so then we re-raise.
function reraise(signal: NodeJS.Signals): void {
  const kill = () => {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  };
  if (process.listenerCount(signal) === 0) kill();
  else setTimeout(kill, 3000).unref();
}
