import type { Upcasters } from '../evolution/upcasters.js';
import type { Decider } from '../specs/decider.js';
import type { ProcessManager, ProcessOutput } from '../specs/process-manager.js';
import type { Projection } from '../specs/projection-scenario.js';

/** The fold of a decider: replay reads `initialState` and `evolve` only, never `decide`. */
export type ReplayedDecider<Event, State> = Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>;

/**
 * The code a history is replayed through: upcasters (optional) and exactly one of a decider (each stream
 * folded on its own), a projection (one read model fed every event in the history's order) or a process
 * manager (each stream folded, `react` called with `replaying: true`, which must act on nothing).
 */
export interface ReplayTarget<
  Stored extends object = object,
  Event = unknown,
  State = unknown,
  ReadModel = unknown,
> {
  upcasters?: Upcasters<Stored, Event & object>;
  decider?: ReplayedDecider<Event, State>;
  projection?: Projection<Event, ReadModel>;
  processManager?: ProcessManager<Event, State, ProcessOutput>;
}
