import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventspecUsageError } from '../../errors/eventspec-error.js';
import type { History } from '../recorded-event.js';
import type { ReplayOptions } from '../replay-history.js';

/** What a replay module gives: the options of `replayHistory` and, optionally, the history to read. */
export interface ReplayModule {
  name: string;
  options: ReplayOptions;
  history?: History;
}

/**
 * Imports the module of `--module <file>[#export]`: its named export after `#`, else its default export, else
 * its export `replay` — an object of `replayHistory` options (`upcasters`, `decider` | `projection` |
 * `processManager`, `compare`, …) that may also hold `history`, the source to read (a `sqlHistory`, a
 * `kafkaTopicHistory`, …) when `--jsonl` is not given.
 */
export async function loadReplayModule(option: string, cwd: string): Promise<ReplayModule> {
  const hash = option.lastIndexOf('#');
  const file = hash > 0 ? option.slice(0, hash) : option;
  const wanted = hash > 0 ? option.slice(hash + 1) : undefined;
  if (!existsSync(resolve(cwd, file))) throw unusable(option, `there is no file ${file} (in ${cwd})`);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(resolve(cwd, file)).href);
  } catch (error) {
    throw unusable(
      option,
      `cannot import it (${(error as Error).message.split('\n')[0]}); pass a module Node can import: built JavaScript, or TypeScript on Node 22.18 or later`,
    );
  }
  const name = wanted ?? (module.default !== undefined ? 'default' : 'replay');
  const exported = module[name];
  if (typeof exported !== 'object' || exported === null) {
    const exports = Object.keys(module).join(', ') || 'none';
    throw unusable(
      option,
      `it has no export "${name}" holding the replay options ({ upcasters, decider | projection | processManager, history? }); its exports: ${exports}`,
    );
  }
  const { history, ...options } = exported as ReplayOptions & { history?: History };
  if (history !== undefined && typeof (history as { read?: unknown }).read !== 'function') {
    throw unusable(
      option,
      `its "history" is not a history (jsonLinesHistory, sqlHistory, kafkaTopicHistory, historyFrom…)`,
    );
  }
  return history ? { name: `${file}#${name}`, options, history } : { name: `${file}#${name}`, options };
}

function unusable(option: string, reason: string): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_REPLAY_BAD_MODULE',
    `The --module ${option} cannot be used: ${reason}.`,
  );
}
