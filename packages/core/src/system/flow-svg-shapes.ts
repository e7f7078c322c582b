import { escapeXml } from '../format/escape-xml.js';

// The shapes the message-flow diagram is drawn with, and its measures.

export const charWidth = 7.2;
export const labelChars = 56;
export const timeColumn = 130;
export const colors = {
  command: '#1f5fbf',
  event: '#1d7a32',
  timer: '#b35c00',
  fault: '#b35c00',
  bad: '#c0262d',
};

/** The key at the top: command, event, timer, rejection, broker fault. */
export function legend(): string {
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

/** A clock face beside a timer's self-arrow. */
export function clockMark(x: number, y: number): string {
  return `<g class="clock" stroke="${colors.timer}" stroke-width="1.3" fill="none"><circle cx="${x}" cy="${y}" r="6" fill="white"/><path d="M${x} ${y - 4} V${y} H${x + 3}"/></g>`;
}

/** Text with a white halo, readable over lines. */
export function halo(x: number, y: number, color: string, text: string): string {
  return `<text x="${x}" y="${y}" fill="${color}" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(text)}</text>`;
}

/** An arrow head: filled for commands and timers, open for events. */
export function head(x: number, y: number, dir: 1 | -1, color: string, filled: boolean): string {
  const points = `${x - dir * 9},${y - 4.5} ${x},${y} ${x - dir * 9},${y + 4.5}`;
  return filled
    ? `<polygon points="${points}" fill="${color}"/>`
    : `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
}
