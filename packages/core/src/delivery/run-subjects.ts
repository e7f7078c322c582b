import type { Message } from '../broker/message.js';
import type { DeliverySettings } from './delivery-settings.js';
import { frozenCopies } from './message-copies.js';
import type { RunSubject } from './run-outcome.js';

/**
 * What every run over one message array shares — the frozen copies of the messages, their keys, the
 * callbacks and limits of the check — made once per array; and the caller's array behind the copies a
 * finding carries (to run a simpler plan on it again).
 */
export class RunSubjects<World, M extends Message> {
  private readonly subjects = new WeakMap<readonly M[], RunSubject<World, M>>();
  /** The caller's array behind the frozen copies of each subject. */
  private readonly originals = new WeakMap<readonly M[], readonly M[]>();
  /** Crash-point methods seen returning promises, shared by every run of the check. */
  private readonly asyncLabels = new Set<string>();

  constructor(private readonly settings: DeliverySettings<World, M>) {}

  /** The subject of the runs over `messages` (the caller's array). */
  of(messages: readonly M[]): RunSubject<World, M> {
    let subject = this.subjects.get(messages);
    if (subject) return subject;
    const { settings } = this;
    subject = {
      messages: frozenCopies(messages),
      keySlots: keySlotsOf(messages.map(settings.keyOf)),
      setup: settings.setup,
      handle: settings.handle,
      observe: settings.observe,
      crashPoints: settings.crashPoints,
      anyOrder: settings.shape.reorder === 'any',
      maxAttempts: settings.maxAttempts,
      timeout: settings.timeout,
      restart: settings.restart,
      retryBackoff: settings.retryBackoff,
      asyncLabels: this.asyncLabels,
    };
    this.subjects.set(messages, subject);
    this.originals.set(subject.messages, messages);
    return subject;
  }

  /** The caller's array behind the frozen copies `copies` (a subject's messages). */
  originalOf(copies: readonly M[]): readonly M[] | undefined {
    return this.originals.get(copies);
  }
}

/** The keys as small numbers, in order of first appearance: the same number for the same key. */
function keySlotsOf(keys: readonly string[]): readonly number[] {
  const numbers = new Map<string, number>();
  return keys.map((key) => {
    let slot = numbers.get(key);
    if (slot === undefined) {
      slot = numbers.size;
      numbers.set(key, slot);
    }
    return slot;
  });
}
