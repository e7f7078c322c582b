import { defineUpcasters } from '../../src/index.js';

/** A bank account's stored events: Deposited v1 held cents as a string, v2 as a number. */
export type DepositedV1 = { type: 'Deposited'; version: 1; data: { cents: string } };
export type AccountEvent =
  | { type: 'Opened'; data: { owner: string } }
  | { type: 'Deposited'; version?: 2; data: { cents: number } }
  | { type: 'Withdrawn'; data: { cents: number } };
export type StoredAccountEvent = AccountEvent | DepositedV1;

export interface Account {
  owner: string | null;
  balance: number;
}

export const account = {
  initialState: (): Account => ({ owner: null, balance: 0 }),
  evolve(state: Account, event: AccountEvent): Account {
    switch (event.type) {
      case 'Opened':
        return { ...state, owner: event.data.owner };
      case 'Deposited':
        return { ...state, balance: state.balance + event.data.cents };
      case 'Withdrawn':
        if (event.data.cents > state.balance)
          throw new Error(`overdrawn by ${event.data.cents - state.balance}`);
        return { ...state, balance: state.balance - event.data.cents };
    }
  },
};

export const accountUpcasters = defineUpcasters<StoredAccountEvent, AccountEvent>().register<
  DepositedV1,
  AccountEvent
>('Deposited', 1, (v1) => ({ type: 'Deposited', version: 2, data: { cents: Number(v1.data.cents) } }));

/** One line of a JSON Lines history in the default shape. */
export function line(streamId: string, streamVersion: number, event: object): string {
  return JSON.stringify({ streamId, streamVersion, ...event });
}
