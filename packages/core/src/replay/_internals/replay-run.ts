import { describePosition, type RecordedEvent, type SourcePosition } from '../recorded-event.js';
import type { FailureLog } from './failure-log.js';
import type { Folder, FoldProblem } from './folders.js';
import type { ReplaySide } from './replay-side.js';
import { cloneProblem, differencesOf } from './stream-checks.js';

interface StreamTrack {
  lastVersion: number | undefined;
  lastPosition: SourcePosition;
  failed: boolean;
}

/** The bookkeeping of one replay: streams open and done, records folded into each side, checks on close. */
export class ReplayRun {
  events = 0;
  streams = 0;
  upcast = 0;
  /** Streams (or `''` for a projection) whose state differs between old and new, to locate afterwards. */
  readonly diverged: string[] = [];
  readonly #open = new Map<string, StreamTrack>();
  readonly #finished = new Map<string, SourcePosition>();
  #current: string | undefined;

  constructor(
    private readonly sides: readonly ReplaySide[],
    private readonly log: FailureLog,
    private readonly settings: { byStream: boolean; checkClone: boolean },
  ) {}

  /** Folds one stored record into every side; a promise only when the code under replay is async. */
  record(record: RecordedEvent): Promise<void> | undefined {
    this.events++;
    const track = this.track(record);
    if (track.failed) return undefined;
    const reads: (readonly object[])[] = [];
    for (let index = 0; index < this.sides.length; index++) {
      const read = this.sides[index]!.upcast(record);
      if ('unreadable' in read) {
        this.log.unreadable(
          read.unreadable.type,
          read.unreadable.version,
          record.position,
          read.unreadable.reason,
        );
        track.failed = true;
        return undefined;
      }
      if ('threw' in read) {
        this.fail(
          track,
          { kind: 'upcaster-threw', message: read.threw },
          record,
          `${read.type}@${read.version}`,
        );
        return undefined;
      }
      if (index === this.sides.length - 1 && read.upcast) this.upcast++;
      reads.push(read.events);
    }
    // The synchronous path, with no array of steps; the first promise hands the rest to the async path.
    let done = 0;
    for (let index = 0; index < this.sides.length; index++) {
      const side = this.sides[index]!;
      for (const event of reads[index]!) {
        for (let twin = 0; twin < (side.shadow ? 2 : 1); twin++) {
          const problem = (twin === 0 ? side.folder : side.shadow!).fold(record.streamId, event);
          if (problem instanceof Promise) {
            return problem.then((found) => {
              if (found) this.fail(track, found, record, eventName(event));
              else return this.fold(this.steps(reads), done + 1, record, track);
            });
          }
          if (problem) {
            this.fail(track, problem, record, eventName(event));
            return undefined;
          }
          done++;
        }
      }
    }
    return undefined;
  }

  /** Each side's folders (the fold and its determinism twin), each with the events the side reads. */
  private steps(reads: (readonly object[])[]): Array<[Folder, object]> {
    const steps: Array<[Folder, object]> = [];
    for (let index = 0; index < this.sides.length; index++) {
      const side = this.sides[index]!;
      for (const event of reads[index]!) {
        steps.push([side.folder, event]);
        if (side.shadow) steps.push([side.shadow, event]);
      }
    }
    return steps;
  }

  private fold(
    steps: Array<[Folder, object]>,
    from: number,
    record: RecordedEvent,
    track: StreamTrack,
  ): Promise<void> | undefined {
    for (let index = from; index < steps.length; index++) {
      const [folder, event] = steps[index]!;
      const problem = folder.fold(record.streamId, event);
      if (problem instanceof Promise) {
        return problem.then((found) => {
          if (found) this.fail(track, found, record, eventName(event));
          else return this.fold(steps, index + 1, record, track);
        });
      }
      if (problem) {
        this.fail(track, problem, record, eventName(event));
        return undefined;
      }
    }
    return undefined;
  }

