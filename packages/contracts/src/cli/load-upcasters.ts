import { importUserModule } from '@eventspec/core/internal';
import { ContractInputError } from '../model/contract-errors.js';
import type { UpcasterSteps } from '../stored-events/require-upcasters.js';

/** The upcaster registry a `--upcasters <module>[#export]` option names. */
export interface LoadedUpcasters {
  /** The module and export, as the messages show them: `src/evolution/stored-events.ts#orderUpcasters`. */
  name: string;
  registry: UpcasterSteps;
}

function isRegistry(value: unknown): value is UpcasterSteps {
  const candidate = value as Record<string, unknown> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.hasUpcaster === 'function' &&
    typeof candidate.latestVersion === 'function' &&
    typeof candidate.upcast === 'function'
  );
}

/**
 * Imports the module of `--upcasters` and finds its registry: the named export after `#`, else the default
 * export, else the one export that is a `defineUpcasters()` registry. Anything else is broken input.
 */
export async function loadUpcasters(option: string, cwd: string): Promise<LoadedUpcasters> {
  const problem = (message: string) => {
    const error = new ContractInputError([{ file: option, pointer: '', message }]);
    error.message = `The --upcasters module cannot be used:\n${error.message.split('\n').slice(1).join('\n')}`;
    return error;
  };
  const { file, wanted, module, exportNames: exports } = await importUserModule(option, cwd, problem);
  const registries = Object.entries(module).filter(([, value]) => isRegistry(value));
  if (wanted !== undefined) {
    if (isRegistry(module[wanted])) return { name: option, registry: module[wanted] };
    throw problem(
      `its export "${wanted}" is not an upcaster registry (made with defineUpcasters()); its exports: ${exports}`,
    );
  }
  if (isRegistry(module.default)) return { name: `${file}#default`, registry: module.default };
  if (registries.length === 1) {
    const [name, registry] = registries[0] as [string, UpcasterSteps];
    return { name: `${file}#${name}`, registry };
  }
  throw problem(
    registries.length === 0
      ? `it exports no upcaster registry (made with defineUpcasters()); its exports: ${exports}`
      : `it exports ${registries.length} upcaster registries (${registries.map(([n]) => n).join(', ')}); name one: --upcasters ${file}#${registries[0]![0]}`,
  );
}
