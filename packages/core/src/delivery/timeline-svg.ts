import { relative } from 'node:path';
import type { Message } from '../broker/message.js';
import { escapeXml } from '../format/escape-xml.js';
import { writeSvgFile } from '../format/svg-file.js';
import type { RunEvent, RunOutcome } from './run-outcome.js';

const rowHeight = 28;
const top = 90;
const laneGap = 220;
/** Advance of one character of the 12 px monospace labels (14 px for the title), with a margin for fonts. */
const charWidth = 7.5;
const titleCharWidth = 9;
const colors = { deliver: '#1f5fbf', again: '#b35c00', call: '#444', ok: '#1d7a32', bad: '#c0262d' };

/** A run as an SVG sequence diagram: the broker, the handler and each crash point as lanes. */
export function renderTimelineSvg(
  events: readonly RunEvent[],
  messages: readonly Message[],
  title: string,
): string {
  const lanes = ['broker', 'handler'];
  for (const event of events) {
    if (event.kind !== 'call') continue;
    const owner = event.label.slice(0, event.label.lastIndexOf('.'));
    if (!lanes.includes(owner)) lanes.push(owner);
  }
  const x = (lane: string) => 110 + lanes.indexOf(lane) * laneGap;
  const height = top + events.length * rowHeight + 30;
  const names = new Map<number, string>();
  // The picture is as wide as its longest label reaches, so that no label is cut at the edge.
  let right = Math.max(110 + (lanes.length - 1) * laneGap + 60, 16 + title.length * titleCharWidth);
  const arrow = (from: number, to: number, y: number, color: string, label: string, dashed = false) => {
    right = Math.max(right, Math.min(from, to) + 6 + label.length * charWidth);
    return drawArrow(from, to, y, color, label, dashed);
  };
  const parts: string[] = [
    '',
    `<title>Delivery timeline: ${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    `<rect width="100%" height="100%" fill="white"/><text x="16" y="26" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const lane of lanes) {
    parts.push(
      `<text x="${x(lane)}" y="${top - 30}" text-anchor="middle" font-weight="bold">${escapeXml(lane)}</text>`,
      `<line x1="${x(lane)}" y1="${top - 20}" x2="${x(lane)}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 4"/>`,
    );
  }
  events.forEach((event, row) => {
    const y = top + row * rowHeight;
    if (event.kind === 'start') {
      names.set(
        event.delivery,
        `#${event.message + 1}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`,
      );
      const message = messages[event.message];
      const again =
        event.attempt > 1
          ? ` (attempt ${event.attempt}, ${event.cause})`
          : event.cause === 'delayed'
            ? ' (delayed)'
            : '';
      const color = event.attempt > 1 ? colors.again : colors.deliver;
      parts.push(
        arrow(
          x('broker'),
          x('handler'),
          y,
          color,
          `${row + 1}. deliver #${event.message + 1} ${message?.type ?? ''}${again}`,
        ),
      );
    } else if (event.kind === 'call') {
      const owner = event.label.slice(0, event.label.lastIndexOf('.'));
      const who = names.get(event.delivery) ?? '#?';
      if (event.fault === 'fail-before') {
        parts.push(
          arrow(
            x('handler'),
            x(owner),
            y,
            colors.bad,
            `${row + 1}. ${who} ${event.label}() ✗ fails before running`,
          ),
        );
      } else {
        parts.push(arrow(x('handler'), x(owner), y, colors.call, `${row + 1}. ${who} ${event.label}()`));
        if (event.fault === 'crash-after')
          parts.push(
            `<text x="${x('handler') - 14}" y="${y + 4}" fill="${colors.bad}" font-weight="bold" text-anchor="end">⚡ crash</text>`,
          );
      }
    } else if (event.kind === 'consumer') {
      const who = names.get(event.delivery) ?? '#?';
      const what =
        event.what === 'restart'
          ? 'consumer restarts (memory rebuilt)'
          : event.what === 'zombie'
            ? 'declared dead while running: a new owner takes the message'
            : `dies before its commit: ${(event.messages ?? []).map((m) => `#${m + 1}`).join(', ')} replayed`;
      parts.push(
        `<text x="${x('broker')}" y="${y + 4}" fill="${colors.bad}">${escapeXml(`${row + 1}. after ${who}: ${what}`)}</text>`,
      );
    } else {
      const who = names.get(event.delivery) ?? '#?';
      const ok = event.outcome === 'acked';
      const text = ok
        ? 'ack'
        : event.outcome === 'nacked'
          ? 'nack → requeue'
          : event.outcome === 'crashed'
            ? 'no ack (crashed) → redeliver'
            : event.outcome;
      parts.push(
        arrow(x('handler'), x('broker'), y, ok ? colors.ok : colors.bad, `${row + 1}. ${who} ${text}`, true),
      );
    }
  });
  parts[0] = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(right + 20)}" height="${height}" font-family="ui-monospace, Menlo, monospace" font-size="12" role="img">`;
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the SVG timeline of `outcome` into `folder`; returns its path relative to the working directory. */
export function writeTimelineSvg(
  folder: string,
  fileName: string,
  outcome: RunOutcome,
  messages: readonly Message[],
  title: string,
): string | undefined {
  const file = writeSvgFile(folder, fileName, () => renderTimelineSvg(outcome.events, messages, title));
  return file === undefined ? undefined : relative(process.cwd(), file) || file;
}

function drawArrow(
  from: number,
  to: number,
  y: number,
  color: string,
  label: string,
  dashed = false,
): string {
  const labelX = Math.min(from, to) + 6;
  const line = `<line x1="${from}" y1="${y}" x2="${to}" y2="${y}" stroke="${color}" stroke-width="1.5" marker-end="url(#arrow)"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  return `${line}<text x="${labelX}" y="${y - 5}" fill="${color}">${escapeXml(label)}</text>`;
}
