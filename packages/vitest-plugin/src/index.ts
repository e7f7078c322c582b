export { deliveryTest, runDeliveryCheck } from './delivery/index.js';
export type { CausalityMatchers } from './matchers/causality.js';
export type { DeliveryMatchers } from './matchers/delivery.js';
export type { EventMatchers } from './matchers/events.js';
export type { EventspecPluginOptions, EventspecProvided } from './plugin.js';
export { eventspec } from './plugin.js';
export type { ReportOptions } from './report/report-reporter.js';
export { EventspecReportReporter } from './report/report-reporter.js';
