import type { SubscribeOptions, Subscription } from './broker.js';
import type { ConsumerGroup, PartitionCursor } from './consumer-group.js';
import type { Message, MessageHandler } from './message.js';

/** What a consumer needs from its broker. */
export interface TopicConsumerHost {
  leave(consumer: TopicConsumer): void;
  wake(): void;
}

/** A member of a consumer group on the in-memory topic broker: a `Subscription` that can also crash. */
export class TopicConsumer implements Subscription {
  readonly topic: string;
  readonly handler: MessageHandler<Message>;
  readonly maxAttempts: number;
  readonly concurrency: number;
  /** Where partitions never committed by the group start: `true` at offset 0, `false` at the end. */
  readonly fromBeginning: boolean;
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
    options: SubscribeOptions,
    private readonly host: TopicConsumerHost,
  ) {
    this.topic = options.source;
    this.handler = options.handler as MessageHandler<Message>;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.concurrency = options.concurrency ?? 1;
    this.fromBeginning = options.fromBeginning ?? true;
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
    for (const cursor of this.cursors)
      if (cursor.uncommitted > 0) this.group.commit(this.topic, cursor.partition, cursor.position);
    this.cursors = [];
    this.host.leave(this);
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
