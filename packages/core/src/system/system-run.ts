import type { Broker } from '../broker/broker.js';
import { InMemoryTopicBroker } from '../broker/in-memory-topic-broker.js';
import type { Delivery, Message } from '../broker/message.js';
import { causedBy } from '../causality/metadata.js';
import { toMilliseconds } from '../clock/duration.js';
import { toEpochMs } from '../clock/instant.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { DeliveryPlan } from '../delivery/delivery-plan.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { typeName } from '../format/type-name.js';
import { eventsOf, initialStateOf } from '../specs/decider.js';
import type { ProcessOutput } from '../specs/process-manager.js';
import { PlannedBus } from './planned-bus.js';
import { type Routing, routingOf } from './service-routing.js';
import type {
  DeciderService,
  HandlerService,
  ProcessService,
  ProjectionService,
  Service,
} from './services.js';
import { declareTopics, subscribeService } from './system-broker.js';

/** One message put on the bus, as the message flow shows it. */
export interface FlowEntry {
  seq: number;
  at: Date;
  from: string;
  to: string;
  kind: 'command' | 'event' | 'timer';
  message: unknown;
  phase: 'given' | 'when';
  /** The services an event goes to (those that listen to its type); for a command or a timer, its receiver. */
  listeners?: readonly string[];
}

/** A command a service rejected. */
export interface Rejection {
  service: string;
  command: unknown;
  error: unknown;
  phase: 'given' | 'when';
}

/** A delivery plan to run the system under, and whether it may reorder messages of one key. */
export interface SystemFaultPlan {
  plan: DeliveryPlan;
  anyOrder: boolean;
}

/** A message a service got again after its handling of it threw: the broker's redelivery. */
export interface Redelivery {
  service: string;
  message: unknown;
  /** The delivery's attempt, as the broker counts it (2 for the first redelivery). */
  attempt: number;
  /** What the previous attempt threw. */
  error: unknown;
}

/** A real broker a run goes through, opened for it, and how long each wait for quiet may take. */
export interface SystemTransport {
  broker: Broker;
  settleTimeout: number;
}

/** The end state of every service: decider states by stream, process states by instance, read models. */
export type SystemState = Record<string, unknown>;

const isDecider = (s: Service): s is DeciderService => s.kind === 'decider';

/**
 * One run of a system on the in-memory broker (or a real one), with the virtual clock and the timers of
 * its process managers.
 */
export class SystemRun {
  readonly flow: FlowEntry[] = [];
  readonly rejections: Rejection[] = [];
  readonly redeliveries: Redelivery[] = [];
  readonly clock: VirtualClock;
  readonly broker: Broker;
  /** The in-memory broker, when the run is not on a real one. */
  private readonly memory: InMemoryTopicBroker | undefined;
  /** What a real broker was given, in publish order (the in-memory broker keeps its own). */
  private readonly sent: Message[] = [];
  /** Per service and message id, what its last failed handling threw. */
  private readonly failed = new Map<string, unknown>();
  private readonly routing: Routing;
  private readonly stores = new Map<string, Map<string, unknown[]>>();
  private readonly instances = new Map<string, Map<string, unknown>>();
  private readonly models = new Map<string, unknown>();
  private timers: {
    atMs: number;
    seq: number;
    service: string;
    key: string;
    message: unknown;
    trigger: Message;
  }[] = [];
  private seq = 0;
  /** The delivery plan applied to the broker, when the run has one. */
  readonly bus: PlannedBus | undefined;
  /** One message at a time per process instance and per projection, as their stores would enforce. */
  private readonly locks = new Map<string, Promise<void>>();
  private currentPhase: 'given' | 'when' = 'given';

  constructor(
    private readonly services: Readonly<Record<string, Service>>,
    startMs: number,
    faults?: SystemFaultPlan,
    private readonly transport?: SystemTransport,
  ) {
    this.clock = new VirtualClock(startMs);
    this.memory = transport
      ? undefined
      : new InMemoryTopicBroker({ partitions: 3, now: () => this.clock.now() });
    this.broker = transport ? transport.broker : this.memory!;
    this.routing = routingOf(services);
    this.bus =
      faults &&
      this.memory &&
      new PlannedBus(this.memory, faults.plan, faults.anyOrder, () => this.flow.length);
  }

