import { describe, expect, test } from 'vitest';
import { checkDelivery, DeliveryCheckError, deliveryVerdictCodes } from '../../src/index.js';
import { buggyHandlers } from './corpus/buggy-handlers.js';
import { correctHandlers } from './corpus/correct-handlers.js';

describe('known-buggy handlers are caught with the right verdict and the minimal plan', () => {
  test.each(buggyHandlers.map((c) => [c.name, c] as const))('%s', async (_, { options, verdict, plan }) => {
    const error = await checkDelivery({ ...options, seed: 42, timelineDir: false }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeliveryCheckError);
    const failure = error as DeliveryCheckError;
    expect({ verdict: failure.verdict, code: failure.code, plan: failure.plan }).toEqual({
      verdict,
      code: deliveryVerdictCodes[verdict],
      plan,
    });
  });

  test('the corpus has at least 15 buggy handlers covering every verdict', () => {
    expect(buggyHandlers.length).toBeGreaterThanOrEqual(15);
    expect(new Set(buggyHandlers.map((c) => c.verdict))).toEqual(new Set(Object.keys(deliveryVerdictCodes)));
  });
});

describe('correct handlers are never flagged', () => {
  test.each(correctHandlers.map((c) => [c.name, c] as const))('%s', async (_, { options }) => {
    for (const seed of [1, 2, 3]) {
      await expect(checkDelivery({ ...options, seed, runs: 150, timelineDir: false })).resolves.toMatchObject(
        {
          runs: 150,
          seed,
        },
      );
    }
  });

  test('the corpus has at least 8 correct handlers', () => {
    expect(correctHandlers.length).toBeGreaterThanOrEqual(8);
  });
});
