import { escapeXml } from '../format/escape-xml.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import {
  charWidth,
  clockMark,
  colors,
  halo,
  head,
  labelChars,
  legend,
  timeColumn,
} from './flow-svg-shapes.js';
import { stripType } from './message-flow.js';
import type { FaultNote } from './planned-bus.js';
import type { FlowEntry, Rejection } from './system-run.js';

type Row =
  | { kind: 'message'; entry: FlowEntry }
  | { kind: 'fault'; note: FaultNote }
  | { kind: 'rejection'; rejection: Rejection }
  | { kind: 'phase'; phase: 'given' | 'when' };

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
  const lanes = lanesOf(flow, rejections);
  const drawing = new Drawing(lanes, title);
  for (const row of rowsOf(flow, rejections, faults)) {
    if (row.kind === 'phase') drawing.phase(row.phase);
    else if (row.kind === 'fault') drawing.fault(row.note);
    else if (row.kind === 'rejection') drawing.rejection(row.rejection);
    else drawing.message(row.entry);
  }
  return drawing.svg();
}

const top = 112;

/** The diagram as it is drawn row by row: where each lane is, the rows so far, and how far right they reach. */
class Drawing {
  private readonly gap: number;
  private readonly firstX: number;
  private extent: number;
  private y = top;
  private given: { from: number; to?: number } | undefined;
  private readonly bands: string[] = [];
  private readonly body: string[] = [];

  constructor(
    private readonly lanes: readonly string[],
    private readonly title: string,
  ) {
    const longest = Math.max(0, ...lanes.map((lane) => lane.length));
    this.gap = Math.max(150, Math.min(labelChars * charWidth + 24, longest * charWidth + 40));
    this.firstX = timeColumn + Math.max(50, (longest * charWidth + 20) / 2);
    this.extent = Math.max(this.firstX + (lanes.length - 1) * this.gap + 80, 40 + title.length * 8.4, 780);
  }

  private x(lane: string): number {
    return this.firstX + this.lanes.indexOf(lane) * this.gap;
  }

  private nextRow(): number {
    this.y += 30;
    return this.y;
  }

  private reach(end: number): void {
    this.extent = Math.max(this.extent, end + 16);
  }

  /** A band across the diagram where `given` or `when` starts; `given` is shaded up to `when`. */
  phase(phase: 'given' | 'when'): void {
    this.y += 18;
    const y = this.y;
    if (phase === 'given') this.given = { from: y };
    else if (this.given) this.given.to = y;
    const label = phase === 'given' ? 'given — what happened before' : 'when — the message under test';
    this.bands.push(
      `<g class="phase" data-phase="${phase}"><line x1="8" y1="${y}" x2="{width}" y2="${y}" stroke="#90a4ae"/><text x="12" y="${y + 14}" font-weight="bold" fill="#455a64">${label}</text></g>`,
    );
    this.y += 14;
  }

  /** What the broker did under the fault plan, on a band of its own. */
  fault(note: FaultNote): void {
    const y = this.nextRow();
    const text = `⚡ ${note.text}`;
    this.body.push(
      `<g class="fault"><rect x="${timeColumn - 6}" y="${y - 14}" width="{band}" height="22" rx="4" fill="#fff4e0" stroke="#e0a030"/><text x="${timeColumn + 2}" y="${y + 2}" fill="${colors.fault}">${escapeXml(text)}</text></g>`,
    );
    this.reach(timeColumn + 2 + text.length * charWidth);
  }

  /** A ✗ on the lane of the service that rejected a command, with the reason. */
  rejection({ service, command, error }: Rejection): void {
    const y = this.nextRow();
    const reason = error instanceof Error ? error.message : String(error);
    const text = cut(`rejected ${typeName(command)}: ${reason}`, 90);
    const at = this.x(service);
    this.body.push(
      `<g class="rejection" data-service="${escapeXml(service)}"><rect x="${at - 9}" y="${y - 11}" width="18" height="18" rx="3" fill="#fdecea" stroke="${colors.bad}"/><text x="${at}" y="${y + 3}" text-anchor="middle" font-weight="bold" fill="${colors.bad}">✗</text>${halo(at + 16, y + 3, colors.bad, text)}</g>`,
    );
    this.reach(at + 16 + text.length * charWidth);
  }

