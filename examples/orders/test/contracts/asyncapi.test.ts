import { fileURLToPath } from 'node:url';
import { ContractRegistry, loadContracts } from '@eventspec/contracts';
import { loadAsyncApi } from '@eventspec/contracts/asyncapi';
import { expect, test } from 'vitest';

// #region asyncapi
test('a contracts folder holds contract files and AsyncAPI documents: one registry', async () => {
  const registry = await loadContracts(fileURLToPath(new URL('../../contracts', import.meta.url)));
  expect(registry.list().map((c) => c.id)).toEqual([
    'OrderPlaced@1',
    'OrderPlaced@2',
    'OrderShipped@1',
    'PaymentCaptured@1',
  ]);

  const captured = {
    envelope: { specversion: '1.0', id: 'e-1', source: '/payments', type: 'PaymentCaptured' },
    channel: 'payments',
    routingKey: 'payment.captured',
    data: { paymentId: 'p-1', orderId: 'order-1', amount: 1000 },
  };
  expect(registry.validate(captured, 'PaymentCaptured@1').violations).toEqual([]);
});

test('an AsyncAPI document alone gives the same contracts', async () => {
  const fromDocument = await loadAsyncApi(
    fileURLToPath(new URL('../../contracts/payments.asyncapi.yaml', import.meta.url)),
  );
  expect(fromDocument.list().map((c) => `${c.id} ${c.compatibility} ${c.envelope}`)).toEqual([
    'OrderShipped@1 BACKWARD none',
    'PaymentCaptured@1 FULL cloudevents',
  ]);
  expect(() => ContractRegistry.merge(fromDocument, fromDocument)).toThrow(
    /OrderShipped@1 is already defined/,
  );
});
// #endregion asyncapi
