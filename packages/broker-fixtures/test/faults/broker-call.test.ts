import { expect, test } from 'vitest';
import { brokerCall } from '../../src/faults/broker-call.js';
import { BrokerError } from '../../src/index.js';

const call = {
  operation: "RabbitMqTestBroker.publish('orders')",
  timeout: 50,
  broker: 'RabbitMQ at 127.0.0.1:5672',
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: BrokerError) => ({ code: error.code, message: error.message }),
  );

test('a call the broker never answers fails after its timeout, saying the broker does not answer', async () => {
  expect(await failure(brokerCall(call, () => new Promise(() => undefined)))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_BROKER_NOT_ANSWERING",
      "message": "RabbitMqTestBroker.publish('orders'): RabbitMQ at 127.0.0.1:5672 did not answer within 50 ms. The broker is paused, overloaded, or the network to it is cut; check it, or pass a longer { timeout } if it is only slow.",
    }
  `);
});

test("a client's closed-channel error says the connection is gone, with the client's words", async () => {
  const closed = Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' });
  expect(await failure(brokerCall(call, () => Promise.reject(closed)))).toMatchInlineSnapshot(`
    {
      "code": "EVENTSPEC_BROKER_CONNECTION_LOST",
      "message": "RabbitMqTestBroker.publish('orders'): the connection to RabbitMQ at 127.0.0.1:5672 is closed (IllegalOperationError: Channel closed). The broker was stopped, killed or restarted, or the network dropped the connection; what the test published or consumed after that did not happen. Check the broker, then run the test again.",
    }
  `);
});

test('a call after the connection was lost fails at once, without running', async () => {
  let ran = false;
  const lost = { ...call, lost: () => new Error('Connection closed: 320 (CONNECTION-FORCED)') };
  const result = await failure(
    brokerCall(lost, () => {
      ran = true;
    }),
  );
  expect({ ran, code: result.code }).toEqual({ ran: false, code: 'EVENTSPEC_BROKER_CONNECTION_LOST' });
});

test('a timed-out call whose broker refuses connections is named as down, not as paused', async () => {
  const down = { ...call, down: async () => new Error('127.0.0.1:5672: ECONNREFUSED') };
  const result = await failure(brokerCall(down, () => new Promise(() => undefined)));
  expect(result.code).toBe('EVENTSPEC_BROKER_CONNECTION_LOST');
  expect(result.message).toContain('(Error: 127.0.0.1:5672: ECONNREFUSED)');
});

test("a client's own request timeout is the broker not answering; other errors and eventspec's pass through", async () => {
  const timeout = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
  expect((await failure(brokerCall(call, () => Promise.reject(timeout)))).code).toBe(
    'EVENTSPEC_BROKER_NOT_ANSWERING',
  );
  const own = new BrokerError('EVENTSPEC_BROKER_AUTH_FAILED', 'refused');
  await expect(brokerCall(call, () => Promise.reject(own))).rejects.toBe(own);
  const plain = new RangeError('a bug of the test');
  await expect(brokerCall(call, () => Promise.reject(plain))).rejects.toBe(plain);
});
