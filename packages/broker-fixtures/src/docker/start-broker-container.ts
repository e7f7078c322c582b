import { randomUUID } from 'node:crypto';
import {
  type ContainerRuntimeClient,
  GenericContainer,
  type StartedNetwork,
  type StartedTestContainer,
  Wait,
} from 'testcontainers';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { readLogsTail } from './container-logs.js';
import {
  armContainerReaper,
  removeOrphanedContainers,
  trackContainer,
  untrackContainer,
} from './container-reaper.js';
import { connectDocker } from './docker-engine.js';
import { ensureImage, type PullPolicyName } from './ensure-image.js';
import { withFileLock } from './file-lock.js';
import { assertPortFree } from './host-ports.js';
import { EventspecLabel, ownerLabel } from './labels.js';
import { LogTailBuffer } from './log-tail-buffer.js';
import { ensureRyuk } from './ryuk-reaper.js';
import { type StartProgressListener, stderrProgress } from './start-progress.js';

/** Everything needed to start one broker container; built by the broker containers' `start()`. */
export interface BrokerContainerSpec {
  broker: 'kafka' | 'rabbitmq' | 'nats' | 'redis';
  image: string;
  /** Env variable that overrides the image, named in errors. */
  imageEnvVariable: string;
  /** Container port → host port (bound on all interfaces); no host port: Docker picks one. */
  ports: ReadonlyArray<{ container: number; host?: number }>;
  environment: Record<string, string>;
  command?: string[];
  /** Log line that says the broker is ready. */
  readyLog: RegExp;
  startupTimeoutMs: number;
  pull: PullPolicyName;
  reuse: boolean;
  onProgress?: StartProgressListener;
  /** Docker network to join, with this hostname as alias (Kafka clusters). */
  network?: { network: StartedNetwork; hostname: string };
}

/**
 * The Testcontainers container a spec is applied to, and how to start it: a `BrokerContainer` passes
 * itself and its `super.start()`; a plain `GenericContainer` of the spec's image otherwise.
 */
export interface BrokerContainerTarget {
  container: GenericContainer;
  start: () => Promise<StartedTestContainer>;
}

/**
 * Starts a broker container the eventspec way: fails fast without Docker or image, checks host ports,
 * labels it for leftover cleanup, tracks it so it is never leaked, reports progress, and turns a start
 * that never becomes ready into `EVENTSPEC_BROKER_NOT_READY` with the logs' tail, container removed.
 */
export async function startBrokerContainer(
  spec: BrokerContainerSpec,
  target: BrokerContainerTarget = plainContainer(spec.image),
): Promise<StartedTestContainer> {
  const client = await connectDocker();
  const started = Date.now();
  const strategy = `log line ${spec.readyLog}`;
  const progress = spec.onProgress ?? stderrProgress();
  const report = (phase: 'image' | 'starting' | 'waiting' | 'ready') =>
    progress({ broker: spec.broker, image: spec.image, phase, strategy, elapsedMs: Date.now() - started });
  report('image');
  await ensureImage(client, spec.image, { pull: spec.pull, envVariable: spec.imageEnvVariable });
  await removeOrphanedContainers(client).catch(() => []);
  if (!spec.reuse) {
    for (const { host } of spec.ports) {
      if (host !== undefined) await assertPortFree(host, `by the ${spec.broker} container`);
    }
  }
  const instance = randomUUID();
  const logs = new LogTailBuffer();
  const labels: Record<string, string> = {
    [EventspecLabel.broker]: spec.broker,
    // A reused container is found again by the hash of its configuration: no per-start label then.
    ...(spec.reuse
      ? { [EventspecLabel.reuse]: 'true' }
      : { [EventspecLabel.owner]: ownerLabel(), [EventspecLabel.instance]: instance }),
  };
  const container = target.container
    .withEnvironment(spec.environment)
    .withExposedPorts(
      ...spec.ports.map(({ container, host }) => (host === undefined ? container : { container, host })),
    )
    .withLabels(labels)
    .withWaitStrategy(Wait.forLogMessage(spec.readyLog))
    .withStartupTimeout(spec.startupTimeoutMs)
    .withLogConsumer(logs.consume);
  if (spec.command) container.withCommand(spec.command);
  if (spec.network) {
    container
      .withNetwork(spec.network.network)
      .withNetworkAliases(spec.network.hostname)
      .withHostname(spec.network.hostname);
  }
  if (spec.reuse) container.withReuse();
  // Testcontainers starts Ryuk inside start() (not for a reused container): a Ryuk that cannot be had is
  // named here, not mistaken for a broker that never became ready.
  if (!spec.reuse || process.env.TESTCONTAINERS_REUSE_ENABLE === 'false') await ensureRyuk(client, spec.pull);
  // Before the container exists: a run killed while it starts must not leak it.
  if (!spec.reuse) armContainerReaper(client);
  report('starting');
  const ticker = setInterval(() => report('waiting'), 2000);
  try {
    const run = target.start;
    const result = spec.reuse ? await withFileLock(`${spec.broker}-${spec.image}`, run) : await run();
    if (!spec.reuse) {
      trackContainer(result.getId(), () => result.stop({ timeout: 1000 }));
    }
    report('ready');
    return result;
  } catch (cause) {
    throw await notReadyError(spec, instance, logs, cause, Date.now() - started);
  } finally {
    clearInterval(ticker);
  }
}

