/**
 * A message as eventspec hands it to a handler: an id that stays the same across redeliveries, a type, the
 * ordering (partition / routing) key, and the payload.
 */
export interface Message<Data = unknown, Type extends string = string> {
  /** Unique per message, identical on every redelivery: what a handler deduplicates on. */
  id: string;
  type: Type;
  /** Ordering key: Kafka partition key, AMQP routing key. */
  key: string;
  data: Data;
  /** Transport headers, if any. */
  headers?: Record<string, string>;
}

/** What a real consumer knows about one delivery of a message. */
export interface Delivery {
  /** 1 on the first delivery, then 2, 3, … on each redelivery of the same message. */
  attempt: number;
  /** Whether the broker says this message was delivered before (`attempt > 1`). */
  redelivered: boolean;
  /** When the broker handed the message over (the broker's clock, virtual in checks). */
  deliveredAt: Date;
}

/** The code under test, as a broker subscription calls it: resolve to ack, throw or reject to nack. */
export type MessageHandler<M extends Message = Message> = (
  message: M,
  delivery: Delivery,
) => void | Promise<void>;
