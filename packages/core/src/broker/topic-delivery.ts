import type { SubscribeOptions } from './broker.js';
import type { Delivery, Message } from './message.js';

/** An offset to commit for a group: `offset` is the next one to consume (kafkajs' `commitOffsets` entry). */
export interface TopicOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** A delivery on the in-memory topic broker: where the message sits, and a manual commit past it. */
export interface TopicDelivery extends Delivery {
  topic: string;
  partition: number;
  offset: number;
  /**
   * Commits `offset + 1` for the group, like kafkajs' `commitOffsets([{ topic, partition, offset: offset + 1 }])`:
   * a crash or rebalance after it no longer delivers this message (or those before it) again. Throws
   * `EVENTSPEC_BROKER_STALE_COMMIT` once the consumer crashed or lost the partition.
   */
  commit(): void;
}

/** A handler of the in-memory topic broker: it may read the partition and offset, and commit by hand. */
export type TopicMessageHandler<M extends Message = Message> = (
  message: M,
  delivery: TopicDelivery,
) => void | Promise<void>;

/** Subscribe options of the in-memory topic broker: the `Broker`'s, and manual commits. */
export interface TopicSubscribeOptions<M extends Message = Message>
  extends Omit<SubscribeOptions<M>, 'handler'> {
  handler: TopicMessageHandler<M>;
  /**
   * Whether the broker commits for the handler (every `commitEvery` messages, and on revoke). With `false`
   * only `delivery.commit()` and `subscription.commitOffsets()` commit (kafkajs' `autoCommit: false`): a
   * crash, a stop or a rebalance delivers again everything after the last commit.
   * @default true
   */
  autoCommit?: boolean;
}
