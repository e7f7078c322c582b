import { typeName } from '../format/type-name.js';
import { type CausalMetadata, correlationOf, metadataOf } from './metadata.js';

/** A message that caused others, and the messages it caused. */
export interface CausalLink {
  trigger: unknown;
  outputs: readonly unknown[];
}

/** A broken link: which output, and what is wrong with it. */
export interface CausalBreak {
  link: number;
  output: number;
  problem: string;
}

/** Every broken link: an output without a correlation id, with another one than its trigger's, or whose causation id is not its trigger's id. */
export function findCausalBreaks(links: readonly CausalLink[]): CausalBreak[] {
  const breaks: CausalBreak[] = [];
  links.forEach((link, l) => {
    const trigger = metadataOf(link.trigger);
    const correlation = correlationOf(link.trigger);
    link.outputs.forEach((output, o) => {
      const problem = problemOf(metadataOf(output), trigger, correlation, typeName(link.trigger));
      if (problem) breaks.push({ link: l, output: o, problem });
    });
  });
  return breaks;
}

function problemOf(
  output: CausalMetadata,
  trigger: CausalMetadata,
  correlation: string | undefined,
  triggerType: string,
) {
  if (trigger.id === undefined)
    return `its trigger ${triggerType} has no id, so nothing can name it as the cause`;
  if (output.correlationId === undefined)
    return `it has no correlation id (expected "${correlation}", from ${triggerType})`;
  if (output.correlationId !== correlation) {
    return `its correlation id "${output.correlationId}" is not its trigger's "${correlation}"`;
  }
  if (output.causationId === undefined)
    return `it has no causation id (expected "${trigger.id}", the id of ${triggerType})`;
  if (output.causationId !== trigger.id)
    return `its causation id "${output.causationId}" is not its trigger's id "${trigger.id}"`;
  return undefined;
}

/**
 * The links of a flat log of messages (a broker's log): each message that names a causation id is an
 * output of the message with that id; a message whose cause is missing from the log is reported too.
 */
export function linksOfLog(messages: readonly unknown[]): { links: CausalLink[]; orphans: string[] } {
  const byId = new Map<string, unknown>();
  for (const message of messages) {
    const { id } = metadataOf(message);
    if (id !== undefined) byId.set(id, message);
  }
  const outputs = new Map<unknown, unknown[]>();
  const orphans: string[] = [];
  for (const message of messages) {
    const { causationId, id } = metadataOf(message);
    if (causationId === undefined) continue;
    const trigger = byId.get(causationId);
    if (trigger === undefined) {
      orphans.push(
        `${typeName(message)} ${id ?? '(no id)'} names causation id "${causationId}", which no message in the log has`,
      );
      continue;
    }
    outputs.set(trigger, [...(outputs.get(trigger) ?? []), message]);
  }
  return { links: [...outputs].map(([trigger, caused]) => ({ trigger, outputs: caused })), orphans };
}
