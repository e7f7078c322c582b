export type PaymentCommand =
  | { type: 'RequestPayment'; paymentId: string; orderId: string; amount: number }
  | { type: 'CapturePayment'; paymentId: string }
  | { type: 'FailPayment'; paymentId: string; reason: string }
  | { type: 'RefundPayment'; paymentId: string; amount: number };

export type PaymentEvent =
  | { type: 'PaymentRequested'; data: { paymentId: string; orderId: string; amount: number } }
  | { type: 'PaymentCaptured'; data: { paymentId: string; orderId: string; amount: number } }
  | { type: 'PaymentFailed'; data: { paymentId: string; orderId: string; reason: string } }
  | { type: 'PaymentRefunded'; data: { paymentId: string; orderId: string; amount: number } };
