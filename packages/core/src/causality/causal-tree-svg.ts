import { escapeXml } from '../format/escape-xml.js';
import { fileSlug, writeSvgFile } from '../format/svg-file.js';
import { type CausalNode, describeNode } from './causal-tree.js';

const rowHeight = 28;
const indent = 28;
/** Advance of one character of the 12 px monospace lines, with a margin for bold and other fonts. */
const charWidth = 7.5;

/** The causal trees as an SVG picture: a row per message, broken links in red, the first one marked. */
export function renderCausalTreeSvg(trees: readonly CausalNode[], title: string): string {
  const rows: { node: CausalNode; depth: number; parentRow?: number }[] = [];
  const walk = (node: CausalNode, depth: number, parentRow?: number) => {
    const row = rows.length;
    rows.push(parentRow === undefined ? { node, depth } : { node, depth, parentRow });
    for (const child of node.children) walk(child, depth + 1, row);
  };
  for (const tree of trees) walk(tree, 0);
  const height = 50 + rows.length * rowHeight;
  // The picture is as wide as its longest line reaches (12 px monospace, 14 px bold title), none cut off.
  let right = Math.max(400, 20 + title.length * 9);
  const body = rows.map(({ node, depth, parentRow }, row) => {
    const x = 20 + depth * indent;
    const y = 50 + row * rowHeight;
    const color = node.problem ? '#c62828' : '#2e7d32';
    const edge =
      parentRow === undefined
        ? ''
        : `<path d="M${x - indent + 6} ${50 + parentRow * rowHeight + 6} V${y - 4} H${x - 4}" fill="none" stroke="${color}" stroke-width="${node.first ? 2.5 : 1.2}"/>`;
    const label = `${node.problem ? '✗ ' : parentRow === undefined ? '' : '✓ '}${describeNode(node.message)}`;
    const problem = node.problem ? ` — ${node.first ? 'first broken link: ' : ''}${node.problem}` : '';
    right = Math.max(right, x + (label + problem).length * charWidth);
    return `${edge}<text x="${x}" y="${y}" fill="${parentRow === undefined ? '#212121' : color}"${node.first ? ' font-weight="bold"' : ''}>${escapeXml(label + problem)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(right + 20)}" height="${height}" font-family="ui-monospace, monospace" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="20" y="24" font-size="14" font-weight="bold" fill="#212121">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/**
 * Writes the picture to `folder/<slug of title>.svg`; returns the path, or `undefined` when it cannot be
 * written (the failure is about causality, not about the file system).
 */
export function writeCausalTreeSvg(
  trees: readonly CausalNode[],
  title: string,
  folder: string,
): string | undefined {
  return writeSvgFile(folder, `${fileSlug(title, 'causality', 80)}.svg`, () =>
    renderCausalTreeSvg(trees, title),
  );
}