  /** Closes every stream still open and checks the read model of a projection; returns it. */
  finish(): unknown {
    for (const streamId of [...this.#open.keys()]) this.close(streamId);
    const last = this.sides.at(-1)!;
    if (last.folder.perStream) return undefined;
    this.checkStates(
      '',
      last.folder.result(),
      last.shadow?.result(),
      this.sides.length === 2 ? this.sides[0]!.folder.result() : undefined,
    );
    return last.folder.result();
  }

  private track(record: RecordedEvent): StreamTrack {
    const { streamId } = record;
    if (this.settings.byStream && this.#current !== streamId) {
      if (this.#current !== undefined) this.close(this.#current);
      this.#current = streamId;
    }
    let track = this.#open.get(streamId);
    if (!track) {
      track = { lastVersion: undefined, lastPosition: record.position, failed: false };
      this.#open.set(streamId, track);
      this.streams++;
      const ended = this.#finished.get(streamId);
      if (ended) {
        this.fail(
          track,
          {
            kind: 'out-of-order',
            message: `stream ${streamId} appears again after it ended at ${describePosition(ended)}: with grouping 'by-stream' each stream's events must come together (order the source by stream, or use grouping 'interleaved')`,
          },
          record,
        );
        this.streams--;
      }
    }
    if (record.streamVersion !== undefined) {
      if (!track.failed && track.lastVersion !== undefined && record.streamVersion <= track.lastVersion) {
        this.fail(
          track,
          {
            kind: 'out-of-order',
            message: `stream ${streamId}: version ${record.streamVersion} comes after version ${track.lastVersion} (${describePosition(track.lastPosition)}): the history is not in stream order`,
          },
          record,
        );
      }
      track.lastVersion = record.streamVersion;
    }
    track.lastPosition = record.position;
    return track;
  }

  private close(streamId: string): void {
    const track = this.#open.get(streamId);
    this.#open.delete(streamId);
    if (!track) return;
    if (this.settings.byStream) this.#finished.set(streamId, track.lastPosition);
    const last = this.sides.at(-1)!;
    if (!last.folder.perStream) return;
    const state = last.folder.close(streamId);
    const shadow = last.shadow?.close(streamId);
    const old = this.sides.length === 2 ? this.sides[0]!.folder.close(streamId) : undefined;
    if (!track.failed) this.checkStates(streamId, state, shadow, old);
  }

  private checkStates(streamId: string, state: unknown, shadow: unknown, old: unknown): void {
    const last = this.sides.at(-1)!;
    const stream = streamId === '' ? {} : { streamId };
    const whose = streamId === '' ? 'the read model' : `stream ${streamId}`;
    if (last.shadow) {
      const differences = differencesOf(shadow, state);
      if (differences.length > 0) {
        this.log.add({
          ...stream,
          kind: 'non-deterministic',
          differences,
          message: `${whose}: two folds of the same events give different states (evolve reads a clock, randomness or shared memory)`,
        });
      }
    }
    if (this.settings.checkClone) {
      const problem = cloneProblem(state);
      if (problem) this.log.add({ ...stream, kind: 'not-cloneable', message: `${whose}: ${problem}` });
    }
    if (this.sides.length === 2) {
      const differences = differencesOf(state, old);
      if (differences.length > 0) {
        this.diverged.push(streamId);
        this.log.add({
          ...stream,
          kind: 'differs',
          differences,
          message: `${whose}: the new version's state differs from the old one's`,
        });
      }
    }
  }

  private fail(
    track: StreamTrack,
    problem: { kind: FoldProblem['kind'] | 'upcaster-threw' | 'out-of-order'; message: string },
    record: RecordedEvent,
    event?: string,
  ): void {
    track.failed = true;
    const named = event ?? eventName(record.event);
    this.log.add({
      kind: problem.kind,
      streamId: record.streamId,
      position: record.position,
      event: named,
      message: `${describePosition(record.position)} (${named}, stream ${record.streamId}): ${problem.message}`,
    });
  }
}

function eventName(event: unknown): string {
  const { type, version } = (event ?? {}) as { type?: unknown; version?: unknown };
  return version === undefined ? String(type) : `${String(type)}@${String(version)}`;
}
