import { type ChannelModel, connect } from 'amqplib';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * `amqplib.connect` with eventspec's errors: refused credentials become `EVENTSPEC_BROKER_AUTH_FAILED`,
 * an unreachable broker `EVENTSPEC_BROKER_UNREACHABLE`, both naming the URL (password hidden) and the fix.
 */
export async function connectAmqp(url: string, connectionName = 'eventspec'): Promise<ChannelModel> {
  try {
    return await connect(url, {
      clientProperties: { connection_name: connectionName },
      timeout: 5000,
      noDelay: true,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const shown = hidePassword(url);
    if (/ACCESS.REFUSED|403/.test(message)) {
      throw new BrokerError(
        BrokerErrorCode.AuthFailed,
        `RabbitMQ at ${shown} refused the credentials (${message.split('\n')[0]}). Check the user and ` +
          'password in the URL (EVENTSPEC_AMQP_URL) and that the user may access this vhost.',
        { cause },
      );
    }
    throw new BrokerError(
      BrokerErrorCode.Unreachable,
      `Could not connect to RabbitMQ at ${shown}: ${message.split('\n')[0]}. Check that the broker runs ` +
        'and the URL (EVENTSPEC_AMQP_URL) points at its AMQP port.',
      { cause },
    );
  }
}

/** The URL with its password replaced by `***`. */
export function hidePassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
