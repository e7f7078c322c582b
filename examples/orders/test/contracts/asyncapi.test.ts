import { fileURLToPath } from 'node:url';
import { ContractRegistry, loadContracts } from '@eventspec/core';
import { loadAsyncApi } from '@eventspec/core/asyncapi';
import { expect, test } from 'vitest';

// #region asyncapi
test('contracts from a folder and from an AsyncAPI document form one registry', async () => {
  const registry = ContractRegistry.merge(
    await loadContracts(fileURLToPath(new URL('../../contracts', import.meta.url))),
    await loadAsyncApi(fileURLToPath(new URL('../../contracts/payments.asyncapi.yaml', import.meta.url))),
  );
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
    body: { paymentId: 'p-1', orderId: 'order-1', amount: 1000 },
  };
  expect(registry.validate(captured, 'PaymentCaptured@1').violations).toEqual([]);
});
// #endregion asyncapi
