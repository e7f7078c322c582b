// A small run's worth of reported tests: passing and failing scenarios, an invariant, a failure shown on purpose.
import type { ReportedTest } from '../../src/report/index.js';

const failure = [
  'then() failed: 1 event differs.',
  '',
  '  given  OrderPlaced',
  '  when   ConfirmPayment { orderId: "o-1", paymentId: "pay-1" }',
  '  then   OrderPaid',
  '',
  '  [0] ✗ OrderPaid',
  '        data.paymentId: expected "pay-2", received "pay-1"',
].join('\n');

export const sampleRun: ReportedTest[] = [
  {
    name: 'payment consumer > charges once per payment',
    file: 'test/payments.test.ts',
    state: 'failed',
    records: [
      {
        kind: 'delivery',
        subject: 'payment consumer',
        messages: 3,
        faults: 'duplicates, reordering across keys, fail-before and crash-after',
        plans: 120,
        seed: 1,
        status: 'failed',
        verdict: 'duplicated effect',
        timeline: [
          '1. deliver #1 PaymentRequested key "order-1"',
          '2. deliver #1 PaymentRequested key "order-1" again (duplicate), attempt 2',
        ],
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><title>payment consumer</title><text x="10" y="20">deliver #1 again</text></svg>',
        failure:
          'checkDelivery found a duplicated effect: delivering a message more than once changed the result.',
      },
    ],
  },
  {
    name: 'order > placing an order totals its lines',
    file: 'test/order.test.ts',
    state: 'passed',
    records: [
      {
        kind: 'decider',
        subject: 'order',
        given: [],
        when: 'PlaceOrder { orderId: "o-1" }',
        then: 'OrderPlaced',
        status: 'passed',
      },
      {
        kind: 'invariant',
        subject: 'order',
        name: 'shipped implies paid',
        runs: 300,
        commands: 2900,
        rejected: 1100,
        seed: 42,
        status: 'passed',
      },
    ],
  },
  {
    name: 'order > confirming the payment',
    file: 'test/order.test.ts',
    state: 'failed',
    error: failure,
    records: [
      {
        kind: 'decider',
        subject: 'order',
        given: ['OrderPlaced { orderId: "o-1" }'],
        when: 'ConfirmPayment { orderId: "o-1", paymentId: "pay-1" }',
        then: 'OrderPaid',
        status: 'failed',
        failure,
      },
    ],
  },
  {
    name: 'checkout > times out after 15 minutes',
    file: 'test/checkout.test.ts',
    state: 'passed',
    records: [
      {
        kind: 'process',
        subject: 'checkout',
        given: ['OrderPlaced { orderId: "o-1" }'],
        when: 'the clock advances by 15m to 2024-05-01T09:15:00.000Z',
        then: 'due: PaymentTimedOut; send: CancelOrder; nothing else',
        status: 'passed',
      },
    ],
  },
  {
    name: 'failure output > shows a wrong total',
    file: 'test/failure-output.test.ts',
    state: 'passed',
    records: [
      {
        kind: 'decider',
        subject: 'order',
        given: [],
        when: 'PlaceOrder { orderId: "o-9" }',
        then: 'OrderPlaced',
        status: 'failed',
        failure,
      },
    ],
  },
];
