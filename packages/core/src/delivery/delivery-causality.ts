import type { Message } from '../broker/message.js';
import { checkCausalityOfLog } from '../causality/check-causality.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { CheckDeliveryOptions } from './options.js';

/**
 * The causality check of a delivery check: a clean delivery (every message once, in order) to a fresh
 * world, then the messages and what the handler published — `causality(world)` — as one log, in which every
 * output must keep its trigger's correlation id and name it as its cause.
 */
export async function checkDeliveryCausality<World, M extends Message, Observation>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<void> {
  const { causality } = options;
  if (!causality) return;
  if (!Array.isArray(options.messages)) {
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_CAUSALITY_NEEDS_MESSAGES',
      'checkDelivery({ causality }) checks a clean delivery of the messages, so it needs `messages` as an array, not an arbitrary.',
    );
  }
  const messages = options.messages as readonly M[];
  const world = await options.setup();
  for (const message of messages) {
    await options.handle(world, message, { attempt: 1, redelivered: false, deliveredAt: new Date() });
  }
  const outputs = await causality(world);
  checkCausalityOfLog([...messages, ...outputs], {
    name: options.name ?? 'delivery check',
    ...(options.timelineDir === false ? { svgDir: false } : {}),
  });
}
