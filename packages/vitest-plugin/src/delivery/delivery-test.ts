import { resolve } from 'node:path';
import {
  type CheckDeliveryOptions,
  checkDelivery,
  DeliveryCheckError,
  type DeliveryCheckReport,
  type Message,
} from '@eventspec/core';
import { type TestContext, test } from 'vitest';

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
    async (context) => {
      const resolved = typeof options === 'function' ? options() : options;
      await runDeliveryCheck(context, { name, ...resolved });
    },
    timeout,
  );
}

/**
 * Runs `checkDelivery` inside a vitest test and reports it there: what was explored as a test annotation,
 * and on failure the verdict and replay seed as an annotation with the SVG timeline attached.
 */
export async function runDeliveryCheck<World, M extends Message = Message, Observation = unknown>(
  context: Pick<TestContext, 'annotate'>,
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  try {
    const report = await checkDelivery(options);
    const poison = report.poisonMessages.length;
    await context.annotate(
      `checkDelivery: ${report.runs} delivery plans passed (seed ${report.seed})` +
        (poison > 0
          ? `; ${poison} poison message${poison === 1 ? '' : 's'} dead-lettered in the reference run`
          : ''),
      'eventspec:delivery',
    );
    return report;
  } catch (error) {
    if (error instanceof DeliveryCheckError) {
      const replay =
        error.seed === undefined
          ? ''
          : ` — replay with seed ${error.seed}, path ${JSON.stringify(error.path)}`;
      const attachment = error.svgPath
        ? { path: resolve(error.svgPath), contentType: 'image/svg+xml' }
        : undefined;
      await context.annotate(`checkDelivery: ${error.verdict}${replay}`, 'eventspec:delivery', attachment);
    }
    throw error;
  }
}
