import { initialStateOf } from '../../specs/decider.js';
import type { ProcessManager, ProcessOutput } from '../../specs/process-manager.js';
import type { Projection } from '../../specs/projection-scenario.js';
import type { ReplayFailureKind } from '../replay-report.js';
import type { ReplayedDecider, ReplayTarget } from '../replay-target.js';

/** Why folding an event failed. */
export interface FoldProblem {
  kind: Extract<ReplayFailureKind, 'evolve-threw' | 'project-threw' | 'react-threw' | 'acted-on-replay'>;
  message: string;
}

/** Folds the events of a replay into states: one per stream (deciders, process managers) or one in all. */
export interface Folder {
  readonly perStream: boolean;
  /** Folds events of one stream; a problem stops that stream. A promise only when the code under replay is async. */
  fold(streamId: string, event: unknown): FoldProblem | undefined | Promise<FoldProblem | undefined>;
  /** The stream's state so far (per-stream folders) or the read model so far. */
  current(streamId: string): unknown;
  /** The stream's final state, forgotten afterwards (per-stream folders). */
  close(streamId: string): unknown;
  /** The read model (projections). */
  result(): unknown;
}

/** The folder of a replay target's decider, projection or process manager. */
export function folderOf(target: ReplayTarget<object, unknown, unknown, unknown>): Folder {
  if (target.decider) return new DeciderFolder(target.decider);
  if (target.projection) return new ProjectionFolder(target.projection);
  if (target.processManager) return new ProcessManagerFolder(target.processManager);
  throw new Error('unreachable: replay options were checked');
}

class DeciderFolder implements Folder {
  readonly perStream = true;
  readonly #states = new Map<string, unknown>();
  constructor(private readonly decider: ReplayedDecider<unknown, unknown>) {}

  fold(streamId: string, event: unknown): FoldProblem | undefined {
    const before = this.#states.has(streamId) ? this.#states.get(streamId) : initialStateOf(this.decider);
    let after: unknown;
    try {
      after = this.decider.evolve(before, event);
    } catch (error) {
      return { kind: 'evolve-threw', message: `evolve threw: ${messageOf(error)}` };
    }
    if (isThenable(after)) {
      return {
        kind: 'evolve-threw',
        message:
          'evolve returned a promise: a fold must be synchronous (load what it needs before replaying)',
      };
    }
    this.#states.set(streamId, after);
    return undefined;
  }

  current(streamId: string): unknown {
    return this.#states.has(streamId) ? this.#states.get(streamId) : initialStateOf(this.decider);
  }

  close(streamId: string): unknown {
    const state = this.current(streamId);
    this.#states.delete(streamId);
    return state;
  }

  result(): unknown {
    return undefined;
  }
}

class ProjectionFolder implements Folder {
  readonly perStream = false;
  #model: unknown;
  constructor(private readonly projection: Projection<unknown, unknown>) {
    // A value (not a factory) is copied, so that two folds of one replay never share a read model.
    this.#model =
      typeof projection.initialState === 'function'
        ? (projection.initialState as () => unknown)()
        : structuredClone(projection.initialState);
  }

  fold(_streamId: string, event: unknown): FoldProblem | undefined | Promise<FoldProblem | undefined> {
    let returned: unknown;
    try {
      returned = this.projection.project(this.#model, event);
    } catch (error) {
      return { kind: 'project-threw', message: `project threw: ${messageOf(error)}` };
    }
    if (!isThenable(returned)) {
      if (returned !== undefined) this.#model = returned;
      return undefined;
    }
    return Promise.resolve(returned).then(
      (model) => {
        if (model !== undefined) this.#model = model;
        return undefined;
      },
      (error: unknown) => ({
        kind: 'project-threw' as const,
        message: `project rejected: ${messageOf(error)}`,
      }),
    );
  }

  current(): unknown {
    return this.#model;
  }

  close(): unknown {
    return undefined;
  }

  result(): unknown {
    return this.#model;
  }
}

class ProcessManagerFolder implements Folder {
  readonly perStream = true;
  readonly #states = new Map<string, unknown>();
  constructor(private readonly manager: ProcessManager<unknown, unknown, ProcessOutput>) {}

  fold(streamId: string, event: unknown): FoldProblem | undefined | Promise<FoldProblem | undefined> {
    const state = this.#states.has(streamId) ? this.#states.get(streamId) : initialStateOf(this.manager);
    let reaction: unknown;
    try {
      reaction = this.manager.react(state, event, { now: () => new Date(0), replaying: true });
    } catch (error) {
      return { kind: 'react-threw', message: `react threw while replaying: ${messageOf(error)}` };
    }
    const settle = (outputs: unknown): FoldProblem | undefined => {
      const acted = outputs === undefined ? [] : Array.isArray(outputs) ? outputs : [outputs];
      if (acted.length > 0) {
        const kinds = acted.map((output) => (output as ProcessOutput).kind ?? 'output').join(', ');
        return {
          kind: 'acted-on-replay',
          message: `react returned ${acted.length} output(s) (${kinds}) while replaying: on replay a process manager rebuilds its state and acts on nothing (check context.replaying)`,
        };
      }
      return this.evolve(streamId, state, event);
    };
    if (!isThenable(reaction)) return settle(reaction);
    return Promise.resolve(reaction).then(settle, (error: unknown) => ({
      kind: 'react-threw' as const,
      message: `react rejected while replaying: ${messageOf(error)}`,
    }));
  }

  private evolve(streamId: string, state: unknown, event: unknown): FoldProblem | undefined {
    if (!this.manager.evolve) return undefined;
    try {
      this.#states.set(streamId, this.manager.evolve(state, event));
      return undefined;
    } catch (error) {
      return { kind: 'evolve-threw', message: `evolve threw: ${messageOf(error)}` };
    }
  }

  current(streamId: string): unknown {
    return this.#states.has(streamId) ? this.#states.get(streamId) : initialStateOf(this.manager);
  }

  close(streamId: string): unknown {
    const state = this.current(streamId);
    this.#states.delete(streamId);
    return state;
  }

  result(): unknown {
    return undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The first line of what was thrown. */
export function messageOf(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
      : String(error);
  return text.split('\n')[0] ?? text;
}
