import { equalsIn } from '../../matching/compare.js';
import { describePosition, type History, isBadRecord, type SourcePosition } from '../recorded-event.js';
import type { FailureLog } from './failure-log.js';
import { folderOf } from './folders.js';
import type { ReplaySide } from './replay-side.js';

/**
 * Reads the history again, folding only the streams whose old and new states differed (or the whole history
 * for a projection), comparing after each stored event, and names the first event where they diverge.
 */
export async function locateDivergence(
  history: History,
  sides: readonly ReplaySide[],
  diverged: readonly string[],
  log: FailureLog,
): Promise<void> {
  if (sides.length !== 2 || diverged.length === 0) return;
  const wanted = new Set(diverged.slice(0, 50));
  const [old, neu] = sides.map((side) => ({ side, folder: folderOf(side.target) })) as [Folded, Folded];
  const found = new Map<string, { position: SourcePosition; event: string }>();
  const failed = new Set<string>();
  for await (const batch of history.read()) {
    for (const item of batch) {
      if (isBadRecord(item)) continue;
      const key = neu.folder.perStream ? item.streamId : '';
      if (!wanted.has(key) || found.has(key) || failed.has(key)) continue;
      for (const { side, folder } of [old, neu]) {
        const read = side.upcast(item);
        if (!('events' in read)) failed.add(key);
        else for (const event of read.events) if (await folder.fold(item.streamId, event)) failed.add(key);
      }
      if (failed.has(key) || equalsIn('strict', neu.folder.current(key), old.folder.current(key))) continue;
      const { type } = item.event as { type?: unknown };
      found.set(key, { position: item.position, event: String(type) });
      if (found.size === wanted.size) break;
    }
    if (found.size === wanted.size) break;
  }
  for (const failure of log.failures) {
    if (failure.kind !== 'differs') continue;
    const where = found.get(failure.streamId ?? '');
    if (where) failure.position = where.position;
    failure.message += where
      ? `; they first diverge at ${describePosition(where.position)} (${where.event})`
      : '; where they first diverge could not be found (the history could not be read again)';
  }
}

type Folded = { side: ReplaySide; folder: ReturnType<typeof folderOf> };