  /** The messages as they went through the broker, in publish order. */
  get log(): readonly Message[] {
    return this.memory ? this.memory.published.map(({ message }) => message) : this.sent;
  }

  get phase(): 'given' | 'when' {
    return this.currentPhase;
  }

  /** What follows is the message under test and what it causes: counted, and under the plan's faults. */
  startWhen(): void {
    this.currentPhase = 'when';
    this.bus?.startCounting();
  }

  /** How many messages were published since `when` (the plan's message indexes run below it). */
  get whenMessages(): number {
    return this.flow.filter((entry) => entry.phase === 'when').length;
  }

  async start(): Promise<void> {
    if (this.transport) return this.startOnBroker();
    for (const [name, service] of Object.entries(this.services)) {
      if (isDecider(service)) this.stores.set(name, new Map());
      if (service.kind === 'process') this.instances.set(name, new Map());
      if (service.kind === 'projection') this.models.set(name, initialStateOf(service.projection));
      for (const topic of this.routing.topicsOf(name)) {
        await this.broker.subscribe({
          source: topic,
          group: name,
          maxAttempts: 10,
          handler: (message, delivery) => this.deliver(name, message, delivery),
        });
      }
    }
  }

  /** A real broker: every subscription at once (a Kafka group join takes seconds), topics declared first. */
  private async startOnBroker(): Promise<void> {
    const subscriptions: Promise<void>[] = [];
    const topics = new Set<string>();
    for (const [name, service] of Object.entries(this.services)) {
      if (isDecider(service)) this.stores.set(name, new Map());
      if (service.kind === 'process') this.instances.set(name, new Map());
      if (service.kind === 'projection') this.models.set(name, initialStateOf(service.projection));
      topics.add(`${name}.events`);
      for (const topic of this.routing.topicsOf(name)) topics.add(topic);
    }
    await declareTopics(this.broker, topics);
    for (const name of Object.keys(this.services)) {
      for (const topic of this.routing.topicsOf(name)) {
        subscriptions.push(
          subscribeService(
            this.broker,
            topic,
            name,
            (message, delivery) => this.deliver(name, message, delivery),
            10,
          ),
        );
      }
    }
    await Promise.all(subscriptions);
  }

  /** Puts a message from outside (the test) on the bus: a command to its service, an event on its owner's topic. */
  async inject(message: unknown): Promise<void> {
    const type = typeName(message);
    const commandOwner = this.routing.commandOwner(type);
    if (commandOwner) return this.put('test', commandOwner, 'command', message);
    const eventOwner = this.routing.eventOwner(type);
    const service = this.services[eventOwner]!;
    if (isDecider(service)) this.append(eventOwner, service, [message]);
    return this.put('test', eventOwner, 'event', message);
  }

  /** Runs until nothing is in flight, then fires due timers up to `untilMs` one by one, each run to quiet. */
  async runUntil(untilMs: number): Promise<void> {
    await this.quiet();
    for (let next = this.timers[0]; next && next.atMs <= untilMs; next = this.timers[0]) {
      this.timers.shift();
      if (next.atMs > this.clock.nowMs()) this.clock.set(next.atMs);
      await this.publish(
        `${next.service}.timers`,
        next.service,
        next.service,
        'timer',
        next.message,
        next.key,
        next.trigger,
      );
      await this.quiet();
    }
    if (untilMs > this.clock.nowMs()) this.clock.set(untilMs);
  }

  /** Every service's state now. */
  state(): SystemState {
    const state: SystemState = {};
    for (const [name, service] of Object.entries(this.services)) {
      if (isDecider(service)) {
        const streams = new Map<string, unknown>();
        for (const [stream, events] of this.stores.get(name)!)
          streams.set(stream, this.fold(service, events));
        state[name] = streams;
      } else if (service.kind === 'process') state[name] = new Map(this.instances.get(name));
      else if (service.kind === 'projection') state[name] = this.models.get(name);
    }
    return state;
  }

