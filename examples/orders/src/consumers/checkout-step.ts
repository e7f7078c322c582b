import { type Delivery, type Message, metadataOf, type ProcessOutput } from '@eventspec/core';
import { type CheckoutInput, type CheckoutState, checkout } from '../checkout/checkout-process.js';

/** An event the checkout process reacts to; `key` is the order id. */
export type CheckoutMessage = Message<CheckoutInput['data'], CheckoutInput['type']>;

/** The checkout's state per order, its outbox, and the ids of the messages it handled, stored together. */
export class CheckoutStore {
  private readonly states = new Map<string, CheckoutState>();
  private readonly outbox = new Map<string, unknown[]>();
  private readonly handled = new Set<string>();

  async load(orderId: string): Promise<CheckoutState> {
    const initial = checkout.initialState;
    return this.states.get(orderId) ?? (initial instanceof Function ? initial() : initial);
  }

  async wasHandled(messageId: string): Promise<boolean> {
    return this.handled.has(messageId);
  }

  /** One transaction: the new state, the outgoing commands and the handled message id. */
  async commit(orderId: string, state: CheckoutState, outputs: unknown[], messageId: string): Promise<void> {
    if (this.handled.has(messageId)) return;
    this.handled.add(messageId);
    this.states.set(orderId, state);
    this.outbox.set(orderId, [...(this.outbox.get(orderId) ?? []), ...outputs]);
  }

  /**
   * The outbox as a relay publishes it: each command sent or timer scheduled as a message whose id is the
   * command's id and whose `correlation-id` / `causation-id` headers carry its trace.
   */
  relayed(): Message[] {
    return [...this.outbox].flatMap(([orderId, outputs]) =>
      (outputs as ProcessOutput[]).flatMap((output) => {
        const command =
          output.kind === 'send' ? output.command : output.kind === 'schedule' ? output.message : undefined;
        if (command === undefined) return [];
        const { id, correlationId, causationId } = metadataOf(command);
        const headers: Record<string, string> = {};
        if (correlationId !== undefined) headers['correlation-id'] = correlationId;
        if (causationId !== undefined) headers['causation-id'] = causationId;
        return [
          { id: id ?? '', type: (command as { type: string }).type, key: orderId, data: command, headers },
        ];
      }),
    );
  }

  /** Per order, where it stands and what the checkout asked the rest of the system to do, in order. */
  snapshot(): Record<string, { stage: CheckoutState['stage']; outbox: unknown[] }> {
    const orders: Record<string, { stage: CheckoutState['stage']; outbox: unknown[] }> = {};
    for (const [orderId, state] of [...this.states].sort(([a], [b]) => a.localeCompare(b))) {
      orders[orderId] = { stage: state.stage, outbox: this.outbox.get(orderId) ?? [] };
    }
    return orders;
  }
}

// #region process-manager-step
/** One step of the checkout process manager: react to the event, evolve the state, commit both at once. */
export async function runCheckoutStep(
  store: CheckoutStore,
  message: CheckoutMessage,
  delivery: Delivery,
): Promise<void> {
  if (await store.wasHandled(message.id)) return;
  // The broker message's id and trace headers become the input's envelope, so what it sends keeps the trace.
  const { id: messageId, ...trace } = metadataOf(message);
  const input = {
    type: message.type,
    data: message.data,
    metadata: { messageId, ...trace },
  } as CheckoutInput;
  const state = await store.load(message.key);
  const reaction = await checkout.react(state, input, { now: () => delivery.deliveredAt });
  const outputs = Array.isArray(reaction) ? reaction : [reaction];
  const next = checkout.evolve ? checkout.evolve(state, input) : state;
  await store.commit(message.key, next, outputs, message.id);
}
// #endregion process-manager-step
