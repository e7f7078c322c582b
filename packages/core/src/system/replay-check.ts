import { describeDifference } from '../format/describe-difference.js';
import { typeName } from '../format/type-name.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { initialStateOf } from '../specs/decider.js';
import type { ProcessOutput } from '../specs/process-manager.js';
import type { Service } from './services.js';
import type { FlowEntry, SystemState } from './system-run.js';

/**
 * Replays the events of a run: each projection rebuilt from the full history must equal the read model its
 * incremental updates built; process managers and handlers, told they are replaying (`context.replaying`),
 * must not send, publish or schedule anything again. Returns the problems found.
 */
export async function checkReplay(
  services: Readonly<Record<string, Service>>,
  flow: readonly FlowEntry[],
  state: SystemState,
): Promise<string[]> {
  const events = flow.filter((entry) => entry.kind === 'event').map((entry) => entry.message);
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (service.kind === 'decider') continue;
    const heard = events.filter((event) => service.listensTo.includes(typeName(event)));
    if (service.kind === 'projection') {
      let model: unknown = initialStateOf(service.projection as { initialState: unknown });
      for (const event of heard)
        model =
          (await (service.projection.project as (m: unknown, e: unknown) => unknown)(model, event)) ?? model;
      if (!equalsIn('strict', model, state[name])) {
        problems.push(
          `  ${name}: rebuilding it from the ${heard.length} events it heard gives another read model than its incremental updates:`,
          ...differencesIn('strict', model, state[name]).map(
            (d) =>
              `    ${describeDifference(d, name).replace('expected', 'incremental').replace('received', 'rebuilt')}`,
          ),
        );
      }
      continue;
    }
    const context = { now: () => new Date(0), replaying: true };
    const states = new Map<string, unknown>();
    for (const event of heard) {
      let outputs: unknown;
      if (service.kind === 'process') {
        const manager = service.manager as unknown as {
          initialState: unknown;
          react(s: unknown, e: unknown, c: unknown): unknown;
          evolve?(s: unknown, e: unknown): unknown;
        };
        const instance = (service.instanceOf as (e: unknown) => string)(event);
        const current = states.has(instance) ? states.get(instance) : initialStateOf(manager);
        outputs = await manager.react(current, event, context);
        states.set(instance, manager.evolve ? manager.evolve(current, event) : current);
      } else {
        outputs = await (service.handle as (e: unknown, c: unknown) => unknown)(event, context);
      }
      const list = (
        outputs === undefined ? [] : Array.isArray(outputs) ? outputs : [outputs]
      ) as ProcessOutput[];
      const effects = list.filter((output) => output.kind !== 'cancel');
      if (effects.length > 0) {
        problems.push(
          `  ${name}: replaying ${typeName(event)} produced ${effects.map((o) => `${o.kind} ${typeName(o.kind === 'send' ? o.command : o.kind === 'publish' ? o.event : o.message)}`).join(', ')}; a replay must not act again (check context.replaying)`,
        );
      }
    }
  }
  return problems;
}
