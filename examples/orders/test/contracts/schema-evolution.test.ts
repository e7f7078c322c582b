import { fileURLToPath } from 'node:url';
import { checkCompatibility, loadContracts } from '@eventspec/contracts';
import { expect, test } from 'vitest';

const contractsFolder = fileURLToPath(new URL('../../contracts', import.meta.url));

// #region evolution
test('v2 adds an optional currency: FORWARD compatible, not BACKWARD', async () => {
  const registry = await loadContracts(contractsFolder);
  const v1 = registry.schemaOf('OrderPlaced@1');
  const v2 = registry.schemaOf('OrderPlaced@2');
  const options = { library: registry.library };

  expect(checkCompatibility(v1, v2, 'FORWARD', options).verdict).toBe('compatible');

  const backward = checkCompatibility(v1, v2, 'BACKWARD', options);
  expect(backward.verdict).toBe('incompatible');
  // v1's model is open: an old message may already hold a "currency" that v2 rejects.
  expect(backward.breaks.map((b) => [b.path, b.rule, b.counterexample])).toMatchInlineSnapshot(`
    [
      [
        "currency",
        "open-content-model",
        {
          "currency": null,
          "customerId": "a",
          "lines": [
            {
              "quantity": 1,
              "sku": "a",
              "unitPrice": 0,
            },
          ],
          "orderId": "order-",
          "placedAt": "2024-01-02T03:04:05Z",
          "total": 0,
        },
      ],
    ]
  `);
});
// #endregion evolution
