import type { WithMetadata } from '../messages/message-metadata.js';

/** What the payments service is asked to do, with its envelope. */
export type PaymentCommand = WithMetadata &
  (
    | { type: 'RequestPayment'; paymentId: string; orderId: string; amount: number }
    | { type: 'CapturePayment'; paymentId: string }
    | { type: 'FailPayment'; paymentId: string; reason: string }
    | { type: 'RefundPayment'; paymentId: string; amount: number }
  );

/** What the payments service decided, with its envelope. */
export type PaymentEvent = WithMetadata &
  (
    | { type: 'PaymentRequested'; data: { paymentId: string; orderId: string; amount: number } }
    | { type: 'PaymentCaptured'; data: { paymentId: string; orderId: string; amount: number } }
    | { type: 'PaymentFailed'; data: { paymentId: string; orderId: string; reason: string } }
    | { type: 'PaymentRefunded'; data: { paymentId: string; orderId: string; amount: number } }
  );
