import { type Broker, checkDelivery, type Message } from '@eventspec/core';
import { expect } from 'vitest';

/** A broker fault the suite injects, and undoes. */
export interface FaultTarget {
  /** Freezes the broker: connections stay open, nothing answers (`docker pause`, a network cut). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** The broker dies: connections close, new ones are refused (`docker kill`, a proxy that refuses). */
  kill(): Promise<void>;
  revive(): Promise<void>;
}

/** One public operation, run while the broker is faulty; `bound` is its documented time limit in ms. */
export interface FaultCase {
  op: string;
  bound: number;
  run: () => Promise<unknown>;
}

/** How one operation ended: its error code and the broker state its message names. */
export interface FaultOutcome {
  op: string;
  code: string;
  state: 'not answering' | 'down' | 'unnamed';
}

/**
 * The codes of a dead broker: the connection closed under a call (`CONNECTION_LOST`), or a new connection
 * refused (`UNREACHABLE`); which one a call meets depends on whether it used an open connection first.
 */
export const DOWN_CODES = ['EVENTSPEC_BROKER_CONNECTION_LOST', 'EVENTSPEC_BROKER_UNREACHABLE'];

/** `outcomes` with both down codes shown as one, for a snapshot that does not depend on that race. */
export function downCodesMerged(outcomes: FaultOutcome[]): FaultOutcome[] {
  return outcomes.map((outcome) =>
    DOWN_CODES.includes(outcome.code) ? { ...outcome, code: 'CONNECTION_LOST | UNREACHABLE' } : outcome,
  );
}

/** Runs the cases at once (they wait in parallel) and checks each ends within its bound + 1 s. */
export async function runFaultCases(cases: readonly FaultCase[]): Promise<FaultOutcome[]> {
  return Promise.all(
    cases.map(async ({ op, bound, run }) => {
      const started = Date.now();
      const error = await run().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      const elapsed = Date.now() - started;
      expect(elapsed, `${op} took ${elapsed} ms, bound ${bound} ms + 1 s`).toBeLessThanOrEqual(bound + 1000);
      if (error === undefined) return { op, code: 'resolved', state: 'unnamed' as const };
      const { code, message } = error as { code?: string; message?: string };
      return { op, code: code ?? `raw ${(error as Error).name}: ${message}`, state: stateOf(message ?? '') };
    }),
  );
}

function stateOf(message: string): FaultOutcome['state'] {
  if (/paused|not answering|did not answer/.test(message)) return 'not answering';
  if (/is closed|is down|stopped|killed|refused/.test(message)) return 'down';
  return 'unnamed';
}

type Count = Message<{ n: number }>;

/** A plain checkDelivery on a real broker: counts what it handled. */
export function checkCounting(open: () => Promise<Broker> | Broker, settleTimeout: number): Promise<unknown> {
  const messages: Count[] = [1, 2].map((n) => ({ id: `m-${n}`, type: 'Counted', key: 'k', data: { n } }));
  return checkDelivery({
    messages,
    setup: () => ({ seen: [] as number[] }),
    handle: (world, message) => {
      world.seen.push(message.data.n);
    },
    observe: (world) => world.seen.length,
    equivalent: () => true,
    broker: { open, settleTimeout, shrinkRuns: 0 },
    runs: 1,
    timelineDir: false,
  });
}
