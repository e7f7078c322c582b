import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import type { Subscription } from './broker.js';
import type { ConsumerGroup, PartitionCursor } from './consumer-group.js';
import type { Message } from './message.js';
import type { TopicMessageHandler, TopicOffset, TopicSubscribeOptions } from './topic-delivery.js';

/** What a consumer needs from its broker. */
export interface TopicConsumerHost {
  leave(consumer: TopicConsumer): void;
  wake(): void;
  /** Messages in a partition of a topic, or `undefined` for a partition that does not exist. */
  lengthOf(topic: string, partition: number): number | undefined;
}

/** A member of a consumer group on the in-memory topic broker: a `Subscription` that can also crash. */
export class TopicConsumer implements Subscription {
  readonly topic: string;
  readonly handler: TopicMessageHandler<Message>;
  readonly maxAttempts: number;
  readonly concurrency: number;
  /** Where partitions never committed by the group start: `true` at offset 0, `false` at the end. */
  readonly fromBeginning: boolean;
  /** Whether the broker commits for the handler; `false`: only `commit()` / `commitOffsets()` do. */
  readonly autoCommit: boolean;
  /** The owned partition to serve first on the next dispatch: partitions take turns. */
  turn = 0;
  inFlight = 0;
  /** Partitions with a delivery in flight: a partition is consumed one message at a time. */
  readonly busy = new Set<number>();
  generation = 0;
  active = true;
  private cursors: PartitionCursor[] = [];
  private readonly drained = new Set<() => void>();

  /** @internal */
  constructor(
    readonly id: string,
    readonly group: ConsumerGroup,
    options: TopicSubscribeOptions,
    private readonly host: TopicConsumerHost,
  ) {
    this.topic = options.source;
    this.handler = options.handler as TopicMessageHandler<Message>;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.concurrency = options.concurrency ?? 1;
    this.fromBeginning = options.fromBeginning ?? true;
    this.autoCommit = options.autoCommit ?? true;
  }

  /** The partitions this consumer owns now, e.g. `[0, 2]`. */
  get partitions(): number[] {
    return this.cursors.map((cursor) => cursor.partition);
  }

  get cursorsOwned(): readonly PartitionCursor[] {
    return this.cursors;
  }

  cursorOf(partition: number): PartitionCursor | undefined {
    return this.cursors.find((cursor) => cursor.partition === partition);
  }

  assign(cursors: PartitionCursor[], generation: number): void {
    this.cursors = cursors;
    this.generation = generation;
  }

  /** Finishes the messages in flight, commits what it handled, and leaves the group (a rebalance follows). */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.add(resolve));
    if (this.autoCommit)
      for (const cursor of this.cursors)
        if (cursor.uncommitted > 0) this.group.commit(this.topic, cursor.partition, cursor.position);
    this.cursors = [];
    this.host.leave(this);
  }

  /**
   * Moves where the next fetch of `partition` starts, like kafkajs' `consumer.seek`: back to replay what was
   * handled, forward to skip. A message in flight there finishes, but its result no longer moves the
   * partition. With `autoCommit` the sought offset is committed too (kafkajs does); without, nothing is.
   */
  seek(topic: string, partition: number, offset: number): void {
    const cursor = this.ownedCursor('seek', topic, partition, offset);
    cursor.position = offset;
    cursor.seeks = (cursor.seeks ?? 0) + 1;
    cursor.held = false;
    cursor.uncommitted = 0;
    if (this.autoCommit) this.group.commit(topic, partition, offset);
    this.host.wake();
  }

  /** Commits offsets (each the next offset to consume) of partitions this consumer owns, like kafkajs' `commitOffsets`. */
  commitOffsets(offsets: readonly TopicOffset[]): void {
    const cursors = offsets.map(({ topic, partition, offset }) =>
      this.ownedCursor('commit', topic, partition, offset),
    );
    offsets.forEach(({ topic, partition, offset }, index) => {
      this.group.commit(topic, partition, offset);
      cursors[index]!.uncommitted = 0;
    });
  }

  /** The cursor of an owned partition, for a seek or a commit of `offset`; refuses anything else. */
  private ownedCursor(
    action: 'seek' | 'commit',
    topic: string,
    partition: number,
    offset: number,
  ): PartitionCursor {
    const what = `${action === 'seek' ? 'seek to' : 'commit'} offset ${offset} of "${topic}"/${partition}`;
    const code = action === 'seek' ? 'EVENTSPEC_BROKER_BAD_SEEK' : 'EVENTSPEC_BROKER_STALE_COMMIT';
    if (!this.active) throw this.staleError(what, action);
    const length = this.host.lengthOf(topic, partition);
    if (topic !== this.topic || length === undefined)
      throw new EventspecUsageError(
        code === 'EVENTSPEC_BROKER_STALE_COMMIT' ? 'EVENTSPEC_BROKER_BAD_COMMIT' : code,
        `Consumer ${this.id} cannot ${what}: it consumes "${this.topic}", whose partitions are 0 to ${this.partitionCount() - 1}.`,
      );
    const cursor = this.cursorOf(partition);
    if (!cursor)
      throw new EventspecError(
        code,
        `Consumer ${this.id} cannot ${what}: it does not own that partition (it owns [${this.partitions.join(', ')}]); ${action === 'seek' ? 'seek on a partition it owns (kafkajs applies a seek only to an assigned partition)' : 'after a rebalance only the new owner commits (Kafka refuses a commit from a stale generation)'}.`,
      );
    if (!Number.isInteger(offset) || offset < 0 || offset > length)
      throw new EventspecUsageError(
        action === 'seek' ? code : 'EVENTSPEC_BROKER_BAD_COMMIT',
        `Consumer ${this.id} cannot ${what}: ${length === 0 ? 'the partition is empty; pass 0' : `the partition holds offsets 0 to ${length - 1}; pass a whole number from 0 to ${length} (${length}: the end, past the last message)`}.`,
        { actual: offset, expected: `0..${length}` },
      );
    return cursor;
  }

  /** The error of a seek or commit by a consumer that crashed or stopped. */
  staleError(what: string, action: 'seek' | 'commit' = 'commit'): EventspecError {
    return new EventspecError(
      action === 'seek' ? 'EVENTSPEC_BROKER_BAD_SEEK' : 'EVENTSPEC_BROKER_STALE_COMMIT',
      `Consumer ${this.id} cannot ${what}: it crashed or stopped (Kafka refuses a commit from a member that left the group).`,
    );
  }

  private partitionCount(): number {
    let count = 0;
    while (this.host.lengthOf(this.topic, count) !== undefined) count++;
    return count;
  }

  /**
   * Dies at once, like a killed process: nothing more is committed, results of deliveries in flight are
   * lost, and the new owners of its partitions redeliver everything after the last commit.
   */
  crash(): void {
    if (!this.active) return;
    this.active = false;
    this.cursors = [];
    this.host.leave(this);
  }

  delivered(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of [...this.drained]) resolve();
    this.host.wake();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
