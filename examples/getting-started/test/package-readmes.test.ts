// The examples of the package READMEs (packages/*/README.md), cut from here by `pnpm docs:write`.
import { fileURLToPath } from 'node:url';
import { loadContracts } from '@eventspec/contracts';
import { checkDelivery, scenario } from '@eventspec/core';
import '@eventspec/contracts/vitest';
import { expect, test } from 'vitest';
import { confirmOnce, Mailbox, reservation } from '../src/index.js';

const reserved = {
  type: 'TableReserved' as const,
  data: { reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' },
};

// #region core
test('a table is reserved for the guests', () => {
  scenario(reservation)
    .when({ type: 'ReserveTable', reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' })
    .then([reserved]);
});

test('the confirmation mail goes out once, whatever the delivery does', async () => {
  const messages = [{ id: 'm-1', key: 'r-1', ...reserved }];
  await checkDelivery({
    messages,
    setup: () => ({ mailbox: new Mailbox() }),
    handle: ({ mailbox }, message) => confirmOnce(mailbox, message),
    observe: ({ mailbox }) => mailbox.sent,
    timelineDir: false,
  });
});
// #endregion core

// #region contracts
test('what the decider emits is what the contract promises', async () => {
  const registry = await loadContracts(fileURLToPath(new URL('../contracts', import.meta.url)));
  expect({ channel: 'reservations', data: reserved.data }).toSatisfyContract('TableReserved@1', registry);
  expect(registry.validate({ data: { ...reserved.data, guests: '2' } }, 'TableReserved@1').ok).toBe(false);
});
// #endregion contracts
