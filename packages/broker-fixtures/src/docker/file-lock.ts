import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { isAlive } from './container-reaper.js';

/**
 * Runs `task` while holding a lock shared by every process of this host (a directory in the temp dir),
 * so that two runs asking to reuse the same broker never both start one. A lock whose holder died is
 * taken over.
 */
export async function withFileLock<T>(name: string, task: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const dir = join(tmpdir(), `eventspec-lock-${name.replace(/[^\w.-]/g, '_')}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => '0'));
      if (holder && !isAlive(holder)) await rm(dir, { recursive: true, force: true });
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
  }
}
