import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { isAlive } from './container-reaper.js';
import { ownResource, TEMP_PREFIX } from './owned-resources.js';

/**
 * Runs `task` while holding a lock shared by every process of this host (a directory in the temp dir),
 * so that two runs asking to reuse the same broker never both start one. A lock whose holder died is
 * taken over.
 */
export async function withFileLock<T>(name: string, task: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const dir = join(tmpdir(), `${TEMP_PREFIX}lock-${name.replace(/[^\w.-]/g, '_')}`);
  const deadline = Date.now() + timeoutMs;
  let release: (() => void) | undefined;
  for (;;) {
    try {
      await mkdir(dir);
      // Ours from here: removed by the watchdog if this process dies holding it.
      release = ownResource({ kind: 'path', path: dir });
      await writeFile(join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      release?.();
      release = undefined;
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => '0'));
      // No pid after 5 s: its maker died between creating the folder and writing its pid.
      const orphan = holder ? !isAlive(holder) : await olderThan(dir, 5000);
      if (orphan) await rm(dir, { recursive: true, force: true });
      else if (Date.now() > deadline) {
        throw new BrokerError(
          BrokerErrorCode.Unavailable,
          `Waited ${timeoutMs} ms for the reuse lock ${dir}, held by pid ${holder}, which is still alive. ` +
            'Another run is starting the same reused broker; if that process hangs, stop it or remove the directory.',
        );
      } else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await task();
  } finally {
    await rm(dir, { recursive: true, force: true });
    release?.();
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}
