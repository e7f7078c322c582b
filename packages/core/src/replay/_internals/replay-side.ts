import { EventspecError } from '../../errors/eventspec-error.js';
import type { RecordedEvent } from '../recorded-event.js';
import type { ReplayTarget } from '../replay-target.js';
import { type Folder, folderOf, messageOf } from './folders.js';

/** One version of the code under replay: its upcasters, its folder, and a second fold to check determinism. */
export class ReplaySide {
  readonly folder: Folder;
  readonly shadow: Folder | undefined;

  constructor(
    readonly name: 'replay' | 'old' | 'new',
    readonly target: ReplayTarget,
    checkDeterminism: boolean,
  ) {
    this.folder = folderOf(target);
    this.shadow = checkDeterminism ? folderOf(target) : undefined;
  }

  /** The events the stored event is read as, or why it cannot be read. */
  upcast(record: RecordedEvent): UpcastResult {
    const { upcasters } = this.target;
    if (!upcasters) return { events: [record.event], upcast: false };
    try {
      const { type, version } = upcasters.versionOf(record.event);
      if (version === upcasters.latestVersion(type)) return { events: [record.event], upcast: false };
      const events = upcasters.upcast(record.event);
      return { events, upcast: events.length !== 1 || events[0] !== record.event };
    } catch (error) {
      const { type, version } = safeVersionOf(this.target, record.event);
      const code = error instanceof EventspecError ? error.code : '';
      if (
        code === 'EVENTSPEC_EVOLUTION_GAP' ||
        code === 'EVENTSPEC_EVOLUTION_UNKNOWN_VERSION' ||
        code === 'EVENTSPEC_EVOLUTION_CYCLE'
      ) {
        const reason = (error as Error).message;
        return { unreadable: { type, version, reason: reason.split('\n')[0] ?? reason } };
      }
      return { threw: `the upcaster of ${type}@${version} threw: ${messageOf(error)}`, type, version };
    }
  }
}

export type UpcastResult =
  | { events: readonly object[]; upcast: boolean }
  | { unreadable: { type: string; version: number; reason: string } }
  | { threw: string; type: string; version: number };

/** The type and version of a stored event, as its side's upcasters (or the plain fields) read them. */
export function safeVersionOf(target: ReplayTarget, event: object): { type: string; version: number } {
  try {
    if (target.upcasters) return target.upcasters.versionOf(event);
  } catch {
    // fall through to the plain fields
  }
  const { type, version } = event as { type?: unknown; version?: unknown };
  return { type: String(type), version: typeof version === 'number' ? version : 1 };
}
