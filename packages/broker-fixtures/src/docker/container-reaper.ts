import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerRuntimeClient } from 'testcontainers';
import { EventspecLabel, ownerLabel } from './labels.js';

const tracked = new Map<string, () => Promise<unknown>>();
let installed = false;

/**
 * Registers a container this process must not leak: it is stopped by {@link stopTrackedContainers}, on
 * SIGINT/SIGTERM, and — when this process dies without cleaning up (a crashed worker, SIGKILL) — by a
 * detached watchdog that removes every container labelled with this process as owner.
 */
export function trackContainer(id: string, stop: () => Promise<unknown>): void {
  tracked.set(id, stop);
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stopTrackedContainers().finally(() => reraise(signal));
    });
  }
  spawnWatchdog();
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

function spawnWatchdog(): void {
  const here = fileURLToPath(import.meta.url);
  const script = fileURLToPath(new URL(`./reaper-watchdog${extname(here)}`, import.meta.url));
  const child = spawn(process.execPath, [script, String(process.pid), ownerLabel()], {
    detached: true,
    stdio: 'ignore',
    env: process.env,
  });
  child.unref();
}
