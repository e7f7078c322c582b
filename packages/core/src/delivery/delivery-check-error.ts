import type { Message } from '../broker/message.js';
import { EventspecError } from '../errors/eventspec-error.js';
import type { DeliveryPlan } from './delivery-plan.js';
import { type DeliveryVerdict, deliveryVerdictCodes } from './verdict.js';

/** What a failed delivery check found, besides its message. */
export interface DeliveryFailureDetails {
  verdict: DeliveryVerdict;
  /** The shrunk plan (the reference plan for `non-deterministic`). */
  plan: DeliveryPlan;
  /** The messages of the failing run (shrunk too when `messages` is an arbitrary). */
  messages: readonly Message[];
  /** The numbered timeline of the failing run, one step a line. */
  timeline: string[];
  /** The one-line advice for the code under test. */
  hint: string;
  /** Replays this failure when passed back to `checkDelivery` with `path`. */
  seed: number | undefined;
  path: string | undefined;
  /** Where the SVG timeline was written, if it was. */
  svgPath: string | undefined;
  /** Runs made through the real broker before this failure (only with the `broker` option). */
  realRuns?: number;
}

/** Thrown by `checkDelivery` when the handler does not survive some delivery plan. */
export class DeliveryCheckError extends EventspecError implements DeliveryFailureDetails {
  override name = 'DeliveryCheckError';
  readonly verdict: DeliveryVerdict;
  readonly plan: DeliveryPlan;
  readonly messages: readonly Message[];
  readonly timeline: string[];
  readonly hint: string;
  readonly seed: number | undefined;
  readonly path: string | undefined;
  readonly svgPath: string | undefined;
  readonly realRuns?: number;

  constructor(
    message: string,
    details: DeliveryFailureDetails,
    compared?: { actual: unknown; expected: unknown },
  ) {
    super(deliveryVerdictCodes[details.verdict], message, compared ?? {});
    this.verdict = details.verdict;
    this.plan = details.plan;
    this.messages = details.messages;
    this.timeline = details.timeline;
    this.hint = details.hint;
    this.seed = details.seed;
    this.path = details.path;
    this.svgPath = details.svgPath;
    if (details.realRuns !== undefined) this.realRuns = details.realRuns;
  }
}
