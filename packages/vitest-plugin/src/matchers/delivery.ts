import {
  type CheckDeliveryOptions,
  checkDelivery,
  DeliveryCheckError,
  type DeliveryFaults,
  type Message,
} from '@eventspec/core';

interface MatcherContext {
  isNot: boolean;
}

/** `expect(handlerSpec).toSurviveDelivery(faults?)`: runs `checkDelivery` on the spec. */
export const deliveryMatchers = {
  async toSurviveDelivery(this: MatcherContext, received: unknown, faults?: DeliveryFaults) {
    const spec = received as CheckDeliveryOptions<unknown, Message>;
    try {
      const report = await checkDelivery(faults ? { ...spec, faults: { ...spec.faults, ...faults } } : spec);
      return {
        pass: true,
        message: () =>
          `expected the handler not to survive delivery, but it gave the reference result under all ${report.runs} delivery plans (seed ${report.seed})`,
      };
    } catch (error) {
      if (!(error instanceof DeliveryCheckError)) throw error;
      return { pass: false, message: () => error.message, actual: error.actual, expected: error.expected };
    }
  },
};

/** The delivery matchers, as vitest's `expect` has them. */
export interface DeliveryMatchers {
  /**
   * Checks the handler spec (the options of `checkDelivery`) under delivery faults: duplicates,
   * reordering, failures, crashes, concurrency. Await it.
   * @example
   * await expect({ messages, setup, handle, observe }).toSurviveDelivery({ reorder: 'any' });
   */
  toSurviveDelivery(faults?: DeliveryFaults): Promise<void>;
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends DeliveryMatchers {}
}
