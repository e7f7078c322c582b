/**
 * Throw it from a handler to reject a message for good: no retry, dead-lettered at once (AMQP's
 * `nack(requeue: false)`). Any other error is a nack with requeue, retried up to `maxAttempts`.
 */
export class MessageRejected extends Error {
  override name = 'MessageRejected';
}
