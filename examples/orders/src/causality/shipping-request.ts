import { causedBy, type SyncDecider } from '@eventspec/core';

/** Messages with their envelope: ids that tie each one to its cause and its conversation. */
export interface Envelope {
  messageId: string;
  correlationId?: string;
  causationId?: string;
}

export type ShippingCommand = { type: 'RequestShipment'; orderId: string; metadata: Envelope };
export type ShippingEvent =
  | { type: 'ShipmentRequested'; orderId: string; metadata: Envelope }
  | { type: 'LabelPrinted'; orderId: string; metadata: Envelope };

/**
 * Shipping derives every event's envelope from the command that caused it, so a trace of one order
 * can be followed across services.
 */
export const shipping: SyncDecider<ShippingCommand, ShippingEvent, { requested: boolean }> = {
  initialState: () => ({ requested: false }),
  decide(command, state) {
    if (state.requested) return [];
    // #region caused-by
    return [
      causedBy(
        command,
        { type: 'ShipmentRequested', orderId: command.orderId },
        { id: `${command.metadata.messageId}/requested` },
      ),
      causedBy(
        command,
        { type: 'LabelPrinted', orderId: command.orderId },
        { id: `${command.metadata.messageId}/label` },
      ),
    ] as ShippingEvent[];
    // #endregion caused-by
  },
  evolve: (state, event) => (event.type === 'ShipmentRequested' ? { requested: true } : state),
};
