import { describe, expect, test } from 'vitest';
import { BrokerError, MessageLog, type ReceivedMessage } from '../../src/index.js';

const message = (data: unknown, key?: string, offset?: number): ReceivedMessage => ({
  destination: 'orders',
  id: `orders/0/${offset ?? 0}`,
  type: 'unknown',
  key,
  data,
  headers: {},
  ...(offset === undefined ? {} : { partition: 0, offset: String(offset) }),
});

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BrokerError)) throw new Error(`expected a BrokerError, got ${String(error)}`);
  return error;
}

describe('MessageLog.waitFor', () => {
  test('resolves with messages that arrive later, and with ones already there', async () => {
    const log = new MessageLog('orders');
    log.push(message({ type: 'OrderPlaced' }, 'o-1'));
    const waiting = log.waitFor((m) => m.key === 'o-2');
    setTimeout(() => log.push(message({ type: 'OrderPlaced' }, 'o-2')), 20);
    expect((await waiting).map((m) => m.key)).toEqual(['o-2']);
    expect((await log.waitFor()).map((m) => m.key)).toEqual(['o-1']);
  });

  test('waits for count matching messages', async () => {
    const log = new MessageLog('orders');
    const waiting = log.waitFor((m) => (m.data as { n: number }).n % 2 === 0, { count: 2 });
    for (const n of [1, 2, 3, 4, 5]) log.push(message({ n }));
    expect((await waiting).map((m) => m.data)).toEqual([{ n: 2 }, { n: 4 }]);
  });

  test('fails after the timeout with what did arrive', async () => {
    const log = new MessageLog('orders');
    log.push(message({ type: 'OrderPlaced', id: 'o-1' }, 'o-1', 0));
    log.push(message({ type: 'OrderCancelled', id: 'o-1' }, 'o-1', 1));
    await log.waitFor((m) => (m.data as { type: string }).type === 'OrderPlaced');
    const error = await failure(
      log.waitFor((m) => (m.data as { type: string }).type === 'OrderShipped', { timeout: 50, count: 2 }),
    );
    expect(error.code).toBe('EVENTSPEC_BROKER_WAIT_TIMEOUT');
    expect(error.message).toMatchInlineSnapshot(`
      "waitFor('orders') timed out after 50 ms: 0 of 2 matching messages arrived.
      Arrived on 'orders' (2):
        1. p0@0 key=o-1 {"type":"OrderPlaced","id":"o-1"} (seen)
        2. p0@1 key=o-1 {"type":"OrderCancelled","id":"o-1"}"
    `);
    expect(error.actual).toEqual([
      { key: 'o-1', data: { type: 'OrderPlaced', id: 'o-1' } },
      { key: 'o-1', data: { type: 'OrderCancelled', id: 'o-1' } },
    ]);
  });

  test('says so when nothing arrived at all', async () => {
    const error = await failure(new MessageLog('payments').waitFor(undefined, { timeout: 10 }));
    expect(error.message).toMatchInlineSnapshot(`
      "waitFor('payments') timed out after 10 ms: 0 of 1 matching message arrived.
      Nothing arrived on 'payments'."
    `);
  });
});

describe('MessageLog.expectNoMessage', () => {
  test('passes when everything was seen and nothing new arrives', async () => {
    const log = new MessageLog('orders');
    log.push(message('a'));
    await log.waitFor();
    await log.expectNoMessage(30);
  });

  test('fails on a message arriving within the window', async () => {
    const log = new MessageLog('orders');
    setTimeout(() => log.push(message({ type: 'OrderPlaced' }, 'o-9')), 10);
    const error = await failure(log.expectNoMessage(1000));
    expect(error.code).toBe('EVENTSPEC_BROKER_UNEXPECTED_MESSAGE');
    expect(error.message).toMatchInlineSnapshot(`
      "expectNoMessage('orders', 1000) received 1 message(s) it did not expect.
      Arrived on 'orders' (1):
        1. key=o-9 {"type":"OrderPlaced"}"
    `);
  });

  test('fails on an unseen message that arrived before, unless the cursor was moved past it', async () => {
    const log = new MessageLog('orders');
    log.push(message('early'));
    await expect(log.expectNoMessage(10)).rejects.toThrow(BrokerError);
    log.seek('latest');
    await log.expectNoMessage(10);
    log.seek('earliest');
    expect((await log.waitFor()).map((m) => m.data)).toEqual(['early']);
  });

  test('ignores messages that do not match the predicate', async () => {
    const log = new MessageLog('orders');
    log.push(message({ type: 'OrderPlaced' }));
    await log.expectNoMessage(10, (m) => (m.data as { type: string }).type === 'OrderShipped');
  });
});

describe('MessageLog.collect', () => {
  test('returns everything once the destination went idle', async () => {
    const log = new MessageLog('orders');
    let n = 0;
    const timer = setInterval(() => (n < 5 ? log.push(message(++n)) : clearInterval(timer)), 5);
    expect((await log.collect({ idleMs: 100 })).map((m) => m.data)).toEqual([1, 2, 3, 4, 5]);
  });

  test('clear forgets everything', () => {
    const log = new MessageLog('orders');
    log.push(message(1));
    log.clear();
    expect(log.messages).toEqual([]);
  });
});