  /** The time, then an arrow to each other lane it reaches, and a self-arrow (or none listens) on its own. */
  message(entry: FlowEntry): void {
    const y = this.nextRow();
    this.body.push(
      `<text x="12" y="${y + 4}" fill="#607d8b" font-size="11">${entry.at.toISOString().slice(11, 23)}</text>`,
    );
    const label = labelOf(entry.message);
    const from = this.x(entry.from);
    const targets = targetsOf(entry).map((lane) => this.x(lane));
    const color = colors[entry.kind];
    const dash = entry.kind === 'event' ? ' stroke-dasharray="6 4"' : '';
    const data = `data-kind="${entry.kind}" data-from="${escapeXml(entry.from)}" data-to="${escapeXml(targetsOf(entry).join(' '))}"`;
    const others = targets.filter((t) => t !== from);
    const parts = others.length > 0 ? this.arrows(entry, from, others, y, label, color, dash) : [];
    if (targets.includes(from) || targets.length === 0)
      parts.push(
        ...this.selfArrow(entry, from, targets.length === 0, others.length > 0, y, label, color, dash),
      );
    this.body.push(`<g class="message" ${data}>${parts.join('')}</g>`);
  }

  private arrows(
    entry: FlowEntry,
    from: number,
    others: number[],
    y: number,
    label: string,
    color: string,
    dash: string,
  ) {
    const xs = [from, ...others];
    this.reach(Math.min(...xs) + 8 + label.length * charWidth);
    return [
      `<line x1="${Math.min(...xs)}" y1="${y}" x2="${Math.max(...xs)}" y2="${y}" stroke="${color}" stroke-width="1.5"${dash}/>`,
      ...others.map((t) => head(t, y, t > from ? 1 : -1, color, entry.kind !== 'event')),
      halo(Math.min(...xs) + 8, y - 6, '#212121', label),
    ];
  }

  private selfArrow(
    entry: FlowEntry,
    from: number,
    unheard: boolean,
    belowArrows: boolean,
    y: number,
    label: string,
    color: string,
    dash: string,
  ) {
    const parts = entry.kind === 'timer' ? [clockMark(from + 42, y - 1)] : [];
    const loop = unheard
      ? `<line x1="${from}" y1="${y}" x2="${from + 36}" y2="${y}" stroke="${color}" stroke-width="1.5"${dash}/><circle cx="${from + 40}" cy="${y}" r="4" fill="none" stroke="${color}"/>`
      : `<path d="M${from} ${y - 8} h30 v14 h-28" fill="none" stroke="${color}" stroke-width="1.5"${dash}/>${head(from, y + 6, -1, color, entry.kind !== 'event')}`;
    const text = `${label}${unheard ? ' (no service listens)' : ''}`;
    const textY = belowArrows ? y + 16 : y + 4;
    const textX = from + (entry.kind === 'timer' ? 56 : 50);
    this.reach(textX + text.length * charWidth);
    return [...parts, loop, halo(textX, textY, '#212121', text)];
  }

  /** The whole picture: title, legend, the `given` shade, a lifeline per lane, the bands and the rows. */
  svg(): string {
    const height = this.y + 40;
    const width = Math.ceil(this.extent);
    const { given, title } = this;
    const shade = given
      ? `<rect x="8" y="${given.from}" width="${width - 16}" height="${(given.to ?? this.y + 16) - given.from}" fill="#f5f7f8"/>`
      : '';
    const header = this.lanes.map((lane) => {
      const w = Math.min(this.gap - 16, lane.length * charWidth + 24);
      const x = this.x(lane);
      return `<g class="lane" data-lane="${escapeXml(lane)}"><line x1="${x}" y1="${top - 20}" x2="${x}" y2="${height - 10}" stroke="#b0bec5" stroke-dasharray="3 4"/><rect x="${x - w / 2}" y="${top - 44}" width="${w}" height="24" rx="4" fill="#eceff1" stroke="#78909c"/><text x="${x}" y="${top - 28}" text-anchor="middle" font-weight="bold">${escapeXml(lane)}</text></g>`;
    });
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="ui-monospace, Menlo, monospace" font-size="12" role="img">`,
      `<title>${escapeXml(title)}</title>`,
      '<rect width="100%" height="100%" fill="white"/>',
      `<text x="12" y="24" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
      legend(),
      shade,
      ...header,
      ...this.bands.map((band) => band.replace('{width}', String(width - 8))),
      ...this.body.map((part) => part.replace('{band}', String(width - timeColumn - 2))),
      '</svg>',
    ].join('\n');
  }
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
