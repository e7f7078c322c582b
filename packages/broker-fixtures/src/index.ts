export type { BrokerStartSettings } from './docker/broker-container.js';
export { BrokerContainer } from './docker/broker-container.js';
export { removeOrphanedContainers, stopTrackedContainers } from './docker/container-reaper.js';
export { connectDocker, describeDockerTarget, isDockerAvailable } from './docker/docker-engine.js';
export type { PullPolicyName } from './docker/ensure-image.js';
export { EventspecLabel } from './docker/labels.js';
export type { StartProgress, StartProgressListener } from './docker/start-progress.js';
export { stderrProgress } from './docker/start-progress.js';
export { StartedBrokerContainer } from './docker/started-broker-container.js';
export type { BrokerErrorOptions } from './errors/broker-error.js';
export { BrokerError } from './errors/broker-error.js';
export { BrokerErrorCode } from './errors/broker-error-codes.js';
export { isBrokerError } from './errors/is-broker-error.js';
export { ContainerFaults } from './faults/container-faults.js';
export type { ProxyUpstream, TcpFaultProxyOptions } from './faults/tcp-fault-proxy.js';
export { TcpFaultProxy } from './faults/tcp-fault-proxy.js';
export { KafkaContainer } from './kafka/kafka-container.js';
export type { KafkaSpecInput } from './kafka/kafka-container-spec.js';
export { kafkaContainerSpecs } from './kafka/kafka-container-spec.js';
export type { KafkaEndpoint } from './kafka/kafka-endpoint.js';
export { kafkaEndpointFromEnv } from './kafka/kafka-endpoint.js';
export type { KafkaImageFlavor } from './kafka/kafka-images.js';
export { defaultKafkaImage, KAFKA_IMAGES, kafkaFlavorOf } from './kafka/kafka-images.js';
export type { KafkaNodeConfig } from './kafka/kafka-listeners.js';
export { KafkaPort, kafkaNodeEnvironment } from './kafka/kafka-listeners.js';
export { StartedKafkaContainer } from './kafka/started-kafka-container.js';
export type { OutgoingMessage, ReceivedMessage } from './messages/broker-message.js';
export type { CrashableSubscription } from './messages/crashable-subscription.js';
export type { MessagePredicate, WaitForOptions } from './messages/message-log.js';
export { MessageLog } from './messages/message-log.js';
export type { Subscription } from './messages/subscription.js';
export type { LeftoverOptions } from './namespaces/leftovers.js';
export { selectLeftovers } from './namespaces/leftovers.js';
export { formatNamespace, NAMESPACE_PREFIX, runIdOf } from './namespaces/namespace-name.js';
export { newRunId, runStartedAt } from './namespaces/run-id.js';
export type { BrokerEndpoints, BrokerKind, ProvidedBroker, ProviderName } from './providers/broker-kind.js';
export type { ProvideBrokersOptions, ProvidedBrokers } from './providers/provide-brokers.js';
export { provideBrokers } from './providers/provide-brokers.js';
export {
  DEFAULT_RABBITMQ_IMAGE,
  RabbitMqContainer,
  StartedRabbitMqContainer,
} from './rabbitmq/rabbitmq-container.js';
export type { RabbitMqEndpoint } from './rabbitmq/rabbitmq-endpoint.js';
export { amqpUrlFor, rabbitMqEndpointFromUrl } from './rabbitmq/rabbitmq-endpoint.js';
export type { RabbitMqConnectionInfo, RabbitMqVhostInfo } from './rabbitmq/rabbitmq-management.js';
export { RabbitMqManagement } from './rabbitmq/rabbitmq-management.js';
export { RabbitMqNamespace, removeRabbitMqLeftovers } from './rabbitmq/rabbitmq-namespace.js';
export { TestBroker } from './test-broker/test-broker.js';
