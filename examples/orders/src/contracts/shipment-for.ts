/** A parcel the warehouse packs. */
export interface Parcel {
  sku: string;
  quantity: number;
}

/** The shipping service's consumer: turns an OrderPlaced message's data into the parcels to pack. Reads only what it needs. */
export function shipmentFor(data: unknown): { orderId: string; parcels: Parcel[] } {
  const order = data as { orderId: string; lines: { sku: string; quantity: number }[] };
  if (order.lines.length === 0) throw new Error(`order ${order.orderId} has no lines to ship`);
  return { orderId: order.orderId, parcels: order.lines.map(({ sku, quantity }) => ({ sku, quantity })) };
}
