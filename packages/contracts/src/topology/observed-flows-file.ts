import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { type FlowEntry, type ObservedFlow, observedFlows } from '@eventspec/core';
import { type InputProblem, parseJsonSource } from '../model/contract-errors.js';
import { TopologyInputError } from './topology-input-error.js';

/** The file format of observed flows: what `eventspec topology check --observed` reads. */
export interface ObservedFlowsFile {
  eventspec: 'observed-flows';
  version: 1;
  flows: ObservedFlow[];
}

/**
 * Writes observed flows (or those of a system report) as JSON for `eventspec topology check --observed`,
 * making the folder. One file per test file keeps parallel test workers from writing the same file.
 * @example
 * writeObservedFlows(observedFlows(report, { source: 'happy path' }), '.eventspec/topology/orders.json');
 */
export function writeObservedFlows(
  flows: readonly ObservedFlow[] | { readonly flow: readonly FlowEntry[] },
  file: string,
): void {
  const list = 'flow' in flows ? observedFlows(flows) : [...flows];
  const content: ObservedFlowsFile = { eventspec: 'observed-flows', version: 1, flows: list };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

/**
 * Reads files of observed flows (written by {@link writeObservedFlows}, or a bare JSON array of flows).
 * Throws a {@link TopologyInputError} listing every malformed flow.
 */
export async function readObservedFlows(files: readonly string[]): Promise<ObservedFlow[]> {
  const problems: InputProblem[] = [];
  const flows: ObservedFlow[] = [];
  for (const path of files) {
    const file = relative(process.cwd(), path).split(sep).join('/') || path;
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => error);
    if (text instanceof Error) {
      problems.push({
        file,
        pointer: '',
        message: `cannot read the observed flows (${text.code ?? text.message})`,
      });
      continue;
    }
    const parsed = parseJsonSource(text, file);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const value = parsed.value as Partial<ObservedFlowsFile> | unknown[];
    const list = Array.isArray(value) ? value : value?.flows;
    const base = Array.isArray(value) ? '' : '/flows';
    if (!Array.isArray(list) || (!Array.isArray(value) && value?.eventspec !== 'observed-flows')) {
      problems.push({
        file,
        pointer: '',
        message:
          'not a file of observed flows: expected { "eventspec": "observed-flows", "version": 1, "flows": [...] } as writeObservedFlows writes it, or a JSON array of flows',
      });
      continue;
    }
    for (const [i, flow] of list.entries()) {
      const problem = flowProblem(flow);
      if (problem) problems.push({ file, pointer: `${base}/${i}`, message: problem });
      else flows.push(flow as ObservedFlow);
    }
  }
  if (problems.length > 0) throw new TopologyInputError(problems);
  return flows;
}

function flowProblem(flow: unknown): string | undefined {
  if (typeof flow !== 'object' || flow === null || Array.isArray(flow))
    return 'a flow must be an object { from?, to, type, version?, channel?, source? }';
  const f = flow as Record<string, unknown>;
  if (typeof f.type !== 'string' || f.type === '')
    return '"type" must be the message type, a non-empty string';
  if (f.from !== undefined && typeof f.from !== 'string')
    return '"from" must be the sending service, a string';
  if (!Array.isArray(f.to) || f.to.some((to) => typeof to !== 'string'))
    return '"to" must be the list of receiving services (an empty list when none)';
  if (f.version !== undefined && !(Number.isInteger(f.version) && (f.version as number) >= 1))
    return '"version" must be a positive integer when present';
  if (f.channel !== undefined && typeof f.channel !== 'string')
    return '"channel" must be the topic, a string';
  return undefined;
}

/** Options of {@link flowsOfBrokerLog}. */
export interface BrokerLogFlowsOptions {
  /** The application that published the messages, when the log is of one producer. */
  from?: string;
  /** The applications that consumed them. @default [] */
  to?: readonly string[];
  source?: string;
}

/** A record of a broker log: a received message (`MessageLog.messages`) or a published one (`InMemoryTopicBroker.published`). */
export type BrokerLogRecord =
  | { destination: string; type: string; headers?: Record<string, string> }
  | { destination: string; message: { type: string; headers?: Record<string, string> } };

/**
 * The flows of a broker log — the messages a real broker's `MessageLog` received, or those an
 * `InMemoryTopicBroker` published — one per type, version (the `x-eventspec-version` header) and topic.
 */
export function flowsOfBrokerLog(
  records: readonly BrokerLogRecord[],
  options: BrokerLogFlowsOptions = {},
): ObservedFlow[] {
  const flows = new Map<string, ObservedFlow>();
  for (const record of records) {
    const message = 'message' in record ? record.message : record;
    const header = Number(message.headers?.['x-eventspec-version']);
    const version = Number.isInteger(header) && header >= 1 ? header : undefined;
    const key = JSON.stringify([message.type, version, record.destination]);
    if (flows.has(key)) continue;
    flows.set(key, {
      ...(options.from === undefined ? {} : { from: options.from }),
      to: [...(options.to ?? [])],
      type: message.type,
      ...(version === undefined ? {} : { version }),
      channel: record.destination,
      ...(options.source === undefined ? {} : { source: options.source }),
    });
  }
  return [...flows.values()];
}
