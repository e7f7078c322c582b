import type { Difference } from '../matching/difference.js';
import type { RunEvent, RunOutcome } from './run-outcome.js';

/** Why a delivery check failed. */
export type DeliveryVerdict =
  | 'duplicated-effect'
  | 'lost-effect'
  | 'order-dependent'
  | 'concurrency-anomaly'
  | 'crash-window-duplicate'
  | 'non-deterministic'
  | 'poison-message'
  | 'handler-timeout';

/** The stable error code of each verdict. */
export const deliveryVerdictCodes: Readonly<Record<DeliveryVerdict, string>> = {
  'duplicated-effect': 'EVENTSPEC_DELIVERY_DUPLICATED_EFFECT',
  'lost-effect': 'EVENTSPEC_DELIVERY_LOST_EFFECT',
  'order-dependent': 'EVENTSPEC_DELIVERY_ORDER_DEPENDENT',
  'concurrency-anomaly': 'EVENTSPEC_DELIVERY_CONCURRENCY_ANOMALY',
  'crash-window-duplicate': 'EVENTSPEC_DELIVERY_CRASH_WINDOW_DUPLICATE',
  'non-deterministic': 'EVENTSPEC_DELIVERY_NON_DETERMINISTIC',
  'poison-message': 'EVENTSPEC_DELIVERY_POISON_MESSAGE',
  'handler-timeout': 'EVENTSPEC_DELIVERY_HANDLER_TIMEOUT',
};

/** Each verdict in words, with its article: "found a duplicated effect". */
export const deliveryVerdictTitles: Readonly<Record<DeliveryVerdict, string>> = {
  'duplicated-effect': 'a duplicated effect',
  'lost-effect': 'a lost effect',
  'order-dependent': 'an order-dependent result',
  'concurrency-anomaly': 'a concurrency anomaly',
  'crash-window-duplicate': 'a crash-window duplicate',
  'non-deterministic': 'a non-deterministic handler',
  'poison-message': 'a poison message',
  'handler-timeout': 'a handler timeout',
};

/** The faults that actually fired in a run. */
export interface FiredFaults {
  delay: boolean;
  duplicate: boolean;
  failBefore: boolean;
  crashAfter: boolean;
  /** A call failed after earlier calls of the same delivery ran: the effect-to-ack window, like a crash. */
  failAfterEffect: boolean;
  /** A delivery whose call failed was acked anyway: the handler swallowed the failure. */
  swallowed: boolean;
  /** Two deliveries of one message were in flight at once. */
  copiesOverlapped: boolean;
  overlap: boolean;
  /** A consumer died before its commit and the broker replayed the uncommitted batch. */
  replay: boolean;
  /** A delivery ran on while a new owner delivered its message again. */
  zombie: boolean;
  /** The consumer process restarted (its memory rebuilt by the `restart` option). */
  restart: boolean;
  /** A duplicate or retry came later in virtual time. */
  late: boolean;
}

export function firedFaults(outcome: RunOutcome): FiredFaults {
  const fired: FiredFaults = {
    delay: false,
    duplicate: false,
    failBefore: false,
    crashAfter: false,
    failAfterEffect: false,
    swallowed: false,
    copiesOverlapped: false,
    overlap: outcome.overlapped,
    replay: false,
    zombie: false,
    restart: false,
    late: false,
  };
  const inFlight = new Map<number, number>();
  const calls = new Map<number, number>();
  const failed = new Set<number>();
  for (const event of outcome.events) {
    mark(fired, event, calls);
    if (event.kind === 'call' && event.fault === 'fail-before') failed.add(event.delivery);
    if (event.kind === 'end' && event.outcome === 'acked' && failed.has(event.delivery))
      fired.swallowed = true;
    if (event.kind === 'start') {
      if ([...inFlight.values()].includes(event.message)) fired.copiesOverlapped = true;
      inFlight.set(event.delivery, event.message);
    } else if (event.kind === 'end') inFlight.delete(event.delivery);
  }
  return fired;
}

function mark(fired: FiredFaults, event: RunEvent, calls: Map<number, number>): void {
  if (event.kind === 'start') {
    if (event.cause === 'delayed') fired.delay = true;
    if (event.cause === 'duplicate') fired.duplicate = true;
    if (event.late) fired.late = true;
  } else if (event.kind === 'consumer') {
    fired[event.what] = true;
  } else if (event.kind === 'call') {
    const before = calls.get(event.delivery) ?? 0;
    calls.set(event.delivery, before + 1);
    if (event.fault === 'fail-before') {
      fired.failBefore = true;
      if (before > 0) fired.failAfterEffect = true;
    }
    if (event.fault === 'crash-after') fired.crashAfter = true;
  }
}

