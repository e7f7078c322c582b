import { emitSpecRecord, recording } from '@eventspec/core/internal';
import type { StartedTestContainer } from 'testcontainers';
import { connectDocker } from '../docker/docker-engine.js';

/** Leaves a record of a broker provided or a fault injected, for the eventspec report (when it listens). */
export function recordBroker(subject: string, action: 'provided' | 'fault', detail: () => string): void {
  if (recording()) emitSpecRecord({ kind: 'broker', subject, action, detail: detail(), status: 'passed' });
}

/** Records a container the fixtures started: its image and how long the start took. */
export async function recordStarted(
  kind: string,
  container: StartedTestContainer | undefined,
  startedAt: number,
): Promise<void> {
  if (!recording() || !container) return;
  const elapsed = Math.round(performance.now() - startedAt);
  let image = 'an image';
  try {
    const client = await connectDocker();
    image = (await client.container.dockerode.getContainer(container.getId()).inspect()).Config.Image;
  } catch {
    // The record still says the container started; the image name is only for reading.
  }
  recordBroker(
    kind,
    'provided',
    () => `started ${image} in ${elapsed} ms (Testcontainers, container ${container.getName()})`,
  );
}