  /** Scheduled messages not yet due. */
  pendingTimers(): readonly { at: Date; service: string; message: unknown }[] {
    return this.timers.map((t) => ({ at: new Date(t.atMs), service: t.service, message: t.message }));
  }

  async close(): Promise<void> {
    await this.broker.close();
  }

  /** Settles the broker, letting through whatever the plan still holds back, until nothing moves. */
  private async quiet(): Promise<void> {
    if (this.transport) return this.settleBroker(this.transport.settleTimeout);
    await this.broker.settle({ timeout: 10_000 });
    while (await this.bus?.flush()) await this.broker.settle({ timeout: 10_000 });
  }

  /**
   * A real broker settles what it held when asked (Kafka: the offsets at the call): handlers that publish
   * meanwhile add work, so it is asked again until a settle saw nothing new published.
   */
  private async settleBroker(timeout: number): Promise<void> {
    const deadline = Date.now() + timeout;
    for (let before = -1; before !== this.sent.length; ) {
      before = this.sent.length;
      await this.settleOnce(deadline);
    }
  }

  /** One settle within the deadline; one that fails early (a cluster's transient answer) is asked again. */
  private async settleOnce(deadline: number): Promise<void> {
    for (;;) {
      try {
        return await this.broker.settle({ timeout: Math.max(1, deadline - Date.now()) });
      } catch (error) {
        if (Date.now() >= deadline - 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  private async deliver(name: string, message: Message, delivery?: Delivery): Promise<void> {
    const service = this.services[name]!;
    const payload = message.data;
    if (
      service.kind !== 'decider' &&
      !this.routing.listens(name, typeName(payload)) &&
      !message.headers?.['x-timer']
    )
      return;
    const fault = this.bus?.failureOf(message, name);
    if (fault) this.bus!.noteFailure(name, message, fault);
    if (fault === 'fail-before') throw new PlannedDeliveryFailure();
    if (delivery && delivery.attempt > 1 && !this.bus) this.noteRedelivery(name, message, delivery.attempt);
    try {
      await this.serialized(name, service, message);
    } catch (error) {
      this.failed.set(`${name}/${message.id}`, error);
      throw error;
    }
    if (fault === 'crash-after') throw new PlannedDeliveryFailure();
  }

  private noteRedelivery(name: string, message: Message, attempt: number): void {
    const error = this.failed.get(`${name}/${message.id}`);
    this.redeliveries.push({ service: name, message: message.data, attempt, error });
  }

  private serialized(name: string, service: Service, message: Message): Promise<void> {
    const key =
      service.kind === 'process'
        ? `${name}/${(service as ProcessService<unknown>).instanceOf(message.data)}`
        : name;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handle(name, service, message));
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    return next;
  }

  private async handle(name: string, service: Service, message: Message): Promise<void> {
    const payload = message.data;
    const now = () => this.clock.now();
    switch (service.kind) {
      case 'decider': {
        const decider = service as DeciderService<unknown, unknown>;
        const stream = decider.streamOf(payload);
        const events = this.stores.get(name)!.get(stream) ?? [];
        let produced: readonly unknown[];
        try {
          produced = eventsOf(
            await decider.decider.decide(payload, this.fold(service as DeciderService, events), { now }),
          );
        } catch (error) {
          this.rejections.push({ service: name, command: payload, error, phase: this.currentPhase });
          const failure = decider.onRejected?.(payload, error);
          if (failure !== undefined) await this.put(name, name, 'event', failure, message);
          return;
        }
        this.append(name, service as DeciderService, produced, stream);
        for (const event of produced) await this.put(name, name, 'event', event, message);
        return;
      }
      case 'process': {
        const process = service as ProcessService<unknown, unknown>;
        const instance = process.instanceOf(payload);
        const states = this.instances.get(name)!;
        const state = states.has(instance) ? states.get(instance) : initialStateOf(process.manager);
        const reaction = await process.manager.react(state, payload, { now });
        await this.apply(name, instance, reaction, message);
        states.set(instance, process.manager.evolve ? process.manager.evolve(state, payload) : state);
        return;
      }
      case 'projection': {
        const projection = (service as ProjectionService<unknown, unknown>).projection;
        const model = this.models.get(name);
        const next = await projection.project(model, payload);
        if (next !== undefined) this.models.set(name, next);
        return;
      }
      case 'handler':
        await this.apply(
          name,
          '',
          await (service as HandlerService<unknown>).handle(payload, { now }),
          message,
        );
    }
  }

  private async apply(name: string, instance: string, reaction: unknown, trigger: Message): Promise<void> {
    const outputs = (
      reaction === undefined ? [] : Array.isArray(reaction) ? reaction : [reaction]
    ) as ProcessOutput[];
    for (const output of outputs) {
      switch (output.kind) {
        case 'send':
          await this.put(
            name,
            this.routing.commandOwnerOrThrow(typeName(output.command), name),
            'command',
            output.command,
            trigger,
          );
          break;
        case 'publish':
          await this.put(
            name,
            this.routing.eventOwner(typeName(output.event)),
            'event',
            output.event,
            trigger,
          );
          break;
        case 'schedule': {
          const key = `${instance}:${output.id ?? `#${this.seq}`}`;
          const atMs =
            output.at !== undefined
              ? toEpochMs(output.at)
              : this.clock.nowMs() + toMilliseconds(output.after ?? 0);
          this.timers = this.timers.filter((t) => !(t.service === name && t.key === key));
          this.timers.push({ atMs, seq: this.seq++, service: name, key, message: output.message, trigger });
          this.timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
          break;
        }
        case 'cancel':
          this.timers = this.timers.filter(
            (t) => !(t.service === name && t.key === `${instance}:${output.id}`),
          );
          break;
        default:
          throw new EventspecUsageError(
            'EVENTSPEC_SYSTEM_UNKNOWN_OUTPUT',
            `${name} returned an output of unknown kind (${JSON.stringify((output as { kind?: unknown }).kind)}): use send, publish, schedule or cancel.`,
          );
      }
    }
  }

  private append(name: string, service: DeciderService, events: readonly unknown[], stream?: string): void {
    const store = this.stores.get(name)!;
    for (const event of events) {
      const key = stream ?? service.streamOf(event as never);
      store.set(key, [...(store.get(key) ?? []), event]);
    }
  }

  private fold(service: DeciderService, events: readonly unknown[]): unknown {
    const decider = service.decider as unknown as {
      evolve(state: unknown, event: unknown): unknown;
      initialState: unknown;
    };
    return events.reduce((state, event) => decider.evolve(state, event), initialStateOf(decider));
  }

  private put(
    from: string,
    owner: string,
    kind: 'command' | 'event',
    message: unknown,
    trigger?: Message,
  ): Promise<void> {
    const topic = kind === 'command' ? `${owner}.commands` : `${owner}.events`;
    return this.publish(topic, from, owner, kind, message, this.keyOf(owner, message), trigger);
  }

  private async publish(
    topic: string,
    from: string,
    to: string,
    kind: FlowEntry['kind'],
    message: unknown,
    key: string,
    trigger?: Message,
  ) {
    const seq = this.seq++;
    const listeners = kind === 'event' ? this.routing.listenersOf(typeName(message)) : [to];
    this.flow.push({
      seq,
      at: this.clock.now(),
      from,
      to,
      kind,
      message,
      phase: this.currentPhase,
      listeners,
    });
    const base: Message = {
      id: `m-${seq}`,
      type: typeName(message),
      key,
      data: message,
      headers: kind === 'timer' ? { 'x-timer': '1' } : {},
    };
    const published = trigger ? causedBy(trigger, base) : base;
    if (this.transport) this.sent.push(published);
    await (this.bus ? this.bus.publish(topic, published, from) : this.broker.publish(topic, [published]));
  }

  private keyOf(owner: string, message: unknown): string {
    const service = this.services[owner];
    if (service && isDecider(service)) {
      try {
        return service.streamOf(message as never);
      } catch {
        return typeName(message);
      }
    }
    return typeName(message);
  }
}

/** Thrown by a delivery the plan fails (before or after handling it): the broker delivers it again. */
class PlannedDeliveryFailure extends Error {
  override name = 'PlannedDeliveryFailure';
}
