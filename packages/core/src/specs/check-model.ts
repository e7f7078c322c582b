import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';

/** What a model given to a scenario must have: each member, and whether it is a function. */
type Shape = Record<string, 'function' | 'value' | 'optional function'>;

const shapes = {
  'scenario()': {
    what: 'a decider',
    members: { initialState: 'value', decide: 'function', evolve: 'function' },
    example:
      'scenario({ initialState: () => state, decide(command, state) { … }, evolve(state, event) { … } })',
  },
  'projectionScenario()': {
    what: 'a projection',
    members: { initialState: 'value', project: 'function' },
    example: 'projectionScenario({ initialState: () => model, project(model, event) { … } })',
  },
  'processScenario()': {
    what: 'a process manager',
    members: { initialState: 'value', react: 'function', evolve: 'optional function' },
    example:
      'processScenario({ initialState: () => state, react(state, event) { … }, evolve(state, event) { … } })',
  },
} satisfies Record<string, { what: string; members: Shape; example: string }>;

/**
 * Refuses what is not a decider, projection or process manager, listing every member that is missing or
 * of the wrong kind (not only the first one a scenario would trip on).
 */
export function checkModel(api: keyof typeof shapes, model: unknown): void {
  if (typeof model === 'object' && model !== null && 'initialState' in model && wellFormed(api, model))
    return;
  const shape = shapes[api];
  if (typeof model !== 'object' || model === null) {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_MODEL',
      `${api} takes ${shape.what}, but got ${model === null ? 'null' : typeof model === 'undefined' ? 'undefined' : formatInline(model, 60)}. ` +
        `Write ${shape.example}.`,
    );
  }
  const record = model as Record<string, unknown>;
  const problems: string[] = [];
  for (const [member, kind] of Object.entries(shape.members as Shape)) {
    const value = record[member];
    if (kind === 'value' ? !(member in record) : value === undefined) {
      if (kind !== 'optional function') problems.push(`${member} is missing`);
    } else if (kind !== 'value' && typeof value !== 'function') {
      problems.push(`${member} is ${formatInline(value, 40)}, not a function`);
    }
  }
  if (problems.length === 0) return;
  throw new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_MODEL',
    `${api} takes ${shape.what}, but ${problems.join('; ')}. Write ${shape.example}.`,
  );
}

/** The passing path, without building lists: every function member is a function. */
function wellFormed(api: keyof typeof shapes, model: object): boolean {
  const record = model as Record<string, unknown>;
  if (api === 'scenario()') return typeof record.decide === 'function' && typeof record.evolve === 'function';
  if (api === 'projectionScenario()') return typeof record.project === 'function';
  return (
    typeof record.react === 'function' && (record.evolve === undefined || typeof record.evolve === 'function')
  );
}
