import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { unknownOptionKeys } from '../options/option-keys.js';
import type { TopicBroker } from './broker.js';
import { checkedName } from './broker-names.js';
import { BrokerPump } from './broker-pump.js';
import { ConsumerGroup, type PartitionCursor } from './consumer-group.js';
import { deadLetterTopicCopy } from './dead-letter-copies.js';
import type { Message } from './message.js';
import { MessageRejected } from './message-rejected.js';
import { partitionFor } from './murmur2.js';
import { checkedMessages, checkedSubscribeOptions, shown } from './subscribe-options.js';
import { TopicConsumer } from './topic-consumer.js';
import type { TopicDelivery, TopicSubscribeOptions } from './topic-delivery.js';

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
  /**
   * Milliseconds before a failed message is delivered again (the partition waits meanwhile).
   * @default 0 (after pending timers and I/O, so a handler that always fails never starves the event loop)
   */
  retryBackoff?: number;
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
  private readonly retryBackoff: number;
  private readonly pump: BrokerPump;
  private consumers = 0;

  constructor(options: InMemoryTopicBrokerOptions = {}) {
    // null means no options, as undefined does (a JavaScript caller's habit), never a raw TypeError.
    options ??= {};
    const unknown = unknownOptionKeys(options, topicBrokerKeys, 'new InMemoryTopicBroker()');
    if (unknown.length > 0) throw new EventspecUsageError('EVENTSPEC_BROKER_BAD_OPTION', unknown.join('\n'));
    this.defaultPartitions = positive(options.partitions ?? 3, 'partitions');
    this.commitEvery = positive(options.commitEvery ?? 1, 'commitEvery');
    this.retryBackoff = atLeastZero(options.retryBackoff ?? 0, 'retryBackoff');
    this.now = options.now ?? (() => new Date());
    this.pump = new BrokerPump(
      'InMemoryTopicBroker',
      () => this.dispatch(),
      () => this.isIdle(),
      () => this.pending(),
    );
  }

  async createTopic(topic: string, options: { partitions?: number } = {}): Promise<void> {
    options ??= {};
    this.pump.assertOpen('createTopic');
    checkedName('InMemoryTopicBroker.createTopic(topic, options)', 'topic name', topic);
    const count = positive(options.partitions ?? this.defaultPartitions, 'partitions');
    const existing = this.topics.get(topic);
    if (existing && existing.length !== count) {
      throw new EventspecError(
        'EVENTSPEC_BROKER_TOPIC_MISMATCH',
        `InMemoryTopicBroker.createTopic("${topic}") asked for ${count} partitions, but the topic exists with ${existing.length} (Kafka TOPIC_ALREADY_EXISTS); use another name, or the same partition count.`,
        { actual: count, expected: existing.length },
      );
    }
    if (!existing)
      this.topics.set(
        topic,
        Array.from({ length: count }, () => []),
      );
  }

  async publish(topic: string, messages: readonly Message[]): Promise<void> {
    this.pump.assertOpen('publish');
    const checked = checkedMessages('InMemoryTopicBroker', topic, messages);
    const partitions = this.topicNamed(topic);
    for (const message of checked) {
      this.published.push({ destination: topic, message });
      partitions[partitionFor(message.key, partitions.length)]!.push(message);
    }
    this.pump.schedule();
  }

  /** Starts a group member; `autoCommit: false` leaves the commits to the handler (see {@link TopicSubscribeOptions}). */
  async subscribe(given: TopicSubscribeOptions): Promise<TopicConsumer> {
    this.pump.assertOpen('subscribe');
    const options = checkedSubscribeOptions('InMemoryTopicBroker', given, topicSubscribeKeys);
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
      lengthOf: (topic, partition) => this.topics.get(topic)?.[partition]?.length,
    });
    group.members.push(consumer);
    this.rebalance(group);
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
    return this.pump.settle(options?.timeout);
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
    const group = this.groups.get(member.group.id)!;
    group.members.splice(group.members.indexOf(member), 1);
    this.rebalance(group);
    this.pump.schedule();
  }

  private rebalance(group: ConsumerGroup<TopicConsumer>): void {
    const starts = new Map(group.members.map((member) => [member.topic, member.fromBeginning]));
    group.rebalance(
      (topic) => this.topicNamed(topic).length,
      (topic, partition) => (starts.get(topic) === false ? this.topicNamed(topic)[partition]!.length : 0),
    );
  }

  /** Each member serves its partitions in turns (not partition 0 first), one message per partition. */
  private dispatch(): void {
    for (const group of this.groups.values()) {
      for (const member of group.members) {
        const log = this.topicNamed(member.topic);
        const cursors = member.cursorsOwned;
        for (let step = 0; step < cursors.length && member.inFlight < member.concurrency; step++) {
          const at = (member.turn + step) % cursors.length;
          const cursor = cursors[at]!;
          if (member.busy.has(cursor.partition) || cursor.position >= log[cursor.partition]!.length) continue;
          if (cursor.held) continue;
          member.turn = at + 1;
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
    const seeks = cursor.seeks;
    const current = () =>
      member.active &&
      member.generation === generation &&
      member.cursorOf(cursor.partition) === cursor &&
      cursor.seeks === seeks;
    const delivery: TopicDelivery = {
      attempt,
      redelivered: attempt > 1,
      deliveredAt: this.now(),
      topic: member.topic,
      partition: cursor.partition,
      offset,
      commit: () => {
        const next = [{ topic: member.topic, partition: cursor.partition, offset: offset + 1 }];
        if (!member.active || member.generation !== generation)
          throw member.staleError(`commit offset ${offset + 1} of "${member.topic}"/${cursor.partition}`);
        member.commitOffsets(next);
      },
    };
    Promise.resolve()
      .then(() => member.handler(message, delivery))
      .then(
        () => {
          if (current()) this.advance(member, cursor, offset);
        },
        (error: unknown) => {
          if (!current()) return;
          if (attempt < member.maxAttempts && !(error instanceof MessageRejected)) {
            // Retried in place after the backoff, and never before the event loop had a turn.
            cursor.held = true;
            this.pump.scheduleAfter(this.retryBackoff, () => {
              cursor.held = false;
            });
            return;
          }
          this.deadLetters.push({ message, source: member.topic, attempts: attempt, error });
          const deadLetterTopic = this.topicNamed(`${member.topic}.dead-letter`);
          deadLetterTopic[partitionFor(message.key, deadLetterTopic.length)]!.push(
            deadLetterTopicCopy(message, member.topic, cursor.partition, offset, error),
          );
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
    cursor.held = false;
    if (++cursor.uncommitted >= this.commitEvery && member.autoCommit) {
      member.group.commit(member.topic, cursor.partition, cursor.position);
      cursor.uncommitted = 0;
    }
  }

  private isIdle(): boolean {
    if (this.orphaned().length > 0) return false;
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
    for (const { group, topic, waiting } of this.orphaned()) {
      parts.push(
        `group "${group}" has ${waiting} message${waiting === 1 ? '' : 's'} of "${topic}" left and no consumer: its last one crashed (subscribe a new one to resume from the last commit)`,
      );
    }
    return parts.join('; ') || 'nothing pending';
  }

  /** Topics a group consumed whose every member is gone (crashed) while messages are left to consume. */
  private orphaned(): { group: string; topic: string; waiting: number }[] {
    const found: { group: string; topic: string; waiting: number }[] = [];
    for (const group of this.groups.values()) {
      for (const topic of group.topics) {
        if (group.members.some((member) => member.topic === topic)) continue;
        const waiting = this.topicNamed(topic).reduce(
          (sum, partition, index) =>
            sum + Math.max(0, partition.length - group.committedOffset(topic, index)),
          0,
        );
        if (waiting > 0) found.push({ group: group.id, topic, waiting });
      }
    }
    return found;
  }
}

const topicBrokerKeys = ['partitions', 'commitEvery', 'now', 'retryBackoff'];
const topicSubscribeKeys = ['autoCommit'];

function atLeastZero(value: number, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `InMemoryTopicBroker option \`${name}\` must be a number of milliseconds ≥ 0, got ${shown(value)}.`,
  );
}

function positive(value: number, name: string): number {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `InMemoryTopicBroker option \`${name}\` must be a whole number ≥ 1, got ${shown(value)}.`,
  );
}
