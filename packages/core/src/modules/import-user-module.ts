import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module a `<file>[#export]` command-line option names, imported. */
export interface UserModule {
  /** The file part of the option, as the user wrote it. */
  file: string;
  /** The export named after `#`, if any. */
  wanted: string | undefined;
  module: Record<string, unknown>;
  /** The module's export names, comma-separated (`none` when it has none), for error messages. */
  exportNames: string;
}

/**
 * Imports the module of a CLI option `<file>[#export]` (`--upcasters`, `--consumer-checks`, `--module`),
 * resolved against `cwd`. Each command keeps its own error (code and first words): `unusable(reason)` makes
 * it; the reasons are worded the same for every command.
 */
export async function importUserModule(
  option: string,
  cwd: string,
  unusable: (reason: string) => Error,
): Promise<UserModule> {
  const hash = option.lastIndexOf('#');
  const file = hash > 0 ? option.slice(0, hash) : option;
  const wanted = hash > 0 ? option.slice(hash + 1) : undefined;
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw unusable(`there is no file ${file} (in ${cwd})`);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw unusable(
      `cannot import it (${first}); pass a module Node can import: built JavaScript, or TypeScript on Node 22.18 or later`,
    );
  }
  return { file, wanted, module, exportNames: Object.keys(module).join(', ') || 'none' };
}
