import type { BadRecord, SourcePosition } from '../recorded-event.js';
import type { ReplayFailure, ReplayFailureKind, UnreadableEvents } from '../replay-report.js';

/** Collects a replay's problems: every one counted, the first few of each kind kept in full. */
export class FailureLog {
  readonly failures: ReplayFailure[] = [];
  readonly counts: Partial<Record<ReplayFailureKind, number>> = {};
  readonly badRecords: BadRecord[] = [];
  badRecordCount = 0;
  readonly #unreadable = new Map<string, UnreadableEvents>();

  constructor(private readonly keepPerKind: number) {}

  add(failure: ReplayFailure): void {
    const count = (this.counts[failure.kind] ?? 0) + 1;
    this.counts[failure.kind] = count;
    if (count <= this.keepPerKind) this.failures.push(failure);
  }

  badRecord(record: BadRecord): void {
    this.badRecordCount++;
    if (this.badRecords.length < this.keepPerKind) this.badRecords.push(record);
  }

  unreadable(type: string, version: number, position: SourcePosition, reason: string): void {
    const key = `${type}@${version}`;
    const known = this.#unreadable.get(key);
    if (known) known.count++;
    else this.#unreadable.set(key, { type, version, count: 1, first: position, reason });
  }

  unreadableGroups(): UnreadableEvents[] {
    return [...this.#unreadable.values()];
  }

  get empty(): boolean {
    return this.failures.length === 0 && this.#unreadable.size === 0;
  }
}
