import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { SubscribeOptions, TopicBroker } from './broker.js';
import { BrokerPump } from './broker-pump.js';
import { ConsumerGroup, type PartitionCursor } from './consumer-group.js';
import type { Message } from './message.js';
import { MessageRejected } from './message-rejected.js';
import { partitionFor } from './murmur2.js';
import { TopicConsumer } from './topic-consumer.js';

/** Options of an {@link InMemoryTopicBroker}. */
export interface InMemoryTopicBrokerOptions {
  /**
   * Partitions of a topic created by publishing or subscribing to it.
   * @default 3
   */
  partitions?: number;
  /**
   * Messages a consumer handles on a partition before it commits (Kafka's batch): a crash or a rebalance
   * before the commit delivers them again.
   * @default 1
   */
  commitEvery?: number;
  /** The broker's clock, for `delivery.deliveredAt`. @default () => new Date() */
  now?: () => Date;
}

/** A message the broker gave up on: its handler failed `maxAttempts` times. */
export interface DeadLetter {
  message: Message;
  source: string;
  attempts: number;
  error: unknown;
}

/**
 * A Kafka-like broker in memory: topics split into partitions by key (Kafka's murmur2 partitioner),
 * consumer groups with committed offsets and rebalancing, at-least-once delivery. Failed messages are
 * retried in place (the partition waits), then written to `<topic>.dead-letter`.
 * @example
 * await using broker = new InMemoryTopicBroker({ partitions: 3 });
 * await broker.subscribe({ source: 'payments', group: 'billing', handler });
 * await broker.publish('payments', [paymentRequested]);
 * await broker.settle();
 */
export class InMemoryTopicBroker implements TopicBroker {
  readonly model = 'log' as const;
  /** Every message dead-lettered so far. */
  readonly deadLetters: DeadLetter[] = [];
  /** Every message published, in publish order, with where it went: the log a causality check reads. */
  readonly published: { destination: string; message: Message }[] = [];
  private readonly topics = new Map<string, Message[][]>();
  private readonly groups = new Map<string, ConsumerGroup<TopicConsumer>>();
  private readonly defaultPartitions: number;
  private readonly commitEvery: number;
  private readonly now: () => Date;
  private readonly pump: BrokerPump;
  private consumers = 0;

  constructor(options: InMemoryTopicBrokerOptions = {}) {
    this.defaultPartitions = positive(options.partitions ?? 3, 'partitions');
    this.commitEvery = positive(options.commitEvery ?? 1, 'commitEvery');
    this.now = options.now ?? (() => new Date());
    this.pump = new BrokerPump(
      'InMemoryTopicBroker',
      () => this.dispatch(),
      () => this.isIdle(),
      () => this.pending(),
    );
  }

  async createTopic(topic: string, options: { partitions?: number } = {}): Promise<void> {
    this.pump.assertOpen('createTopic');
    if (!this.topics.has(topic)) {
      const count = positive(options.partitions ?? this.defaultPartitions, 'partitions');
      this.topics.set(
        topic,
        Array.from({ length: count }, () => []),
      );
    }
  }

  async publish(topic: string, messages: readonly Message[]): Promise<void> {
    this.pump.assertOpen('publish');
    const partitions = this.topicNamed(topic);
    for (const message of messages) {
      this.published.push({ destination: topic, message });
      partitions[partitionFor(message.key, partitions.length)]!.push(message);
    }
    this.pump.schedule();
  }

