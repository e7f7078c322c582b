import { EventspecUsageError } from '../../errors/eventspec-error.js';
import { importUserModule } from '../../modules/import-user-module.js';
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
  const { file, wanted, module, exportNames } = await importUserModule(option, cwd, (reason) =>
    unusable(option, reason),
  );
  const name = wanted ?? (module.default !== undefined ? 'default' : 'replay');
  const exported = module[name];
  if (typeof exported !== 'object' || exported === null) {
    throw unusable(
      option,
      `it has no export "${name}" holding the replay options ({ upcasters, decider | projection | processManager, history? }); its exports: ${exportNames}`,
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
