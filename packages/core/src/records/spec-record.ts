/** What a passing or failing spec step leaves behind for living documentation (plain, serializable data). */
export type SpecRecord =
  | ScenarioRecord
  | InvariantRecord
  | DeliveryRecord
  | ContractRecord
  | BrokerRecord
  | TopologyRecord;

/** One checked step of a decider, process-manager, projection, upcaster or system scenario. */
export interface ScenarioRecord {
  kind: 'decider' | 'process' | 'projection' | 'upcaster' | 'system';
  /** What the spec is about (the aggregate, process manager, …), when the scenario was given a name. */
  subject?: string;
  at?: string;
  given: string[];
  when?: string;
  then: string;
  /** The expected events (or patterns) with their data, one line each, when the step named them. */
  thenEvents?: string[];
  status: 'passed' | 'failed';
  /** The failure as it was printed: the scenario, then the comparison. */
  failure?: string;
}

/** An invariant checked over random histories. */
export interface InvariantRecord {
  kind: 'invariant';
  subject?: string;
  name: string;
  runs: number;
  commands: number;
  rejected: number;
  seed: number;
  status: 'passed' | 'failed';
  failure?: string;
}

/** A delivery check of a message handler: the faults explored, the plans run, and what was found. */
export interface DeliveryRecord {
  kind: 'delivery';
  subject?: string;
  messages: number;
  /** The fault switches that were on, in words. */
  faults: string;
  plans: number;
  seed?: number;
  status: 'passed' | 'failed';
  /** For a failure: the verdict, the minimal plan as a timeline, and the picture of it (SVG markup). */
  verdict?: string;
  timeline?: string[];
  svg?: string;
  failure?: string;
}

/** A message checked against a contract, or a contract's change checked for compatibility. */
export interface ContractRecord {
  kind: 'contract';
  /** The contract id, `OrderPlaced@2`. */
  subject: string;
  /** A message validated, a change judged, a consumer's pact written, or a producer verified against pacts. */
  action: 'validated' | 'compatibility' | 'pact-consumer' | 'pact-provider';
  status: 'passed' | 'failed';
  /** The contract's compatibility mode. */
  mode: string;
  source?: string;
  /** The JSON Schema of the contract's data (the message payload), for the report to show (formatted JSON). */
  schema?: string;
  /** What was found, in words. */
  detail: string;
  failure?: string;
}

/** A broker a test ran against (where it came from, how long it took to start), or a fault injected into it. */
export interface BrokerRecord {
  kind: 'broker';
  /** The broker: `rabbitmq`, `kafka`. */
  subject: string;
  action: 'provided' | 'fault';
  /** `started eventspec-ci/rabbitmq:3.10-debian in 6012 ms`, `network cut (proxy 127.0.0.1:40123 → …)`. */
  detail: string;
  status: 'passed';
}

/** A topology check: the flows AsyncAPI documents declare against those the tests observed. */
export interface TopologyRecord {
  kind: 'topology';
  /** What was checked: the system or the set of documents. */
  subject?: string;
  status: 'passed' | 'failed';
  /** The report in words: the headline, a line per drift, what was not checked. */
  detail: string;
  /** The graph with the drift marked (SVG markup). */
  svg?: string;
}

type Listener = (record: SpecRecord) => void;
// Kept on globalThis, so that every copy of this module in a process (a test runner may load packages twice)
// hands records to the same listeners.
const registry = globalThis as { [key: symbol]: Set<Listener> | undefined };
const key = Symbol.for('eventspec.specRecordListeners');
registry[key] ??= new Set<Listener>();
const listeners: Set<Listener> = registry[key];

/** Calls `listener` with every spec record from now on; returns the function that stops it. */
export function onSpecRecord(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether anyone listens: records are built only then, so passing specs pay nothing for them. */
export function recording(): boolean {
  return listeners.size > 0;
}

/** Hands a record to every listener. */
export function emitSpecRecord(record: SpecRecord): void {
  for (const listener of listeners) listener(record);
}
