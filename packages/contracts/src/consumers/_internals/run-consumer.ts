import type { GeneratedMessage } from '../../arbitrary/message-arbitrary.js';

/** Why a consumer failed on one message. */
export type ConsumerFailure =
  | { kind: 'threw'; error: unknown }
  | { kind: 'timeout'; ms: number; overrun: boolean }
  | { kind: 'invariant'; error?: unknown };

/** The code under check, as checkConsumer calls it. */
export interface ConsumerUnderCheck<World> {
  setup: () => World | Promise<World>;
  handle: (world: World, message: GeneratedMessage) => unknown;
  invariant?: (world: World, message: GeneratedMessage) => unknown;
  timeout: number;
}

/** Runs the consumer on one message in a fresh world; the failure, or undefined when it handled it. */
export async function runConsumer<World>(
  code: ConsumerUnderCheck<World>,
  message: GeneratedMessage,
): Promise<ConsumerFailure | undefined> {
  const world = await code.setup();
  const started = performance.now();
  try {
    const handled = code.handle(world, structuredClone(message));
    const outcome = await within(handled, code.timeout);
    if (outcome === 'timeout') return { kind: 'timeout', ms: code.timeout, overrun: false };
  } catch (error) {
    return { kind: 'threw', error };
  }
  const took = performance.now() - started;
  if (took > code.timeout) return { kind: 'timeout', ms: Math.round(took), overrun: true };
  if (!code.invariant) return undefined;
  try {
    const holds = await code.invariant(world, message);
    return holds === false ? { kind: 'invariant' } : undefined;
  } catch (error) {
    return { kind: 'invariant', error };
  }
}

async function within(value: unknown, ms: number): Promise<'done' | 'timeout'> {
  if (typeof (value as { then?: unknown } | null)?.then !== 'function') return 'done';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      Promise.resolve(value as PromiseLike<unknown>).then(() => 'done' as const),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The failure in one line: `the handler threw TypeError: …`. */
export function describeFailure(failure: ConsumerFailure): string {
  switch (failure.kind) {
    case 'threw':
      return `the handler threw ${errorLine(failure.error)}`;
    case 'timeout':
      return failure.overrun
        ? `the handler ran ${failure.ms} ms, over its timeout (a synchronous handler cannot be stopped)`
        : `the handler did not finish within ${failure.ms} ms`;
    case 'invariant':
      return failure.error === undefined
        ? 'the invariant returned false'
        : `the invariant threw ${errorLine(failure.error)}`;
  }
}

function errorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message.split('\n')[0]}`;
}