  async subscribe(options: SubscribeOptions): Promise<TopicConsumer> {
    this.pump.assertOpen('subscribe');
    const groupId = options.group ?? 'default';
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup<TopicConsumer>(groupId);
      this.groups.set(groupId, group);
    }
    this.topicNamed(options.source);
    const consumer = new TopicConsumer(`${groupId}-${++this.consumers}`, group, options, {
      leave: (member) => this.leave(member),
      wake: () => this.pump.schedule(),
    });
    group.members.push(consumer);
    group.rebalance((topic) => this.topicNamed(topic).length);
    this.pump.schedule();
    return consumer;
  }

  async committedOffsets(group: string, topic: string): Promise<number[]> {
    const partitions = this.topics.get(topic)?.length ?? 0;
    const state = this.groups.get(group);
    return Array.from(
      { length: partitions },
      (_, partition) => state?.committedOffset(topic, partition) ?? 0,
    );
  }

  /** The messages of each partition of `topic`, in offset order. */
  partitionsOf(topic: string): Message[][] {
    return (this.topics.get(topic) ?? []).map((partition) => [...partition]);
  }

  settle(options: { timeout?: number } = {}): Promise<void> {
    return this.pump.settle(options.timeout);
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) for (const member of [...group.members]) member.crash();
    this.pump.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private topicNamed(topic: string): Message[][] {
    let partitions = this.topics.get(topic);
    if (!partitions) {
      partitions = Array.from({ length: this.defaultPartitions }, () => []);
      this.topics.set(topic, partitions);
    }
    return partitions;
  }

  private leave(member: TopicConsumer): void {
    const { members } = member.group;
    members.splice(members.indexOf(member), 1);
    member.group.rebalance((topic) => this.topicNamed(topic).length);
    this.pump.schedule();
  }

  private dispatch(): void {
    for (const group of this.groups.values()) {
      for (const member of group.members) {
        const log = this.topicNamed(member.topic);
        for (const cursor of member.cursorsOwned) {
          if (member.inFlight >= member.concurrency) break;
          if (!member.busy.has(cursor.partition) && cursor.position < log[cursor.partition]!.length)
            this.deliver(member, cursor, log);
        }
      }
    }
  }

  private deliver(member: TopicConsumer, cursor: PartitionCursor, log: Message[][]): void {
    const { group } = member;
    const offset = cursor.position;
    const message = log[cursor.partition]![offset]!;
    const where = `${member.topic}/${cursor.partition}/${offset}`;
    const attempt = (group.attempts.get(where) ?? 0) + 1;
    group.attempts.set(where, attempt);
    const generation = member.generation;
    member.busy.add(cursor.partition);
    member.inFlight++;
    const current = () =>
      member.active && member.generation === generation && member.cursorOf(cursor.partition) === cursor;
    Promise.resolve()
      .then(() => member.handler(message, { attempt, redelivered: attempt > 1, deliveredAt: this.now() }))
      .then(
        () => {
          if (current()) this.advance(member, cursor, offset);
        },
        (error: unknown) => {
          if (!current() || (attempt < member.maxAttempts && !(error instanceof MessageRejected))) return;
          this.deadLetters.push({ message, source: member.topic, attempts: attempt, error });
          const deadLetterTopic = this.topicNamed(`${member.topic}.dead-letter`);
          deadLetterTopic[partitionFor(message.key, deadLetterTopic.length)]!.push(message);
          this.advance(member, cursor, offset);
        },
      )
      .finally(() => {
        member.busy.delete(cursor.partition);
        member.delivered();
      });
  }

  private advance(member: TopicConsumer, cursor: PartitionCursor, offset: number): void {
    cursor.position = offset + 1;
    if (++cursor.uncommitted >= this.commitEvery) {
      member.group.commit(member.topic, cursor.partition, cursor.position);
      cursor.uncommitted = 0;
    }
  }

  private isIdle(): boolean {
    for (const group of this.groups.values()) {
      for (const member of group.members) {
        if (member.inFlight > 0) return false;
        const log = this.topicNamed(member.topic);
        if (member.cursorsOwned.some((cursor) => cursor.position < log[cursor.partition]!.length))
          return false;
      }
    }
    return true;
  }

  private pending(): string {
    const parts: string[] = [];
    for (const group of this.groups.values()) {
      for (const member of group.members) {
        const log = this.topicNamed(member.topic);
        const waiting = member.cursorsOwned.reduce(
          (sum, c) => sum + log[c.partition]!.length - c.position - (member.busy.has(c.partition) ? 1 : 0),
          0,
        );
        if (member.inFlight + waiting > 0)
          parts.push(
            `consumer ${member.id} of "${member.topic}" has ${member.inFlight} in flight, ${waiting} waiting`,
          );
      }
    }
    return parts.join('; ') || 'nothing pending';
  }
}

function positive(value: number, name: string): number {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `InMemoryTopicBroker option \`${name}\` must be a whole number ≥ 1, got ${String(value)}.`,
  );
}
