import type { ObservedFlow } from '@eventspec/core';
import { emitSpecRecord, recording } from '@eventspec/core/internal';
import { channelMatches, channelsOverlap } from './_internals/channel-template.js';
import type { DeclaredFlow, DeclaredTopology } from './declared-topology.js';
import { formatTopologyText } from './format-topology.js';
import type { TopologyDrift, TopologyDriftKind, TopologyEdge, TopologyReport } from './topology-drift.js';
import { renderTopologySvg } from './topology-svg.js';

/** Options of {@link checkTopology}. */
export interface CheckTopologyOptions {
  /** The graph the AsyncAPI documents declare (`loadDeclaredTopology`). */
  declared: DeclaredTopology;
  /** The flows tests observed (`observedFlows(report)`, `readObservedFlows(file)`, `flowsOfBrokerLog`). */
  observed: readonly ObservedFlow[];
  /** Drift kinds reported but not failing the check. @default [] */
  ignore?: readonly TopologyDriftKind[];
  /** What is checked, as the HTML report's topology page names it. @default 'Topology' */
  name?: string;
}

/** One end of an observed flow: an application sending or receiving a message. */
interface Role {
  application: string;
  action: 'send' | 'receive';
  type: string;
  version?: number;
  channel?: string;
  flow: ObservedFlow;
}

/**
 * Compares the declared topology with the observed one: flows observed but not declared (or declared on
 * another channel), declared flows no test observed, receivers of channels no application sends on, and
 * message versions in flight that no document lists.
 * @example
 * const report = checkTopology({ declared: await loadDeclaredTopology(files), observed: observedFlows(run) });
 * if (!report.ok) throw new Error(formatTopologyText(report));
 */
export function checkTopology(options: CheckTopologyOptions): TopologyReport {
  const { declared } = options;
  const roles = rolesOf(options.observed);
  const byRole = new Map<string, DeclaredFlow[]>();
  for (const flow of declared.flows) {
    const key = `${flow.application}\u0000${flow.action}\u0000${flow.type}`;
    byRole.set(key, [...(byRole.get(key) ?? []), flow]);
  }
  const versions = new Map<string, Set<number>>();
  for (const flow of declared.flows)
    versions.set(flow.type, (versions.get(flow.type) ?? new Set()).add(flow.version));
  const seen = new Set<DeclaredFlow>();
  const drift: TopologyDrift[] = [];
  const edges = new Map<string, TopologyEdge>();
  const addEdge = (edge: TopologyEdge) => {
    const key = `${edge.application}\u0000${edge.action}\u0000${edge.type}@${edge.version}\u0000${edge.channel}\u0000${edge.status}`;
    if (!edges.has(key)) edges.set(key, edge);
  };
  const reported = new Set<string>();
  for (const role of roles) {
    const candidates = byRole.get(`${role.application}\u0000${role.action}\u0000${role.type}`) ?? [];
    const onChannel =
      role.channel === undefined
        ? candidates
        : candidates.filter((d) => channelMatches(d.channel, role.channel as string));
    const matching = onChannel.filter((d) => role.version === undefined || d.version === role.version);
    if (matching.length > 0) {
      // The graph shows the declared channel (a template stands for its concrete topics).
      for (const d of matching) {
        if (seen.has(d)) continue;
        seen.add(d);
        addEdge({ ...edgeOf(d), status: 'ok' });
      }
      continue;
    }
    const channel = role.channel ?? '?';
    const edge = { application: role.application, action: role.action, type: role.type, channel };
    addEdge({ ...edge, ...versionOf(role.version), status: 'undeclared' });
    const listed = versions.get(role.type);
    const kind: TopologyDriftKind =
      role.version !== undefined && listed !== undefined && !listed.has(role.version)
        ? 'undeclared-version'
        : role.action === 'send'
          ? 'undeclared-send'
          : 'undeclared-receive';
    const key = `${kind}\u0000${role.application}\u0000${role.action}\u0000${role.type}@${role.version}\u0000${channel}`;
    if (reported.has(key)) continue;
    reported.add(key);
    drift.push({
      kind,
      application: role.application,
      action: role.action,
      type: role.type,
      ...versionOf(role.version),
      channel,
      message: undeclaredMessage(kind, role, channel, candidates, onChannel, listed, declared.applications),
      observed: role.flow,
    });
  }
  for (const flow of declared.flows) {
    if (seen.has(flow)) continue;
    addEdge({ ...edgeOf(flow), status: 'unobserved' });
    drift.push({
      ...edgeOf(flow),
      kind: 'unobserved',
      message: `${flow.application} declares that it ${verb(flow.action)} ${flow.type}@${flow.version} on ${flow.channel}, but no test observed it: a dead contract or an untested path (${flow.source})`,
      declared: flow,
    });
  }
  const senders = declared.flows.filter((flow) => flow.action === 'send');
  for (const flow of declared.flows) {
    if (flow.action !== 'receive') continue;
    if (senders.some((s) => s.type === flow.type && channelsOverlap(s.channel, flow.channel))) continue;
    drift.push({
      ...edgeOf(flow),
      kind: 'no-producer',
      message: `${flow.application} receives ${flow.type} on ${flow.channel}, but no application declares that it sends ${flow.type} there: declare the producer's send operation, or drop the receive (${flow.source})`,
      declared: flow,
    });
  }
  const ignored = new Set(options.ignore ?? []);
  const report: TopologyReport = {
    ok: drift.every((d) => ignored.has(d.kind)),
    drift,
    edges: [...edges.values()],
    counts: { declared: declared.flows.length, observed: roles.length },
    unversioned: roles.filter((r) => r.version === undefined).length,
    unchanneled: roles.filter((r) => r.channel === undefined).length,
  };
  if (recording())
    emitSpecRecord({
      kind: 'topology',
      subject: options.name ?? 'Topology',
      status: report.ok ? 'passed' : 'failed',
      detail: formatTopologyText(report),
      svg: renderTopologySvg(report, options.name),
    });
  return report;
}

