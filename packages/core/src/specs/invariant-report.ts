import { formatInline, formatValue } from '../format/format-value.js';
import { type DeciderPlan, historySteps } from './run-decider.js';
import { describeThrown } from './scenario-failure.js';

/** The commands an invariant run decided, and where it broke. */
export interface InvariantTrace<Command, Event, State> {
  steps: { command: Command; events?: readonly Event[]; rejected?: unknown }[];
  state: State;
  broken: boolean;
  error?: unknown;
}

/**
 * The failure of an invariant: what broke, the state it broke in, the shrunk history as a scenario to paste
 * into a test, and the seed and path that replay the search.
 */
export function describeViolation<Command, Event, State>(
  name: string,
  predicate: (state: State) => unknown,
  plan: DeciderPlan<Command, Event, unknown>,
  found: InvariantTrace<Command, Event, State>,
  replay: { seed: number; path: string },
): string {
  const accepted = found.steps.filter((s) => !s.rejected).length;
  const rejected = found.steps.length - accepted;
  const why = found.error === undefined ? '' : ` The predicate threw ${describeThrown(found.error)}.`;
  const lines = [
    `Invariant "${name}" broken after ${found.steps.length} ${found.steps.length === 1 ? 'command' : 'commands'}` +
      ` (${accepted} accepted, ${rejected} rejected).${why}`,
    '',
    `  state  ${formatInline(found.state, 200)}`,
    '',
    'The shrunk history, as a scenario to paste into a test:',
    '',
    ...pasteableScenario(name, predicate, plan, found).map((line) => `  ${line}`),
    '',
    `Replay: pass { seed: ${replay.seed}, path: ${JSON.stringify(replay.path)} } in the invariant's options.`,
  ];
  return lines.join('\n');
}

function pasteableScenario<Command, Event, State>(
  name: string,
  predicate: (state: State) => unknown,
  plan: DeciderPlan<Command, Event, unknown>,
  found: InvariantTrace<Command, Event, State>,
): string[] {
  const history: string[] = historySteps(plan).map((step) =>
    step.kind === 'command' ? `command(${source(step.value)}),` : `${source(step.value)},`,
  );
  const last = found.steps.at(-1);
  const breaking = last && !last.rejected ? last : undefined;
  for (const step of found.steps.slice(0, breaking ? -1 : undefined)) {
    history.push(
      step.rejected
        ? `// rejected, no effect: ${formatInline(step.command, 200)}`
        : `command(${source(step.command)}),`,
    );
  }
  const lines = ['scenario(decider)'];
  if (plan.explicitAt) lines.push(`  .at(${JSON.stringify(new Date(plan.atMs).toISOString())})`);
  lines.push(
    '  .given([',
    ...history.flatMap((entry) => entry.split('\n').map((line) => `    ${line}`)),
    '  ])',
  );
  const check = predicateSource(predicate, name);
  if (breaking)
    lines.push(
      ...`  .when(${source(breaking.command)})`.split('\n').map((line, i) => (i === 0 ? line : `  ${line}`)),
      `  .thenState(${check});`,
    );
  else lines.push(`  // the state right after the given history already breaks it`);
  return lines;
}

function source(value: unknown): string {
  return formatValue(value, { width: 70 });
}

function predicateSource(predicate: (state: never) => unknown, name: string): string {
  const text = predicate.toString();
  const readable = !text.includes('[native code]') && text.length < 300;
  return readable ? `/* ${name} */ ${text}` : `(state) => /* ${name} */ true`;
}
