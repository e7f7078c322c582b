import { type CheckDeliveryOptions, checkDelivery, type Message } from '@eventspec/core';
import { test } from 'vitest';

/**
 * Declares a vitest test that runs `checkDelivery`: vitest's timeout and reporting, the check named after
 * the test (so its SVG timeline is too), and on failure the verdict, the minimal plan and the replay seed.
 * @example
 * deliveryTest('the payment handler survives delivery', {
 *   messages, setup, handle, observe, crashPoints: ({ db }) => ({ db }),
 * });
 */
export function deliveryTest<World, M extends Message = Message, Observation = unknown>(
  name: string,
  options: CheckDeliveryOptions<World, M, Observation> | (() => CheckDeliveryOptions<World, M, Observation>),
  timeout?: number,
): void {
  test(
    name,
    async ({ annotate }) => {
      const resolved = typeof options === 'function' ? options() : options;
      const report = await checkDelivery({ name, ...resolved });
      const poison = report.poisonMessages.length;
      await annotate(
        `checkDelivery: ${report.runs} delivery plans passed (seed ${report.seed})` +
          (poison > 0
            ? `; ${poison} poison message${poison === 1 ? '' : 's'} dead-lettered in the reference run`
            : ''),
      );
    },
    timeout,
  );
}
