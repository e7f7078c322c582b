import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { Service } from './services.js';

/** Who handles each command type, who emits each event type, and what each service listens to. */
export interface Routing {
  commandOwner(type: string): string | undefined;
  commandOwnerOrThrow(type: string, sender: string): string;
  eventOwner(type: string): string;
  topicsOf(service: string): string[];
  listens(service: string, type: string): boolean;
  /** The services that listen to an event type, in the system's order. */
  listenersOf(type: string): readonly string[];
}

/** Builds the routing of a system, collecting every configuration error before it throws. */
export function routingOf(services: Readonly<Record<string, Service>>): Routing {
  const commands = new Map<string, string>();
  const events = new Map<string, string>();
  const problems: string[] = [];
  const claim = (table: Map<string, string>, type: string, name: string, what: string) => {
    const other = table.get(type);
    if (other && other !== name) problems.push(`${what} ${type} is claimed by both ${other} and ${name}`);
    table.set(type, name);
  };
  for (const [name, service] of Object.entries(services)) {
    if (service.kind === 'decider') {
      for (const type of service.commands) claim(commands, type, name, 'command');
      for (const type of service.events) claim(events, type, name, 'event');
    }
    if (service.kind === 'process' || service.kind === 'handler') {
      for (const type of service.publishes ?? []) claim(events, type, name, 'event');
    }
  }
  const listening = new Map<string, Set<string>>();
  const listeners = new Map<string, string[]>();
  for (const [name, service] of Object.entries(services)) {
    if (service.kind === 'decider') continue;
    listening.set(name, new Set(service.listensTo));
    for (const type of new Set(service.listensTo))
      listeners.set(type, [...(listeners.get(type) ?? []), name]);
    for (const type of service.listensTo) {
      if (!events.has(type)) {
        problems.push(
          `${name} listens to ${type}, which no service emits: add it to a decider's events or a service's publishes`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_SYSTEM_BAD_WIRING',
      `system(...) cannot wire its services:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return {
    commandOwner: (type) => commands.get(type),
    commandOwnerOrThrow(type, sender) {
      const owner = commands.get(type);
      if (owner) return owner;
      throw new EventspecUsageError(
        'EVENTSPEC_SYSTEM_UNROUTED_COMMAND',
        `${sender} sent the command ${type}, which no service handles: add it to a decider service's commands.`,
      );
    },
    eventOwner(type) {
      const owner = events.get(type);
      if (owner) return owner;
      throw new EventspecUsageError(
        'EVENTSPEC_SYSTEM_UNROUTED_MESSAGE',
        `${type} is neither a command nor an event of any service: add it to a decider service's commands or events, or a service's publishes.`,
      );
    },
    topicsOf(service) {
      const own = services[service]!;
      if (own.kind === 'decider') return [`${service}.commands`];
      const owners = new Set([...(listening.get(service) ?? [])].map((type) => events.get(type)!));
      const topics = [...owners].map((owner) => `${owner}.events`);
      return own.kind === 'process' ? [...topics, `${service}.timers`] : topics;
    },
    listens: (service, type) => listening.get(service)?.has(type) ?? false,
    listenersOf: (type) => listeners.get(type) ?? [],
  };
}
