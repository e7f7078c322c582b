import { escapeXml } from '@eventspec/core/internal';
import type { TopologyEdge, TopologyReport } from './topology-drift.js';

const charWidth = 7.2;
const rowHeight = 48;
const boxHeight = 24;
const colors = { ok: '#1d7a32', undeclared: '#c0262d', unobserved: '#b35c00', channel: '#1f5fbf' };

interface Group {
  application: string;
  action: 'send' | 'receive';
  channel: string;
  status: TopologyEdge['status'];
  edges: TopologyEdge[];
}

/** Lines of one application and channel, declared and observed, ✗ or ?, run side by side. */
const offsets = { ok: 0, undeclared: -5, unobserved: 5 };

/**
 * The topology as an SVG graph: the applications that send on the left, the channels in the middle, the
 * applications that receive on the right; an arrow per application and channel, labelled with its message
 * types. Drift is marked: red and ✗ for a flow observed but not declared, orange, dashed and ? for one declared
 * but never observed, a red channel for one that is received and that no application sends on.
 */
export function renderTopologySvg(report: TopologyReport, title = 'Topology: declared vs observed'): string {
  const groups = groupsOf(report.edges);
  const senders = unique(groups.filter((g) => g.action === 'send').map((g) => g.application));
  const receivers = unique(groups.filter((g) => g.action === 'receive').map((g) => g.application));
  const channels = unique(groups.map((g) => g.channel)).sort();
  const orphans = new Set(report.drift.filter((d) => d.kind === 'no-producer').map((d) => d.channel));
  const width = (names: string[]) => Math.max(90, ...names.map((n) => n.length * charWidth + 24));
  const label = (g: Group) =>
    g.edges.map((e) => `${mark(e)}${e.type}${e.version ? `@${e.version}` : ''}`).join(', ');
  const labelWidth = Math.min(560, Math.max(140, ...groups.map((g) => label(g).length * 6.6 + 60)));
  const [leftW, midW, rightW] = [width(senders), width(channels), width(receivers)];
  const xs = { left: 20, mid: 20 + leftW + labelWidth, right: 20 + leftW + labelWidth + midW + labelWidth };
  const rows = Math.max(senders.length, channels.length, receivers.length, 1);
  const top = 70;
  const positions = new Map<string[], Map<string, number>>(
    [senders, channels, receivers].map((list) => [list, new Map(list.map((name, i) => [name, i]))]),
  );
  const yOf = (list: string[], name: string) =>
    top + ((positions.get(list)!.get(name)! + 0.5) * (rows * rowHeight)) / Math.max(1, list.length);
  const body: string[] = [];
  const slots = new Map<string, number>();
  for (const g of groups) {
    const { status } = g;
    const shift = offsets[status];
    const [x1, y1, x2, y2] =
      g.action === 'send'
        ? [xs.left + leftW, yOf(senders, g.application) + shift, xs.mid, yOf(channels, g.channel) + shift]
        : [xs.mid + midW, yOf(channels, g.channel) + shift, xs.right, yOf(receivers, g.application) + shift];
    const dash = status === 'unobserved' ? ' stroke-dasharray="6 4"' : '';
    // Each label sits at its application's end of the line, the labels of one application stacked.
    const end = `${g.action}\u0000${g.application}`;
    const slot = slots.get(end) ?? 0;
    slots.set(end, slot + 1);
    const total = groups.filter((o) => o.action === g.action && o.application === g.application).length;
    const ly = (g.action === 'send' ? y1 : y2) + (slot - (total - 1) / 2) * 12 - 3;
    const [lx, anchor] = g.action === 'send' ? [x1 + 8, 'start'] : [x2 - 12, 'end'];
    body.push(
      `<g class="flow" data-status="${status}" data-application="${escapeXml(g.application)}" data-channel="${escapeXml(g.channel)}"><line x1="${x1}" y1="${y1}" x2="${x2 - 4}" y2="${y2}" stroke="${colors[status]}" stroke-width="1.5"${dash} marker-end="url(#arrow-${status})"/><text x="${lx}" y="${ly}" text-anchor="${anchor}" font-size="11" fill="${colors[status]}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(label(g))}</text></g>`,
    );
  }
  const box = (
    x: number,
    y: number,
    w: number,
    text: string,
    stroke: string,
    cls: string,
    fill = '#ffffff',
  ) =>
    `<g class="${cls}" data-name="${escapeXml(text)}"><rect x="${x}" y="${y - boxHeight / 2}" width="${w}" height="${boxHeight}" rx="5" fill="${fill}" stroke="${stroke}"/><text x="${x + w / 2}" y="${y + 4}" text-anchor="middle">${escapeXml(text)}</text></g>`;
  for (const name of senders)
    body.push(box(xs.left, yOf(senders, name), leftW, name, '#455a64', 'application'));
  for (const name of receivers)
    body.push(box(xs.right, yOf(receivers, name), rightW, name, '#455a64', 'application'));
  for (const name of channels) {
    const orphan = orphans.has(name);
    body.push(
      box(
        xs.mid,
        yOf(channels, name),
        midW,
        name,
        orphan ? colors.undeclared : colors.channel,
        orphan ? 'channel no-producer' : 'channel',
        orphan ? '#fdecea' : '#eef4fc',
      ),
    );
  }
  const widthAll = Math.max(xs.right + rightW + 20, 40 + title.length * 8.4);
  const height = top + rows * rowHeight + 30;
  const markers = Object.entries(colors)
    .map(
      ([status, color]) =>
        `<marker id="arrow-${status}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`,
    )
    .join('');
  const legend = `<text x="20" y="50" font-size="11" fill="#455a64">sends → channel → receives   <tspan fill="${colors.ok}">declared and observed</tspan>   <tspan fill="${colors.undeclared}">✗ observed, not declared</tspan>   <tspan fill="${colors.unobserved}">? declared, never observed</tspan></text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthAll}" height="${height}" viewBox="0 0 ${widthAll} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, monospace" font-size="12"><defs>${markers}</defs><rect width="100%" height="100%" fill="#ffffff"/><text x="20" y="28" font-size="15" font-weight="bold">${escapeXml(title)}</text>${legend}${body.join('')}</svg>\n`;
}

function groupsOf(edges: readonly TopologyEdge[]): Group[] {
  const groups = new Map<string, Group>();
  for (const edge of edges) {
    const { application, action, channel, status } = edge;
    const key = `${application}\u0000${action}\u0000${channel}\u0000${status}`;
    const group = groups.get(key) ?? { application, action, channel, status, edges: [] };
    group.edges.push(edge);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const unique = (names: string[]) => [...new Set(names)];
const mark = (edge: TopologyEdge) =>
  edge.status === 'undeclared' ? '✗ ' : edge.status === 'unobserved' ? '? ' : '';