function plainContainer(image: string): BrokerContainerTarget {
  const container = new GenericContainer(image);
  return { container, start: () => container.start() };
}

/** Stops a container started by {@link startBrokerContainer} and forgets it. */
export async function stopBrokerContainer(container: StartedTestContainer): Promise<void> {
  untrackContainer(container.getId());
  await container.stop({ timeout: 1000 });
}

async function notReadyError(
  spec: BrokerContainerSpec,
  instance: string,
  logs: LogTailBuffer,
  cause: unknown,
  elapsedMs: number,
): Promise<BrokerError> {
  if (cause instanceof BrokerError) return cause;
  const reason = cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
  if (/port is already allocated|address already in use/i.test(reason)) {
    return new BrokerError(
      BrokerErrorCode.PortInUse,
      `Docker could not bind a host port of the ${spec.broker} container (${reason}): something took it ` +
        'between the check and the start. Leave the ports out to let eventspec pick free ones, or free it.',
      { cause },
    );
  }
  const client = await connectDocker();
  const found = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${EventspecLabel.instance}=${instance}`] },
  });
  const id = found[0]?.Id;
  const read = id ? await firstLogLines(client, id) : { tail: '', running: false };
  const logsTail = read.tail || logs.text();
  if (id) await client.container.dockerode.getContainer(id).remove({ force: true, v: true });
  return new BrokerError(
    BrokerErrorCode.NotReady,
    `The ${spec.broker} container (${spec.image}) did not become ready within ${spec.startupTimeoutMs} ms ` +
      `(waited for ${`log line ${spec.readyLog}`}, gave up after ${elapsedMs} ms): ${reason}. The container ` +
      'was removed. ' +
      (logsTail
        ? 'Read its log below; raise the timeout with withStartupTimeout() on a slow machine.'
        : `It printed nothing ${read.running ? `within ${LOG_GRACE_MS} ms more` : 'before it was stopped'}: the image may not start a broker at all ` +
          `(check ${spec.imageEnvVariable}), or the machine is too slow; raise the timeout with withStartupTimeout().`),
    { cause, logsTail },
  );
}

/** How long a container that failed its readiness wait without printing anything gets to print its first lines. */
const LOG_GRACE_MS = 15_000;

/**
 * The container's last lines. A broker slow to boot may have printed nothing yet when the readiness clock ran
 * out; an empty tail explains nothing, so wait a while (container still running) for its first lines.
 */
async function firstLogLines(
  client: ContainerRuntimeClient,
  id: string,
): Promise<{ tail: string; running: boolean }> {
  const deadline = Date.now() + LOG_GRACE_MS;
  for (;;) {
    const tail = await readLogsTail(client, id);
    const running = await client.container.dockerode
      .getContainer(id)
      .inspect()
      .then(
        (info) => info.State.Running,
        () => false,
      );
    if (tail.trim() || !running || Date.now() >= deadline) return { tail, running };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