/** Names the failure of a run whose observation differs from the reference one. */
export function classifyDifference(fired: FiredFaults, differences: readonly Difference[]): DeliveryVerdict {
  const direction = directionOf(differences);
  const again = fired.duplicate || fired.replay || fired.zombie;
  const onlyOrder = !again && !fired.failBefore && !fired.crashAfter;
  if (onlyOrder && fired.delay) return 'order-dependent';
  // Nothing delivered twice, nothing failed, nothing moved, and an effect gained or lost: only deliveries
  // in flight at once (a lost update, a double insert); a changed value is still an order question.
  if (onlyOrder && fired.overlap && direction !== 'changed') return 'concurrency-anomaly';
  if (direction === 'more') {
    return fired.crashAfter || fired.failAfterEffect ? 'crash-window-duplicate' : 'duplicated-effect';
  }
  if (direction === 'less') return 'lost-effect';
  // Values changed, nothing added or missing: the deliveries came in another order (a delay, a redelivery
  // behind later messages, an interleaving), unless a duplicate did it.
  return again ? 'duplicated-effect' : 'order-dependent';
}

function concurrencyHint(fired: FiredFaults): string {
  return fired.overlap
    ? 'Deliveries in flight at once interleaved their reads and writes: use an atomic update, a version check or a transaction, or a lock that every consumer shares.'
    : 'Use an atomic update, a version check or a transaction.';
}

/** Whether the result has more (extra entries, bigger numbers) or less than the reference, or just differs. */
function directionOf(differences: readonly Difference[]): 'more' | 'less' | 'changed' {
  let more = false;
  let less = false;
  for (const difference of differences) {
    if (difference.kind === 'unexpected') more = true;
    else if (difference.kind === 'missing') less = true;
    else if (typeof difference.actual === 'number' && typeof difference.expected === 'number') {
      if (difference.actual > difference.expected) more = true;
      else less = true;
    } else if (typeof difference.actual === 'bigint' && typeof difference.expected === 'bigint') {
      if (difference.actual > difference.expected) more = true;
      else less = true;
    }
  }
  if (more && !less) return 'more';
  if (less && !more) return 'less';
  return 'changed';
}

/** One line of advice for the code under test. */
export function hintFor(verdict: DeliveryVerdict, fired: FiredFaults): string {
  switch (verdict) {
    case 'duplicated-effect':
      if (fired.zombie)
        return 'A consumer declared dead still ran while the new owner handled the same message: make the dedupe check and the effect one atomic, durable operation (a unique constraint, a conditional write); an in-process lock does not cover another process.';
      if (fired.copiesOverlapped || (fired.overlap && !fired.duplicate && !fired.replay))
        return 'Two deliveries checked, then both acted: make the dedupe check and the effect one atomic operation (a unique constraint, a conditional write).';
      if (fired.restart)
        return 'What remembered handled messages lived in process memory and was lost on the restart: keep dedupe records durable, next to the effect.';
      if (fired.late)
        return 'A duplicate came after the dedupe record expired: keep ids at least as long as the broker may redeliver (its retention or redelivery window).';
      if (fired.replay)
        return 'A consumer restart re-reads every message since the last commit, after later ones of the key: remember every handled id (or the highest handled offset/version), not only the last one.';
      return 'Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.';
    case 'concurrency-anomaly':
      return concurrencyHint(fired);
    case 'lost-effect':
      if (fired.swallowed)
        return 'Let failures propagate so that the broker redelivers the message; never ack a message whose effect failed.';
      if (fired.crashAfter || fired.failAfterEffect)
        return 'A redelivery skipped work the failed attempt never finished: write the dedupe record in one atomic write with all the effects, not before or between them.';
      if (fired.overlap)
        return 'Read-modify-write across an await loses updates: use an atomic increment, a version check or a transaction.';
      return 'A redelivery or duplicate dropped part of the result: skip only messages whose effect is recorded.';
    case 'order-dependent':
      return 'Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting.';
    case 'crash-window-duplicate':
      return 'Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id).';
    case 'non-deterministic':
      return 'Take time and randomness from the message itself (a timestamp in its data or headers), not from Date.now(), new Date() or Math.random(), and keep no state outside the world.';
    case 'poison-message':
      return 'Treat a redelivered message that was already handled as success, not as an error.';
    case 'handler-timeout':
      return 'A delivery never settled: look for a missing await or resolve, a lock never released, or raise `timeout`.';
  }
}
