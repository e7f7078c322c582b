// A scratch folder per test, with files written into it and the built `eventspec` command run in it
// (run `pnpm run build` first): the set-up every CLI test shares.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, vi } from 'vitest';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** The built `@eventspec/core` entry (its dist), for upcaster modules written into the scratch folder to import. */
export const builtCore = pathToFileURL(createRequire(import.meta.url).resolve('@eventspec/core')).href;

export interface CliScratch {
  /** The folder of the current test. */
  readonly dir: string;
  /** Writes a file (an object as JSON), making its folders. */
  write(path: string, content: unknown): void;
  read(path: string): string;
  /** Runs `eventspec ...args` in the folder; `eventspec.withEnv(env)(...args)` with another environment. */
  eventspec: Eventspec;
  /**
   * Like `eventspec`, without blocking this process meanwhile (a server of the test must answer the command).
   */
  eventspecAsync(
    args: readonly string[],
    env?: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

type Run = (...args: string[]) => { code: number | null; stdout: string; stderr: string };
type Eventspec = Run & { withEnv(env: NodeJS.ProcessEnv): Run };

/** Registers a fresh folder for each test of the file (removed after it) and returns what works in it. */
export function cliScratch(prefix: string): CliScratch {
  // Each test spawns the command (a new Node process that may parse AsyncAPI documents): give it the time a
  // loaded CI machine needs.
  vi.setConfig({ testTimeout: 60_000 });
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    write(path, content) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(
        join(dir, path),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    eventspecAsync: (args, env) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: env ?? process.env });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    eventspec: Object.assign(
      (...args: string[]) => {
        const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
        return { code: result.status, stdout: result.stdout, stderr: result.stderr };
      },
      {
        withEnv:
          (env: NodeJS.ProcessEnv) =>
          (...args: string[]) => {
            const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env });
            return { code: result.status, stdout: result.stdout, stderr: result.stderr };
          },
      },
    ),
  };
}
