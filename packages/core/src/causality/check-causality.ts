import { EventspecError } from '../errors/eventspec-error.js';
import { type CausalLink, findCausalBreaks, linksOfLog } from './causal-check.js';
import { causalTrees, renderCausalTrees } from './causal-tree.js';
import { writeCausalTreeSvg } from './causal-tree-svg.js';

/** Options of {@link checkCausality}. */
export interface CausalityOptions {
  /** Names the run in the failure and the SVG file. */
  name?: string;
  /**
   * Where the SVG picture of a broken chain is written; `false` writes none.
   * @default '.eventspec/causality'
   */
  svgDir?: string | false;
}

/**
 * Checks the causal links of a recorded run — each trigger with the messages it caused — and fails when an
 * output lacks a correlation id, carries one that differs from its trigger's, or names a causation id that
 * is not its trigger's id. The failure draws the causal chain as a tree, first broken link marked, and
 * writes it as an SVG.
 */
export function checkCausality(links: readonly CausalLink[], options: CausalityOptions = {}): void {
  const breaks = findCausalBreaks(links);
  if (breaks.length === 0) return;
  throw causalityFailure(causalTrees(links, breaks), breaks.length, options);
}

/**
 * The same check over a flat log of messages (the in-memory broker's, say): a message that names a
 * causation id is an output of the message with that id, which must be in the log.
 */
export function checkCausalityOfLog(messages: readonly unknown[], options: CausalityOptions = {}): void {
  const { links, orphans } = linksOfLog(messages);
  const breaks = findCausalBreaks(links);
  if (breaks.length === 0 && orphans.length === 0) return;
  throw causalityFailure(causalTrees(links, breaks), breaks.length, options, orphans);
}

function causalityFailure(
  trees: ReturnType<typeof causalTrees>,
  broken: number,
  options: CausalityOptions,
  orphans: readonly string[] = [],
): EventspecError {
  const name = options.name ?? 'causal chain';
  const svgDir = options.svgDir ?? '.eventspec/causality';
  const svg = svgDir === false ? undefined : writeCausalTreeSvg(trees, name, svgDir);
  const headline =
    broken > 0
      ? `Causality broken in ${name}: ${broken} ${broken === 1 ? 'link' : 'links'} lost the correlation or causation id.`
      : `Causality broken in ${name}: ${orphans.length} ${orphans.length === 1 ? 'message names a cause' : 'messages name causes'} not in the log.`;
  const lines = [
    headline,
    '',
    ...renderCausalTrees(trees),
    ...(orphans.length ? ['', ...orphans.map((o) => `  ✗ ${o}`)] : []),
    '',
    "Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.",
    ...(svg ? [`The chain as a picture: ${svg}`] : []),
  ];
  return new EventspecError('EVENTSPEC_CAUSALITY_BROKEN', lines.join('\n'));
}
