import type { ContractChange } from '../compatibility/check-registry.js';
import type { CompatibilityBreak } from '../compatibility/compatibility-result.js';
import type { ConsumerImpact } from '../pact/check-consumers.js';
import {
  isBreaking,
  isUnproven,
  type UpcastRequirements,
  upcastLines,
  upcastVerdict,
} from './format-upcasts.js';

/** Consumer impacts of each changed contract, by contract id (when `--pacts` is given). */
export type ConsumerImpacts = ReadonlyMap<string, readonly ConsumerImpact[]>;

/** Counts of a check run, for the summary line. */
export interface CheckSummary {
  contracts: number;
  baseline: string;
  allowUnproven: boolean;
  consumers?: ConsumerImpacts;
  /** Breaking changes of stored events and the upcasters that cover them. */
  upcasts?: UpcastRequirements;
  /** The `--upcasters` registry, as messages name it. */
  upcasters?: string;
}

/** One line per consumer: `billing ✗ total: required-added — …, e.g. {…}` or `shipping ✓ unaffected, reads orderId`. */
export function consumerLines(impacts: readonly ConsumerImpact[]): string[] {
  return impacts.map((i) => {
    if (i.result.verdict === 'incompatible') {
      const breaks = i.result.breaks.map(
        (b) => `${b.path}: ${b.rule} — ${b.message}, e.g. ${renderCounterexample(b.counterexample)}`,
      );
      return `consumer ${i.consumer} ✗ ${breaks.join('; ')}`;
    }
    const verdict = i.result.verdict === 'unproven' ? '? cannot prove' : '✓ unaffected';
    return `consumer ${i.consumer} ${verdict}, reads ${i.reads.join(', ')}`;
  });
}

/** A one-line rendering of a counterexample, cut at 240 characters. */
export function renderCounterexample(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** What a change is, in words: `new version, against OrderPlaced@1`. */
export function describeChange(change: ContractChange): string {
  if (change.kind === 'removed') return 'removed';
  if (change.kind === 'added' && change.against.length === 0) return 'new contract';
  const what = change.kind === 'added' ? 'new version' : 'edited in place';
  return `${what}, against ${change.against.join(', ')}`;
}

/** The verdict of a change in a few words: `✗ 2 breaks`, `? cannot prove`, `✓ compatible`, `✓ upcast`. */
export function verdictOf(change: ContractChange, upcasts?: UpcastRequirements): string {
  const upcast = upcastVerdict(upcasts?.get(change.id));
  if (upcast !== undefined) return upcast;
  const { verdict, breaks } = change.result;
  if (verdict === 'incompatible') return `✗ ${breaks.length} ${breaks.length === 1 ? 'break' : 'breaks'}`;
  if (verdict === 'unproven') return '? cannot prove';
  return change.kind === 'removed' ? '- removed' : '✓ compatible';
}

/** The lines describing one break: path, rule, message and the counterexample with the versions it separates. */
export function breakLines(b: CompatibilityBreak): string[] {
  return [
    `  ${b.path}: ${b.rule} — ${b.message}`,
    `    accepted by ${b.acceptedBy}, rejected by ${b.rejectedBy}: ${renderCounterexample(b.counterexample)}`,
  ];
}

/** The human summary: each changed contract with its breaks; nothing at all when nothing changed. */
export function formatHuman(changes: readonly ContractChange[], summary: CheckSummary): string {
  if (changes.length === 0) return '';
  const lines: string[] = [];
  const brokenConsumers = (id: string) =>
    (summary.consumers?.get(id) ?? [])
      .filter((i) => i.result.verdict === 'incompatible')
      .map((i) => i.consumer);
  for (const change of changes) {
    const broken = brokenConsumers(change.id);
    const verdict =
      change.result.verdict === 'compatible' && broken.length > 0
        ? `✗ breaks ${broken.join(', ')}`
        : verdictOf(change, summary.upcasts);
    lines.push(
      `${verdict}  ${change.id}  ${change.result.mode}  (${describeChange(change)}; ${change.source})`,
    );
    for (const b of change.result.breaks) lines.push(...breakLines(b));
    if (change.result.breaks.length === 0) {
      for (const u of change.result.unproven) lines.push(`  ${u.path}: cannot prove — ${u.reason}`);
    }
    const upcast = summary.upcasts?.get(change.id);
    if (upcast) for (const line of upcastLines(upcast, summary.upcasters)) lines.push(`  ${line}`);
    for (const line of consumerLines(summary.consumers?.get(change.id) ?? [])) lines.push(`  ${line}`);
  }
  const count = (v: string) => changes.filter((c) => c.result.verdict === v && c.kind !== 'removed').length;
  const upcast = [...(summary.upcasts?.values() ?? [])].filter((u) => u.covered).length;
  const missing = changes.filter((c) => upcastVerdict(summary.upcasts?.get(c.id)) === '✗ no upcaster').length;
  const removed = changes.filter((c) => c.kind === 'removed').length;
  const parts = [
    `${changes.filter((c) => isBreaking(c, summary.upcasts)).length} breaking${missing > 0 ? ` (${missing} without an upcaster)` : ''}`,
    `${changes.filter((c) => isUnproven(c, summary.upcasts)).length} unproven${summary.allowUnproven ? ' (allowed)' : ''}`,
    `${count('compatible')} compatible`,
  ];
  if (upcast > 0) parts.push(`${upcast} upcast`);
  if (removed > 0) parts.push(`${removed} removed`);
  const consumerBreaks = changes.flatMap((c) => brokenConsumers(c.id)).length;
  if (consumerBreaks > 0)
    parts.push(`${consumerBreaks} consumer ${consumerBreaks === 1 ? 'break' : 'breaks'}`);
  lines.push(
    '',
    `eventspec contracts check: ${parts.join(', ')} — ${changes.length} of ${summary.contracts} contracts changed since ${summary.baseline}`,
  );
  return `${lines.join('\n')}\n`;
}
