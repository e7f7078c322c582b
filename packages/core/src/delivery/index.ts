export type { DeliveryCheckReport } from './check-delivery.js';
export { checkDelivery } from './check-delivery.js';
export type { DeliveryFailureDetails } from './delivery-check-error.js';
export { DeliveryCheckError } from './delivery-check-error.js';
export type {
  DeliveryPlan,
  PlannedDelay,
  PlannedDuplicate,
  PlannedFailure,
  PlannedReplay,
  PlannedZombie,
} from './delivery-plan.js';
export { DeliveryCrash, InjectedFailure } from './injected-faults.js';
export type { CheckDeliveryOptions, DeliveryFaults, RealBrokerOptions } from './options.js';
export type { RealFaults } from './real-faults.js';
export type { SubscribedHandler } from './subscribed-handler.js';
export { subscribedHandler } from './subscribed-handler.js';
export { renderTimelineSvg } from './timeline-svg.js';
export type { DeliveryVerdict } from './verdict.js';
export { deliveryVerdictCodes } from './verdict.js';
