import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/** What a fixture call is, for its deadline and its errors. */
export interface BrokerCall {
  /** The fixture and method, as the user called it: `RabbitMqTestBroker.publish('orders')`. */
  operation: string;
  /** Milliseconds before the call fails with `EVENTSPEC_BROKER_NOT_ANSWERING`. */
  timeout: number;
  /** The broker in words, e.g. `RabbitMQ at 127.0.0.1:5672`. */
  broker: string;
  /** Why the connection is gone, once it is (checked before the call and when it fails); `undefined`: not checked. */
  lost?: (() => unknown) | undefined;
  /**
   * Run when the call timed out (at most ~500 ms): a client that retries a dead broker's connection looks
   * like one waiting for a paused broker; a probe tells them apart. Resolves with the cause when it is down.
   * `undefined`: no probe (a timeout is reported as not answering).
   */
  down?: (() => Promise<unknown>) | undefined;
}

/** How long a fixture call waits for the broker by default. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/**
 * Runs `call` against a broker: it settles within `timeout` ms or fails with
 * `EVENTSPEC_BROKER_NOT_ANSWERING`, and a client error that says the connection is gone becomes
 * `EVENTSPEC_BROKER_CONNECTION_LOST` saying so. eventspec's own errors pass through.
 */
export function brokerCall<T>(call: BrokerCall, run: () => T | PromiseLike<T>): Promise<T> {
  const lost = call.lost?.();
  if (lost !== undefined) return Promise.reject(connectionLost(call, lost));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (!call.down) return reject(notAnswering(call));
      call.down().then(
        (down) => reject(down === undefined ? notAnswering(call) : connectionLost(call, down)),
        () => reject(notAnswering(call)),
      );
    }, call.timeout);
    Promise.resolve()
      .then(run)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(mapBrokerError(call, error));
        },
      );
  });
}

/** `error` as eventspec's: a lost connection named as such, everything else unchanged. */
export function mapBrokerError(call: BrokerCall, error: unknown): unknown {
  if (error instanceof BrokerError) return error;
  // A client's own request timeout (NATS, ioredis) means the same as ours.
  if (error instanceof Error && (error.name === 'TimeoutError' || /^timeout$|timed out/i.test(error.message)))
    return notAnswering(call);
  const lost = call.lost?.();
  if (lost !== undefined || isConnectionGone(error)) return connectionLost(call, lost ?? error);
  return error;
}

/** `EVENTSPEC_BROKER_NOT_ANSWERING` for `call`. */
export function notAnswering(call: BrokerCall): BrokerError {
  return new BrokerError(
    BrokerErrorCode.NotAnswering,
    `${call.operation}: ${call.broker} did not answer within ${call.timeout} ms. The broker is paused, ` +
      'overloaded, or the network to it is cut; check it, or pass a longer { timeout } if it is only slow.',
    { actual: `no answer after ${call.timeout} ms`, expected: 'an answer' },
  );
}

/** `EVENTSPEC_BROKER_CONNECTION_LOST` for `call`, with the client's own words as the cause. */
export function connectionLost(call: BrokerCall, cause: unknown): BrokerError {
  return new BrokerError(
    BrokerErrorCode.ConnectionLost,
    `${call.operation}: the connection to ${call.broker} is closed (${reasonOf(cause)}). The broker was ` +
      'stopped, killed or restarted, or the network dropped the connection; what the test published or ' +
      'consumed after that did not happen. Check the broker, then run the test again.',
    { cause },
  );
}

/** True for the client errors that mean "this connection or channel is gone" (amqplib, kafkajs, sockets). */
export function isConnectionGone(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    /IllegalOperationError|Channel (closed|ended)|Connection (is )?(closed|ended|error)|Socket closed|heartbeat timeout|KafkaJSConnection(Closed)?Error|Closed connection|not connected|max retries per request|CONNECTION_CLOSED|CONNECTION_REFUSED|DISCONNECT/i.test(
      text,
    ) ||
    (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ENOTCONN|ECONNABORTED)$/.test(code))
  );
}

function reasonOf(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message.split('\n')[0]}`;
  return String(cause);
}
