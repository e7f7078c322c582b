import type { ErrorCodeInfo } from '@eventspec/core';

/** Stable codes of the errors `@eventspec/broker-fixtures` throws; match on these, not on messages. */
export const BrokerErrorCode = {
  /** No Docker engine answered where Testcontainers looked. */
  DockerUnavailable: 'EVENTSPEC_BROKER_DOCKER_UNAVAILABLE',
  /** The image is not on this machine and pulling is disabled or failed. */
  ImageMissing: 'EVENTSPEC_BROKER_IMAGE_MISSING',
  /** Testcontainers' Ryuk reaper is turned on and its image is here, but the Ryuk container did not start. */
  RyukFailed: 'EVENTSPEC_BROKER_RYUK_FAILED',
  /** A fixed host port asked for is already taken. */
  PortInUse: 'EVENTSPEC_BROKER_PORT_IN_USE',
  /** The container started but the broker never reported ready within the startup timeout. */
  NotReady: 'EVENTSPEC_BROKER_NOT_READY',
  /** The broker refused the credentials. */
  AuthFailed: 'EVENTSPEC_BROKER_AUTH_FAILED',
  /** No provider could supply the broker (auto found neither an external broker nor Docker). */
  Unavailable: 'EVENTSPEC_BROKER_UNAVAILABLE',
  /** An external broker is configured but does not answer. */
  Unreachable: 'EVENTSPEC_BROKER_UNREACHABLE',
  /** `waitFor` ran out of time before enough matching messages arrived. */
  WaitTimeout: 'EVENTSPEC_BROKER_WAIT_TIMEOUT',
  /** `settle()` ran out of time with messages still unhandled (or the broker not answering). */
  SettleTimeout: 'EVENTSPEC_BROKER_SETTLE_TIMEOUT',
  /** The broker did not answer a call within its timeout: paused, overloaded, or the network is cut. */
  NotAnswering: 'EVENTSPEC_BROKER_NOT_ANSWERING',
  /** The connection to the broker closed under the fixture: the broker was stopped, killed or restarted. */
  ConnectionLost: 'EVENTSPEC_BROKER_CONNECTION_LOST',
  /** `expectNoMessage` saw a message. */
  UnexpectedMessage: 'EVENTSPEC_BROKER_UNEXPECTED_MESSAGE',
  /** A test ended with consumers or connections it opened still running. */
  ConsumersLeftRunning: 'EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING',
  /** The options given to a fixture are contradictory or invalid. */
  InvalidOptions: 'EVENTSPEC_BROKER_INVALID_OPTIONS',
  /** A call the broker behind this fixture cannot serve (e.g. deleting topics on a mock cluster). */
  Unsupported: 'EVENTSPEC_BROKER_UNSUPPORTED',
  /** `close()` waited its grace period for handler calls that never settled, then closed the broker anyway. */
  HandlerUnsettled: 'EVENTSPEC_BROKER_HANDLER_UNSETTLED',
  /** A management API call failed. */
  ManagementFailed: 'EVENTSPEC_BROKER_MANAGEMENT_FAILED',
} as const;

/** One of the {@link BrokerErrorCode} values. */
export type BrokerErrorCode = (typeof BrokerErrorCode)[keyof typeof BrokerErrorCode];

// The broker codes join EventspecError's `code` union.
declare module '@eventspec/core' {
  interface EventspecErrorCodes extends Record<BrokerErrorCode, ErrorCodeInfo> {}
}
