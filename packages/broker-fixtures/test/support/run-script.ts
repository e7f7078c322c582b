import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built entry point, for scripts run in a child process (Node cannot load the .ts sources' imports). */
export const distIndex: string = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** True when `pnpm run build` has produced dist/. */
export const built: boolean = existsSync(distIndex);

/** Runs an ES module script in a child Node process; resolves with its exit code and output. */
export function runScript(
  source: string,
  env: NodeJS.ProcessEnv = {},
): {
  child: ReturnType<typeof spawn>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}
