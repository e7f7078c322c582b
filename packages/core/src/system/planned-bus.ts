import type { InMemoryTopicBroker } from '../broker/in-memory-topic-broker.js';
import type { Message } from '../broker/message.js';
import type { DeliveryPlan, PlannedFailure } from '../delivery/delivery-plan.js';

/** A fault of the plan as it happened, placed in the message flow after `flowIndex` entries. */
export interface FaultNote {
  flowIndex: number;
  text: string;
}

interface Held {
  topic: string;
  message: Message;
  index: number;
  /** Publications still to pass before the broker lets it through. */
  left: number;
  cause: 'delayed' | 'duplicate';
}

/**
 * The broker side of a delivery plan in a system run. Messages published in the `when` phase are numbered
 * in publication order (the plan's `message`): a delay holds a message back until `by` later messages were
 * published, a duplicate publishes a copy (same id) `after` later messages, and a failure makes the `call`-th
 * delivery of a message fail before its service handles it, or crash after, so the broker delivers it again.
 * Unless `anyOrder`, a held message is let through before a later message of its topic and key, as a
 * partition keeps per-key order. Whatever is still held when the system goes quiet is let through then.
 */
export class PlannedBus {
  /** The messages of the `when` phase, by the index a plan names them with. */
  readonly messages: { topic: string; message: Message; from: string }[] = [];
  readonly notes: FaultNote[] = [];
  private held: Held[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly deliveries = new Map<number, number>();
  private readonly services = new Map<string, string>();
  private counting = false;

  constructor(
    private readonly broker: InMemoryTopicBroker,
    private readonly plan: DeliveryPlan,
    private readonly anyOrder: boolean,
    private readonly flowLength: () => number,
  ) {}

  /** From now on, publications are numbered and the plan applies (the `when` phase). */
  startCounting(): void {
    this.counting = true;
  }

  async publish(topic: string, message: Message, from: string): Promise<void> {
    if (!this.counting) return this.broker.publish(topic, [message]);
    const index = this.messages.length;
    this.messages.push({ topic, message, from });
    this.indexOf.set(message.id, index);
    if (!this.anyOrder) await this.releaseWhere((h) => h.topic === topic && h.message.key === message.key);
    for (const held of this.held) held.left--;
    const delay = this.plan.delays.find((d) => d.message === index);
    if (delay) {
      this.held.push({ topic, message, index, left: delay.by, cause: 'delayed' });
      this.note(`the broker holds #${index + 1} ${message.type} back for ${delay.by} later messages`);
    } else await this.broker.publish(topic, [message]);
    for (const duplicate of this.plan.duplicates.filter((d) => d.message === index)) {
      const behind = delay ? delay.by : 0;
      this.held.push({ topic, message, index, left: behind + duplicate.after, cause: 'duplicate' });
    }
    await this.releaseWhere((h) => h.left <= 0);
  }

  /** Lets through everything still held, oldest first; false when nothing was. */
  async flush(): Promise<boolean> {
    if (this.held.length === 0) return false;
    await this.releaseWhere(() => true);
    return true;
  }

  /** The planned failure of this delivery, if any: counts deliveries of each numbered message. */
  failureOf(message: Message, service: string): PlannedFailure['mode'] | undefined {
    const index = this.indexOf.get(message.id);
    if (index === undefined) return undefined;
    const call = this.deliveries.get(index) ?? 0;
    this.deliveries.set(index, call + 1);
    this.services.set(`${index}/${call}`, service);
    return this.plan.failures.find((f) => f.message === index && f.call === call)?.mode;
  }

  /** The service that got the `call`-th delivery of message `index`, once it was delivered. */
  serviceOf(index: number, call: number): string | undefined {
    return this.services.get(`${index}/${call}`);
  }

  /** Notes a failed delivery in the flow. */
  noteFailure(service: string, message: Message, mode: PlannedFailure['mode']): void {
    const index = this.indexOf.get(message.id) ?? -1;
    const what =
      mode === 'fail-before'
        ? 'fails before it is handled'
        : 'is handled, then the consumer crashes before the ack';
    this.note(
      `delivery of #${index + 1} ${message.type} to ${service} ${what}: the broker delivers it again`,
    );
  }

  private async releaseWhere(due: (held: Held) => boolean): Promise<void> {
    const now = this.held.filter(due);
    if (now.length === 0) return;
    this.held = this.held.filter((held) => !now.includes(held));
    for (const held of now) {
      this.note(
        held.cause === 'duplicate'
          ? `the broker publishes #${held.index + 1} ${held.message.type} again (a duplicate, same id)`
          : `the broker lets #${held.index + 1} ${held.message.type} through, later than its turn`,
      );
      await this.broker.publish(held.topic, [held.message]);
    }
  }

  private note(text: string): void {
    this.notes.push({ flowIndex: this.flowLength(), text });
  }
}
