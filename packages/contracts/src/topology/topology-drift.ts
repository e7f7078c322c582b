import type { ObservedFlow } from '@eventspec/core';
import type { DeclaredFlow } from './declared-topology.js';

/**
 * The kinds of drift between the declared and the observed topology:
 * - `undeclared-send` / `undeclared-receive`: a service sends (receives) a message its document does not
 *   declare, or on another channel;
 * - `unobserved`: a declared flow no test observed (a dead contract or an untested path);
 * - `no-producer`: an application receives a message on a channel no application declares to send on;
 * - `undeclared-version`: a message version in flight that no document lists.
 */
export type TopologyDriftKind =
  | 'undeclared-send'
  | 'undeclared-receive'
  | 'unobserved'
  | 'no-producer'
  | 'undeclared-version';

/** One difference between the declared and the observed topology, with what to do about it. */
export interface TopologyDrift {
  kind: TopologyDriftKind;
  application: string;
  action: 'send' | 'receive';
  type: string;
  /** The version, when known. */
  version?: number;
  channel: string;
  /** What is wrong and how to fix it, one sentence. */
  message: string;
  /** The declaration at fault (`unobserved`, `no-producer`). */
  declared?: DeclaredFlow;
  /** The observation at fault (`undeclared-*`). */
  observed?: ObservedFlow;
}

/** One edge of the topology graph, application to channel (`send`) or channel to application (`receive`). */
export interface TopologyEdge {
  application: string;
  action: 'send' | 'receive';
  type: string;
  version?: number;
  channel: string;
  /** `ok`: declared and observed; `undeclared`: observed only; `unobserved`: declared only. */
  status: 'ok' | 'undeclared' | 'unobserved';
}

/** The outcome of {@link checkTopology}. */
export interface TopologyReport {
  /** True when there is no drift (other than the kinds `ignore` lists). */
  ok: boolean;
  drift: readonly TopologyDrift[];
  edges: readonly TopologyEdge[];
  /** Declared flows, and the send/receive flows observed. */
  counts: { declared: number; observed: number };
  /** Observed flows whose version was unknown: matched against every declared version of their type. */
  unversioned: number;
  /** Observed flows without a channel: matched against every channel of their type. */
  unchanneled: number;
}
