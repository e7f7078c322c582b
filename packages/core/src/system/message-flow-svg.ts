import { escapeXml } from '../format/escape-xml.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { stripType } from './message-flow.js';
import type { FaultNote } from './planned-bus.js';
import type { FlowEntry, Rejection } from './system-run.js';

type Row =
  | { kind: 'message'; entry: FlowEntry }
  | { kind: 'fault'; note: FaultNote }
  | { kind: 'rejection'; rejection: Rejection }
  | { kind: 'phase'; phase: 'given' | 'when' };

const charWidth = 7.2;
const labelChars = 56;
const timeColumn = 130;
const colors = { command: '#1f5fbf', event: '#1d7a32', timer: '#b35c00', fault: '#b35c00', bad: '#c0262d' };

/**
 * The message flow of a system run as an SVG sequence diagram: a lifeline for `test` and each service in the
 * order they appear, a solid arrow per command, a dashed one per event to every service that listens, a
 * self-arrow with a clock per timer, virtual time on the left, `given` apart from `when`, rejections (✗) on
 * the service that rejected, and what the broker did under a fault plan (⚡) where it happened.
 */
export function renderMessageFlowSvg(
  flow: readonly FlowEntry[],
  rejections: readonly Rejection[] = [],
  faults: readonly FaultNote[] = [],
  title = 'Message flow',
): string {
  const rows = rowsOf(flow, rejections, faults);
  const lanes = lanesOf(flow, rejections);
  const longest = Math.max(0, ...lanes.map((lane) => lane.length));
  const gap = Math.max(150, Math.min(labelChars * charWidth + 24, longest * charWidth + 40));
  const firstX = timeColumn + Math.max(50, (longest * charWidth + 20) / 2);
  const x = (lane: string) => firstX + lanes.indexOf(lane) * gap;
  let extent = Math.max(firstX + (lanes.length - 1) * gap + 80, 40 + title.length * 8.4, 780);
  const reach = (end: number) => {
    extent = Math.max(extent, end + 16);
  };
  const top = 112;
  const body: string[] = [];
  let y = top;
  const bands: string[] = [];
  let given: { from: number; to?: number } | undefined;
  for (const row of rows) {
    if (row.kind === 'phase') {
      y += 18;
      if (row.phase === 'given') given = { from: y };
      else if (given) given.to = y;
      const label = row.phase === 'given' ? 'given — what happened before' : 'when — the message under test';
      bands.push(
        `<g class="phase" data-phase="${row.phase}"><line x1="8" y1="${y}" x2="{width}" y2="${y}" stroke="#90a4ae"/><text x="12" y="${y + 14}" font-weight="bold" fill="#455a64">${label}</text></g>`,
      );
      y += 14;
      continue;
    }
    y += 30;
    if (row.kind === 'fault') {
      const text = `⚡ ${row.note.text}`;
      body.push(
        `<g class="fault"><rect x="${timeColumn - 6}" y="${y - 14}" width="{band}" height="22" rx="4" fill="#fff4e0" stroke="#e0a030"/><text x="${timeColumn + 2}" y="${y + 2}" fill="${colors.fault}">${escapeXml(text)}</text></g>`,
      );
      reach(timeColumn + 2 + text.length * charWidth);
      continue;
    }
    if (row.kind === 'rejection') {
      const { service, command, error } = row.rejection;
      const reason = error instanceof Error ? error.message : String(error);
      const text = cut(`rejected ${typeName(command)}: ${reason}`, 90);
      const at = x(service);
      body.push(
        `<g class="rejection" data-service="${escapeXml(service)}"><rect x="${at - 9}" y="${y - 11}" width="18" height="18" rx="3" fill="#fdecea" stroke="${colors.bad}"/><text x="${at}" y="${y + 3}" text-anchor="middle" font-weight="bold" fill="${colors.bad}">✗</text>${halo(at + 16, y + 3, colors.bad, text)}</g>`,
      );
      reach(at + 16 + text.length * charWidth);
      continue;
    }
    const { entry } = row;
    const time = entry.at.toISOString().slice(11, 23);
    body.push(`<text x="12" y="${y + 4}" fill="#607d8b" font-size="11">${time}</text>`);
    const label = labelOf(entry.message);
    const from = x(entry.from);
    const targets = targetsOf(entry).map(x);
    const color = colors[entry.kind];
    const dash = entry.kind === 'event' ? ' stroke-dasharray="6 4"' : '';
    const data = `data-kind="${entry.kind}" data-from="${escapeXml(entry.from)}" data-to="${escapeXml(targetsOf(entry).join(' '))}"`;
    const parts: string[] = [];
    const others = targets.filter((t) => t !== from);
    if (others.length > 0) {
      const xs = [from, ...others];
      parts.push(
        `<line x1="${Math.min(...xs)}" y1="${y}" x2="${Math.max(...xs)}" y2="${y}" stroke="${color}" stroke-width="1.5"${dash}/>`,
        ...others.map((t) => head(t, y, t > from ? 1 : -1, color, entry.kind !== 'event')),
        halo(Math.min(...xs) + 8, y - 6, '#212121', label),
      );
      reach(Math.min(...xs) + 8 + label.length * charWidth);
    }
    if (targets.includes(from) || targets.length === 0) {
      if (entry.kind === 'timer') parts.push(clockMark(from + 42, y - 1));
      const none = targets.length === 0 ? ' (no service listens)' : '';
      const loop =
        targets.length === 0
          ? `<line x1="${from}" y1="${y}" x2="${from + 36}" y2="${y}" stroke="${color}" stroke-width="1.5"${dash}/><circle cx="${from + 40}" cy="${y}" r="4" fill="none" stroke="${color}"/>`
          : `<path d="M${from} ${y - 8} h30 v14 h-28" fill="none" stroke="${color}" stroke-width="1.5"${dash}/>${head(from, y + 6, -1, color, entry.kind !== 'event')}`;
      const text = `${label}${none}`;
      const textY = others.length > 0 ? y + 16 : y + 4;
      const textX = from + (entry.kind === 'timer' ? 56 : 50);
      parts.push(loop, halo(textX, textY, '#212121', text));
      reach(textX + text.length * charWidth);
    }
    body.push(`<g class="message" ${data}>${parts.join('')}</g>`);
  }
  const height = y + 40;
  const width = Math.ceil(extent);
  const shade = given
    ? `<rect x="8" y="${given.from}" width="${width - 16}" height="${(given.to ?? y + 16) - given.from}" fill="#f5f7f8"/>`
    : '';
  const header = lanes.map((lane) => {
    const w = Math.min(gap - 16, lane.length * charWidth + 24);
    return `<g class="lane" data-lane="${escapeXml(lane)}"><line x1="${x(lane)}" y1="${top - 20}" x2="${x(lane)}" y2="${height - 10}" stroke="#b0bec5" stroke-dasharray="3 4"/><rect x="${x(lane) - w / 2}" y="${top - 44}" width="${w}" height="24" rx="4" fill="#eceff1" stroke="#78909c"/><text x="${x(lane)}" y="${top - 28}" text-anchor="middle" font-weight="bold">${escapeXml(lane)}</text></g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="ui-monospace, Menlo, monospace" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="12" y="24" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    legend(),
    shade,
    ...header,
    ...bands.map((band) => band.replace('{width}', String(width - 8))),
    ...body.map((part) => part.replace('{band}', String(width - timeColumn - 2))),
    '</svg>',
  ].join('\n');
}

function rowsOf(flow: readonly FlowEntry[], rejections: readonly Rejection[], faults: readonly FaultNote[]) {
  const rows: Row[] = [];
  const placed = new Set<Rejection>();
  const rejectionsOf = (entry: FlowEntry) =>
    rejections.filter(
      (r) =>
        !placed.has(r) &&
        r.service === entry.to &&
        (r.command === entry.message || formatInline(r.command) === formatInline(entry.message)),
    );
  flow.forEach((entry, index) => {
    for (const note of faults.filter((n) => n.flowIndex === index)) rows.push({ kind: 'fault', note });
    if (entry.phase !== flow[index - 1]?.phase) rows.push({ kind: 'phase', phase: entry.phase });
    rows.push({ kind: 'message', entry });
    if (entry.kind !== 'command') return;
    for (const rejection of rejectionsOf(entry)) {
      placed.add(rejection);
      rows.push({ kind: 'rejection', rejection });
    }
  });
  for (const note of faults.filter((n) => n.flowIndex >= flow.length)) rows.push({ kind: 'fault', note });
  for (const rejection of rejections.filter((r) => !placed.has(r)))
    rows.push({ kind: 'rejection', rejection });
  return rows;
}

function lanesOf(flow: readonly FlowEntry[], rejections: readonly Rejection[]): string[] {
  const lanes: string[] = [];
  const add = (lane: string) => {
    if (!lanes.includes(lane)) lanes.push(lane);
  };
  for (const entry of flow) {
    add(entry.from);
    for (const target of targetsOf(entry)) add(target);
  }
  for (const rejection of rejections) add(rejection.service);
  return lanes;
}

/** A command's or timer's receiver; an event's listeners, and its owner when the test put it in its history. */
function targetsOf(entry: FlowEntry): readonly string[] {
  if (entry.kind !== 'event') return entry.listeners ?? [entry.to];
  const owner = entry.to !== entry.from ? [entry.to] : [];
  return [...new Set([...owner, ...(entry.listeners ?? [])])];
}

function labelOf(message: unknown): string {
  const name = cut(typeName(message), labelChars - 8);
  return `${name} ${formatInline(stripType(message), Math.max(8, labelChars - name.length - 1))}`;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function legend(): string {
  const c = colors;
  return [
    '<g class="legend" fill="#607d8b">',
    `<line x1="12" y1="40" x2="40" y2="40" stroke="${c.command}" stroke-width="1.5"/>${head(40, 40, 1, c.command, true)}<text x="46" y="44">command</text>`,
    `<line x1="120" y1="40" x2="148" y2="40" stroke="${c.event}" stroke-width="1.5" stroke-dasharray="6 4"/>${head(148, 40, 1, c.event, false)}<text x="154" y="44">event, to each service that listens</text>`,
    `${clockMark(430, 39)}<text x="442" y="44">timer</text>`,
    `<text x="500" y="44" fill="${c.bad}" font-weight="bold">✗</text><text x="512" y="44">rejected</text>`,
    `<text x="590" y="44" fill="${c.fault}">⚡ what the broker did</text>`,
    '</g>',
  ].join('');
}

function clockMark(x: number, y: number): string {
  return `<g class="clock" stroke="${colors.timer}" stroke-width="1.3" fill="none"><circle cx="${x}" cy="${y}" r="6" fill="white"/><path d="M${x} ${y - 4} V${y} H${x + 3}"/></g>`;
}

function halo(x: number, y: number, color: string, text: string): string {
  return `<text x="${x}" y="${y}" fill="${color}" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(text)}</text>`;
}

function head(x: number, y: number, dir: 1 | -1, color: string, filled: boolean): string {
  const points = `${x - dir * 9},${y - 4.5} ${x},${y} ${x - dir * 9},${y + 4.5}`;
  return filled
    ? `<polygon points="${points}" fill="${color}"/>`
    : `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
}
