// A scratch folder per test, with files written into it and the built `eventspec` command run in it
// (run `pnpm run build` first): the set-up every CLI test shares.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** The built `@eventspec/core` entry (its dist), for upcaster modules written into the scratch folder to import. */
export const builtCore = pathToFileURL(createRequire(import.meta.url).resolve('@eventspec/core')).href;

export interface CliScratch {
  /** The folder of the current test. */
  readonly dir: string;
  /** Writes a file (an object as JSON), making its folders. */
  write(path: string, content: unknown): void;
  read(path: string): string;
  /** Runs `eventspec ...args` in the folder. */
  eventspec(...args: string[]): { code: number | null; stdout: string; stderr: string };
}

/** Registers a fresh folder for each test of the file (removed after it) and returns what works in it. */
export function cliScratch(prefix: string): CliScratch {
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
    eventspec(...args) {
      const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
  };
}
