import { typeName } from '../format/type-name.js';
import type { FlowEntry } from './system-run.js';

/**
 * One message seen going through a system: who published it (absent when the test put it on the bus), the
 * services it went to, its type, its version when the message says it, and the topic it was published on.
 * Plain data, written as JSON for `eventspec topology check --observed`.
 */
export interface ObservedFlow {
  /** The service that published the message; absent when it came from outside the system (the test). */
  from?: string;
  /** The services the message was delivered to. */
  to: readonly string[];
  type: string;
  /** The contract version, when the message carries one. */
  version?: number;
  /** The topic (channel address) the message was published on. */
  channel?: string;
  /** Where the flow was observed: a test name, a file. */
  source?: string;
}

/** Options of {@link observedFlows}. */
export interface ObservedFlowsOptions {
  /** Where the flows were observed, copied to each flow's `source`. */
  source?: string;
  /**
   * The application the test stands for when it puts a message on the bus (a storefront placing orders);
   * without it, those messages have no `from`. @default undefined
   */
  testAs?: string;
  /**
   * The contract version of a message, `undefined` when unknown (the topology check then accepts any declared
   * version of its type). @default its `x-eventspec-version` header, when it has one
   */
  versionOf?: (message: unknown) => number | undefined;
}

/**
 * The flows of a system report (`system(...).eventually(...)`), one per distinct publisher, type, version and
 * topic, in order of first appearance: commands on `<service>.commands`, events on `<owner>.events`, as the
 * system scenario routes them. Timers stay inside their process and are left out.
 * @example
 * const report = await system(services).when(placeOrder).eventually(expected, { within: '1h' });
 * const flows = observedFlows(report, { source: 'checkout happy path' });
 */
export function observedFlows(
  report: { readonly flow: readonly FlowEntry[] },
  options: ObservedFlowsOptions = {},
): ObservedFlow[] {
  const versionOf = options.versionOf ?? versionInMessage;
  const flows = new Map<string, ObservedFlow>();
  for (const entry of report.flow) {
    if (entry.kind === 'timer') continue;
    const channel = entry.kind === 'command' ? `${entry.to}.commands` : `${entry.to}.events`;
    const from = entry.from === 'test' ? options.testAs : entry.from;
    const type = typeName(entry.message);
    const version = versionOf(entry.message);
    const to = [...(entry.listeners ?? [entry.to])];
    const key = JSON.stringify([from, type, version, channel]);
    const known = flows.get(key);
    if (known) {
      known.to = [...new Set([...known.to, ...to])];
      continue;
    }
    flows.set(key, {
      ...(from === undefined ? {} : { from }),
      to,
      type,
      ...(version === undefined ? {} : { version }),
      channel,
      ...(options.source === undefined ? {} : { source: options.source }),
    });
  }
  return [...flows.values()];
}

function versionInMessage(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { headers } = message as { headers?: unknown };
  const header = (headers as Record<string, unknown> | undefined)?.['x-eventspec-version'];
  const parsed = typeof header === 'string' ? Number(header) : header;
  return Number.isInteger(parsed) && (parsed as number) >= 1 ? (parsed as number) : undefined;
}
