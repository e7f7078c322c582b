import { GenericContainer, type ImagePullPolicy, type StartedTestContainer } from 'testcontainers';
import { type PullPolicyName, pullPolicyFromEnv } from './ensure-image.js';
import { type BrokerContainerSpec, startBrokerContainer } from './start-broker-container.js';
import type { StartProgressListener } from './start-progress.js';

/** The settings every broker container shares, as {@link BrokerContainer.startAsBroker} needs them. */
export type BrokerStartSettings = Pick<
  BrokerContainerSpec,
  'image' | 'startupTimeoutMs' | 'pull' | 'reuse' | 'onProgress'
>;

/**
 * A Testcontainers `GenericContainer` that starts the eventspec way (see `startBrokerContainer`): the
 * base of `KafkaContainer`, `RabbitMqContainer`, `NatsContainer` and `RedisContainer`. Everything
 * `GenericContainer` offers (`withEnvironment`, `withLabels`, `withNetwork`, …) is there; the broker
 * adds its ports, environment, eventspec labels and readiness wait when it starts.
 */
export abstract class BrokerContainer extends GenericContainer {
  readonly #image: string;
  #pull: PullPolicyName = pullPolicyFromEnv();
  #onProgress: StartProgressListener | undefined;

  constructor(image: string, startupTimeoutMs: number) {
    super(image);
    this.#image = image;
    this.withStartupTimeout(startupTimeoutMs);
  }

  /**
   * `'missing'` pulls the image when absent, `'never'` fails fast naming the image and its env variable;
   * a Testcontainers `ImagePullPolicy` is passed on as it is.
   * @default 'missing', or 'never' when EVENTSPEC_IMAGE_PULL=never
   */
  override withPullPolicy(pull: PullPolicyName | ImagePullPolicy): this {
    if (typeof pull === 'string') this.#pull = pull;
    else super.withPullPolicy(pull);
    return this;
  }

  /** Receives start progress. @default one stderr line every 2 s after the first 2 s */
  withProgress(listener: StartProgressListener): this {
    this.#onProgress = listener;
    return this;
  }

  /** The settings of this builder every broker spec carries. */
  protected get startSettings(): BrokerStartSettings {
    return {
      image: this.#image,
      startupTimeoutMs: this.startupTimeoutMs ?? 60_000,
      pull: this.#pull,
      reuse: this.reuse,
      ...(this.#onProgress ? { onProgress: this.#onProgress } : {}),
    };
  }

  /** Applies `spec` to this container and starts it as `GenericContainer` would, the eventspec way. */
  protected startAsBroker(spec: BrokerContainerSpec): Promise<StartedTestContainer> {
    return startBrokerContainer(spec, { container: this, start: () => super.start() });
  }
}
