import type { Broker } from '@eventspec/core';

/** The payments service's producer: a CloudEvent in binary mode (`ce_*` headers) on the `payments` exchange. */
export async function publishPaymentCaptured(
  broker: Broker,
  payment: { paymentId: string; orderId: string; amount: number },
): Promise<void> {
  await broker.publish('payments', [
    {
      id: `payment-captured-${payment.paymentId}`,
      type: 'PaymentCaptured',
      key: 'payment.captured',
      headers: {
        ce_specversion: '1.0',
        ce_id: `payment-captured-${payment.paymentId}`,
        ce_source: '/payments',
        ce_type: 'PaymentCaptured',
      },
      data: payment,
    },
  ]);
}
