import type { ContractChange } from '../compatibility/check-registry.js';
import {
  type ConsumerImpacts,
  consumerLines,
  describeChange,
  renderCounterexample,
  verdictOf,
} from './format-human.js';
import { type UpcastRequirements, upcastLines } from './format-upcasts.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for a pull-request comment: a table of changed contracts, then each break with its counterexample. */
export function formatMarkdown(
  changes: readonly ContractChange[],
  baseline: string,
  consumers: ConsumerImpacts = new Map(),
  upcasts: UpcastRequirements = new Map(),
  upcasters?: string,
): string {
  const lines = [`### eventspec contracts check (against ${baseline})`, ''];
  if (changes.length === 0) return `${lines.join('\n')}No contract changed.\n`;
  lines.push('| Contract | Change | Mode | Verdict |', '| --- | --- | --- | --- |');
  for (const c of changes)
    lines.push(
      `| \`${c.id}\` | ${cell(describeChange(c))} | ${c.result.mode} | ${cell(verdictOf(c, upcasts))} |`,
    );
  for (const c of changes) {
    const impacts = consumers.get(c.id) ?? [];
    if (c.result.verdict === 'compatible' && !impacts.some((i) => i.result.verdict !== 'compatible'))
      continue;
    lines.push('', `#### \`${c.id}\` — ${verdictOf(c, upcasts)}`, '');
    for (const b of c.result.breaks) {
      lines.push(
        `- \`${b.path}\` **${b.rule}**: ${b.message}. Accepted by ${b.acceptedBy}, rejected by ${b.rejectedBy}:`,
        '  ```json',
        `  ${renderCounterexample(b.counterexample)}`,
        '  ```',
      );
    }
    if (c.result.breaks.length === 0)
      for (const u of c.result.unproven) lines.push(`- \`${u.path}\` cannot prove: ${u.reason}`);
    const upcast = upcasts.get(c.id);
    if (upcast) for (const line of upcastLines(upcast, upcasters)) lines.push(`- ${line}`);
    for (const line of consumerLines(impacts)) lines.push(`- ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