function rolesOf(observed: readonly ObservedFlow[]): Role[] {
  const roles = new Map<string, Role>();
  const add = (application: string, action: Role['action'], flow: ObservedFlow) => {
    const key = `${application}\u0000${action}\u0000${flow.type}\u0000${flow.version}\u0000${flow.channel}`;
    if (roles.has(key)) return;
    // Plain assignments, not spreads: this runs once per end of every observed flow.
    const role: Role = { application, action, type: flow.type, flow };
    if (flow.version !== undefined) role.version = flow.version;
    if (flow.channel !== undefined) role.channel = flow.channel;
    roles.set(key, role);
  };
  for (const flow of observed) {
    if (flow.from !== undefined) add(flow.from, 'send', flow);
    for (const to of flow.to) add(to, 'receive', flow);
  }
  return [...roles.values()];
}

const versionOf = (version: number | undefined) => (version === undefined ? {} : { version });
const verb = (action: 'send' | 'receive') => (action === 'send' ? 'sends' : 'receives');

function edgeOf(flow: DeclaredFlow): Omit<TopologyEdge, 'status'> {
  const { application, action, type, version, channel } = flow;
  return { application, action, type, version, channel };
}

function undeclaredMessage(
  kind: TopologyDriftKind,
  role: Role,
  channel: string,
  candidates: readonly DeclaredFlow[],
  onChannel: readonly DeclaredFlow[],
  listed: ReadonlySet<number> | undefined,
  applications: readonly string[],
): string {
  const named = `${role.type}${role.version === undefined ? '' : `@${role.version}`}`;
  const what = `${role.application} ${verb(role.action)} ${named} on ${channel}`;
  const from = role.flow.source === undefined ? '' : ` (observed in ${role.flow.source})`;
  if (kind === 'undeclared-version')
    return `${what}${from}, but the documents list only ${[...(listed ?? [])].map((v) => `${role.type}@${v}`).join(', ')}: declare version ${role.version} (x-eventspec-version) or stop ${role.action === 'send' ? 'sending' : 'reading'} it`;
  if (!applications.includes(role.application))
    return `${what}${from}, but no AsyncAPI document describes the application ${role.application}: add one (info.title or x-eventspec-application: ${role.application})`;
  if (onChannel.length > 0)
    return `${what}${from}, but its document declares only ${onChannel.map((d) => `${d.type}@${d.version}`).join(', ')} there: declare this version too`;
  if (candidates.length > 0)
    return `${what}${from}, but its document declares ${role.type} only on ${[...new Set(candidates.map((d) => d.channel))].join(', ')}: fix the channel or the document`;
  return `${what}${from}, but its document has no ${role.action} operation for ${role.type}: declare it, or stop ${role.action === 'send' ? 'sending' : 'reading'} it`;
}
