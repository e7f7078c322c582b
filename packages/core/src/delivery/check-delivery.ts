import type { Message } from '../broker/message.js';
import { emitSpecRecord, recording } from '../records/spec-record.js';
import { checkDeliveryCausality } from './delivery-causality.js';
import { DeliveryCheckError } from './delivery-check-error.js';
import { DeliveryExploration } from './delivery-exploration.js';
import { failedRecord, passedRecord } from './delivery-record.js';
import { settingsOf } from './delivery-settings.js';
import type { CheckDeliveryOptions } from './options.js';
import type { RealFaults } from './real-faults.js';

/** What a passing delivery check explored. */
export interface DeliveryCheckReport {
  /** Delivery plans run after the reference runs. */
  runs: number;
  /** The seed of the exploration: pass it back to replay the same plans (none when `plan` was replayed). */
  seed: number | undefined;
  /** Messages dead-lettered in the reference run as `expectDeadLetters` allows (parked on purpose). */
  poisonMessages: Message[];
  /** Runs made through the real broker (references and plans); only with the `broker` option. */
  realRuns?: number;
  /** What the real broker did in the plan runs (how many duplicates, nacks, crashes…); only with `broker`. */
  realFaults?: RealFaults;
}

/**
 * Checks that a message handler gives the same result under duplicates, reordering, failures, crashes and
 * concurrency as under a clean delivery (every message once, in order); throws a `DeliveryCheckError`
 * with the smallest delivery plan that shows otherwise. Delivery is simulated, or with `broker` goes
 * through a real broker (real nack / requeue and consumer crashes).
 * @example
 * await checkDelivery({
 *   messages: [paymentRequested('order-1', 30), paymentRequested('order-2', 20)],
 *   setup: () => ({ db: new PaymentsDb() }),
 *   handle: ({ db }, message) => capturePayment(db, message),
 *   observe: ({ db }) => db.payments(),
 *   crashPoints: ({ db }) => ({ db }),
 * });
 */
export async function checkDelivery<World, M extends Message = Message, Observation = unknown>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  if (!recording()) return exploreAndTrace(options);
  try {
    const report = await exploreAndTrace(options);
    emitSpecRecord(passedRecord(options, report.runs, report.seed));
    return report;
  } catch (error) {
    if (error instanceof DeliveryCheckError) emitSpecRecord(failedRecord(options, error));
    throw error;
  }
}

async function exploreAndTrace<World, M extends Message, Observation>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  const report = await exploreDelivery(options);
  await checkDeliveryCausality(options);
  return report;
}

async function exploreDelivery<World, M extends Message, Observation>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  const exploration = new DeliveryExploration<World, M>(settingsOf(options));
  return (await exploration.replayFixedPlan()) ?? exploration.explore();
}
