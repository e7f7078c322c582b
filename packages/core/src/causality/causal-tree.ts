import { typeName } from '../format/type-name.js';
import type { CausalBreak, CausalLink } from './causal-check.js';
import { metadataOf } from './metadata.js';

/** One message in the causal tree. */
export interface CausalNode {
  message: unknown;
  children: CausalNode[];
  /** Why the link from its parent to this message is broken, if it is. */
  problem?: string;
  /** The first broken link, in the order the run made them. */
  first?: boolean;
}

/** The causal trees of a run: each trigger that no other link caused is a root. */
export function causalTrees(links: readonly CausalLink[], breaks: readonly CausalBreak[]): CausalNode[] {
  const problems = new Map(
    breaks.map((b, i) => [`${b.link}:${b.output}`, { problem: b.problem, first: i === 0 }]),
  );
  const outputsOf = new Map<unknown, { message: unknown; key: string }[]>();
  const caused = new Set<unknown>();
  links.forEach((link, l) => {
    const key = resolve(link.trigger, links);
    const list = outputsOf.get(key) ?? [];
    link.outputs.forEach((output, o) => {
      list.push({ message: output, key: `${l}:${o}` });
      caused.add(resolve(output, links));
    });
    outputsOf.set(key, list);
  });
  const build = (message: unknown, seen: Set<unknown>): CausalNode => {
    const node: CausalNode = { message, children: [] };
    if (seen.has(message)) return node;
    const next = new Set(seen).add(message);
    for (const { message: child, key } of outputsOf.get(message) ?? []) {
      const built = build(resolve(child, links), next);
      const broken = problems.get(key);
      if (broken) Object.assign(built, broken);
      node.children.push(built);
    }
    return node;
  };
  return [...outputsOf.keys()]
    .filter((trigger) => !caused.has(trigger))
    .map((root) => build(root, new Set()));
}

/** The same message object when a later link uses it as a trigger (matched by identity, then by id). */
function resolve(message: unknown, links: readonly CausalLink[]): unknown {
  const { id } = metadataOf(message);
  if (id === undefined) return message;
  for (const link of links)
    if (link.trigger === message || metadataOf(link.trigger).id === id) return link.trigger;
  return message;
}

/**
 * The trees as text, a message a line:
 *
 *     PlaceOrder  id=cmd-1  correlation=c-1
 *     └─ ✗ OrderPlaced  id=evt-1  correlation=c-9  causation=cmd-1  ← first broken link: …
 */
export function renderCausalTrees(trees: readonly CausalNode[]): string[] {
  const lines: string[] = [];
  const walk = (node: CausalNode, prefix: string, branch: string, isRoot: boolean) => {
    const mark = isRoot ? '' : node.problem ? '✗ ' : '✓ ';
    const note = node.problem ? `  ← ${node.first ? 'first broken link: ' : ''}${node.problem}` : '';
    lines.push(`${prefix}${branch}${mark}${describeNode(node.message)}${note}`);
    const childPrefix = isRoot ? prefix : `${prefix}${branch === '└─ ' ? '   ' : '│  '}`;
    node.children.forEach((child, i) => {
      walk(child, childPrefix, i === node.children.length - 1 ? '└─ ' : '├─ ', false);
    });
  };
  for (const tree of trees) walk(tree, '  ', '', true);
  return lines;
}

/** `OrderPlaced  id=evt-1  correlation=c-1  causation=cmd-1`. */
export function describeNode(message: unknown): string {
  const { id, correlationId, causationId } = metadataOf(message);
  const parts = [typeName(message)];
  if (id !== undefined) parts.push(`id=${id}`);
  if (correlationId !== undefined) parts.push(`correlation=${correlationId}`);
  if (causationId !== undefined) parts.push(`causation=${causationId}`);
  return parts.join('  ');
}
