// Detached watchdog (our stand-in for Ryuk): waits for its owner process to die, then removes every
// container labelled with that owner. Run as `node reaper-watchdog.js <ownerPid> <ownerLabel>`.
// Self-contained (no relative imports) so Node can run it from src/ as well as from dist/.
import { getContainerRuntimeClient } from 'testcontainers';

const ownerPid = Number(process.argv[2]);
const owner = process.argv[3] ?? '';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function reap(): Promise<void> {
  const client = await getContainerRuntimeClient();
  const containers = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`org.eventspec.owner=${owner}`] },
  });
  await Promise.allSettled(
    containers
      .filter((info) => !info.Labels['org.eventspec.reuse'])
      .map((info) => client.container.dockerode.getContainer(info.Id).remove({ force: true, v: true })),
  );
}

const timer = setInterval(() => {
  if (alive(ownerPid)) return;
  clearInterval(timer);
  reap().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}, 500);
