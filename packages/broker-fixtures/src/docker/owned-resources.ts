import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { ownerLabel } from './labels.js';

/**
 * Something this process made that must not outlive it: its containers (found by owner label), a vhost on
 * a shared RabbitMQ, the topics and groups of a Kafka namespace, a temp folder.
 */
export type OwnedResource =
  | { kind: 'containers'; owner: string }
  | { kind: 'vhost'; managementUrl: string; username: string; password: string; vhost: string }
  | { kind: 'kafka-namespace'; brokers: string[]; prefix: string }
  | { kind: 'nats-streams'; url: string; prefix: string }
  | { kind: 'redis-keys'; url: string; patterns: string[] }
  | { kind: 'path'; path: string };

/** Prefix of every file and folder eventspec keeps in the temp directory. */
export const TEMP_PREFIX = 'eventspec-';

let registry: string | undefined;
let sequence = 0;

/**
 * Records `resource` where this process's watchdog reads it, before the resource exists: when the process
 * dies in any way (SIGKILL included) the watchdog removes it within seconds. Returns `release`, to call
 * once the process removed it itself.
 */
export function ownResource(resource: OwnedResource): () => void {
  const file = armWatchdog();
  const id = ++sequence;
  appendFileSync(file, `${JSON.stringify({ add: id, resource })}\n`, { mode: 0o600 });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      appendFileSync(file, `${JSON.stringify({ release: id })}\n`);
    } catch {
      // The watchdog already removed everything (the process is going away).
    }
  };
}

/** The path of this process's registry of owned resources, starting its watchdog on first use. */
export function armWatchdog(): string {
  if (registry) return registry;
  const file = join(
    tmpdir(),
    `${TEMP_PREFIX}owner-${process.pid}-${threadId}-${randomBytes(3).toString('hex')}.jsonl`,
  );
  appendFileSync(file, '', { mode: 0o600 });
  spawnWatchdog(file);
  registry = file;
  return file;
}

function spawnWatchdog(file: string): void {
  const here = fileURLToPath(import.meta.url);
  const script = fileURLToPath(new URL(`./reaper-watchdog${extname(here)}`, import.meta.url));
  // Detached: a new session, so Ctrl-C to the test run's process group does not reach it.
  const child = spawn(process.execPath, [script, String(process.pid), ownerLabel(), file], {
    detached: true,
    stdio: 'ignore',
    env: process.env,
  });
  child.unref();
}
