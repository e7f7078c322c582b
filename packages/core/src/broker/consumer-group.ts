/** Where one consumer stands on one partition it owns. */
export interface PartitionCursor {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to deliver. */
  position: number;
  /** Handled since the last commit. */
  uncommitted: number;
  /** A failed delivery at `position` waits for its backoff before it comes again. */
  held?: boolean;
  /** Seeks so far: a delivery started before a seek no longer moves the cursor. */
  seeks?: number;
}

/** What a group needs of a member (a `TopicConsumer`): the topic it reads, and taking the partitions it is given. */
export interface GroupMember {
  readonly topic: string;
  /** The partitions it owns now, with its progress on each. */
  readonly cursorsOwned: readonly PartitionCursor[];
  /** Whether a partition the group never committed is read from its start (else from its end). */
  readonly fromBeginning: boolean;
  /** Whether the member commits on its own (and so on revoke); `false`: only its explicit commits count. */
  readonly autoCommit?: boolean;
  assign(cursors: PartitionCursor[], generation: number): void;
}

/**
 * A Kafka consumer group: its members share the partitions of the topics they consume, each partition
 * owned by one member; committed offsets survive members, so a new owner resumes from the last commit.
 */
export class ConsumerGroup<Member extends GroupMember = GroupMember> {
  readonly members: Member[] = [];
  /** topic → committed offset per partition. */
  readonly committed = new Map<string, number[]>();
  /** Deliveries so far of `topic/partition/offset`: the attempt numbers. */
  readonly attempts = new Map<string, number>();
  generation = 0;

  constructor(readonly id: string) {}

  committedOffset(topic: string, partition: number): number {
    return this.committed.get(topic)?.[partition] ?? 0;
  }

  commit(topic: string, partition: number, offset: number): void {
    const offsets = this.committed.get(topic) ?? [];
    offsets[partition] = offset;
    this.committed.set(topic, offsets);
  }

  /** Topics this group ever consumed: a topic whose members all crashed still has messages to consume. */
  readonly topics = new Set<string>();

  /**
   * Reassigns every partition (range-style: partition p of a topic goes to member p mod n, members in
   * join order); owners resume from the committed offsets. Members still running commit what they handled
   * on the partitions taken from them first (Kafka commits on revoke, unless `autoCommit` is off); a crashed member commits nothing,
   * so its uncommitted work is delivered again. `start` is where a partition never committed starts.
   */
  rebalance(
    partitionsOf: (topic: string) => number,
    start: (topic: string, partition: number) => number,
  ): void {
    this.generation++;
    for (const member of this.members) {
      this.topics.add(member.topic);
      if (member.autoCommit === false) continue;
      for (const cursor of member.cursorsOwned) {
        if (cursor.uncommitted > 0) this.commit(cursor.topic, cursor.partition, cursor.position);
      }
    }
    const byTopic = new Map<string, Member[]>();
    for (const member of this.members) {
      const list = byTopic.get(member.topic) ?? [];
      list.push(member);
      byTopic.set(member.topic, list);
    }
    for (const [topic, members] of byTopic) {
      const owned = members.map(() => [] as number[]);
      for (let partition = 0; partition < partitionsOf(topic); partition++)
        owned[partition % members.length]!.push(partition);
      members.forEach((member, index) => {
        member.assign(
          owned[index]!.map((partition) => ({
            topic,
            partition,
            position: this.committed.get(topic)?.[partition] ?? start(topic, partition),
            uncommitted: 0,
          })),
          this.generation,
        );
      });
    }
  }
}
