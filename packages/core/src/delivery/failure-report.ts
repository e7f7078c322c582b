import type { Message } from '../broker/message.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { fileSlug } from '../format/svg-file.js';
import type { Difference } from '../matching/difference.js';
import { DeliveryCheckError } from './delivery-check-error.js';
import { compactPlan, type DeliveryPlan, referencePlan } from './delivery-plan.js';
import type { DeliverySettings } from './delivery-settings.js';
import type { RunOutcome } from './run-outcome.js';
import { writeTimelineSvg } from './timeline-svg.js';
import { renderTimeline } from './timeline-text.js';
import { type DeliveryVerdict, deliveryVerdictTitles, firedFaults, hintFor } from './verdict.js';

/** A failing run, before it becomes an error. */
export interface Finding {
  verdict: DeliveryVerdict;
  plan: DeliveryPlan;
  messages: readonly Message[];
  outcome: RunOutcome;
  reference?: RunOutcome;
  differences?: Difference[];
  poison?: number;
}

const shownDifferences = 8;

/** What fast-check says about the exploration that found a failure. */
export interface Explored {
  seed: number;
  counterexamplePath: string | null;
  numRuns: number;
  numShrinks: number;
  /** Further simplifications after fast-check's shrinking. */
  simplified?: number;
}

/** The error that tells the user what broke, on which plan, how to replay it and what to change. */
export function failureOf(
  finding: Finding,
  settings: Pick<DeliverySettings<unknown, Message>, 'name' | 'timelineDir' | 'timeout' | 'maxAttempts'>,
  details: Explored | undefined,
  replay: { planReplay?: boolean; realRuns?: { runs: number; consumers: number } } = {},
): DeliveryCheckError {
  const { verdict, outcome, messages } = finding;
  const fired = firedFaults(outcome);
  const hint = hintOf(finding, fired);
  const timeline = renderTimeline(outcome.events, messages, outcome.overlapped);
  const seed = details?.seed;
  const path = details?.counterexamplePath ?? undefined;
  const title = `${deliveryVerdictTitles[verdict]}${settings.name ? ` in "${settings.name}"` : ''}`;
  const lines = [`checkDelivery found ${title}: ${summaryOf(finding, settings)}`, ''];
  if (verdict === 'non-deterministic') {
    lines.push('Second reference run against the first:');
  } else {
    const isReference = finding.plan === referencePlan && !replay.planReplay;
    lines.push(
      `${isReference ? 'Reference run (every message once, in order)' : `Delivery plan${exploredText(details)}`}:`,
    );
    lines.push(...timeline.map((line) => `  ${line}`));
    if (finding.differences)
      lines.push('', 'Result against the reference run (every message once, in order):');
  }
  if (finding.differences) {
    for (const difference of finding.differences.slice(0, shownDifferences))
      lines.push(`  ${describeDifference(difference)}`);
    if (finding.differences.length > shownDifferences)
      lines.push(`  … and ${finding.differences.length - shownDifferences} more differences`);
  }
  lines.push('');
  if (replay.realRuns) {
    const { runs, consumers } = replay.realRuns;
    const competing = consumers > 1 ? ` (${consumers} consumers in each plan run)` : '';
    lines.push(
      `Real broker: ${runs} run${runs === 1 ? '' : 's'} through it${competing}; the broker, not the plan, placed redeliveries, so a replay may deliver differently.`,
    );
  }
  if (replay.planReplay && finding.plan !== referencePlan) {
    lines.push(
      `Replay: checkDelivery({ ...options, plan: ${formatInline(compactPlan(finding.plan), Number.POSITIVE_INFINITY)} })`,
    );
    if (seed !== undefined)
      lines.push(`Search: checkDelivery({ ...options, ${seedText(seed, path)} }) finds it again`);
  } else if (seed !== undefined) {
    lines.push(`Replay: checkDelivery({ ...options, ${seedText(seed, path)} })`);
  }
  const svgPath =
    settings.timelineDir === false
      ? undefined
      : writeTimelineSvg(
          settings.timelineDir,
          fileNameOf(settings.name, verdict, seed),
          outcome,
          messages,
          title,
        );
  if (svgPath) lines.push(`Timeline picture: ${svgPath}`);
  lines.push(`Hint: ${hint}`);
  const compared =
    finding.reference && 'observation' in outcome
      ? { actual: outcome.observation, expected: finding.reference.observation }
      : undefined;
  return new DeliveryCheckError(
    lines.join('\n'),
    {
      verdict,
      plan: finding.plan,
      messages,
      timeline,
      hint,
      seed,
      path,
      svgPath,
      ...(replay.realRuns ? { realRuns: replay.realRuns.runs } : {}),
    },
    compared,
  );
}

function hintOf(finding: Finding, fired: ReturnType<typeof firedFaults>): string {
  if (finding.verdict === 'poison-message' && finding.plan === referencePlan)
    return 'Fix what makes the handler reject this message, or — if it parks invalid messages on purpose — list them in `expectDeadLetters` (ids or a predicate).';
  if (finding.verdict === 'handler-timeout' && finding.outcome.timedOut?.overran !== undefined)
    return 'A synchronous handler blocks the consumer (and its heartbeats): move the slow work out of the handler, make it asynchronous, or raise `timeout`.';
  return hintFor(finding.verdict, fired);
}

function summaryOf(finding: Finding, settings: { timeout: number; maxAttempts: number }): string {
  const name = (index: number) => {
    const message = finding.messages[index];
    return `#${index + 1}${message ? ` ${message.type}` : ''}`;
  };
  switch (finding.verdict) {
    case 'duplicated-effect':
      return 'delivering a message more than once changed the result.';
    case 'lost-effect':
      return 'part of the reference result is missing after this delivery plan.';
    case 'order-dependent':
      return 'delivering the messages in another order changed the result.';
    case 'concurrency-anomaly':
      return 'deliveries in flight at once (nothing duplicated, failed or reordered) changed the result.';
    case 'crash-window-duplicate':
      return 'a crash after the effect and before the ack made the redelivery repeat the effect.';
    case 'non-deterministic':
      return 'two reference runs (every message once, in order; the second with the clock 1 day 12 h 7 min 13.457 s ahead) gave different results, so no delivery plan was explored.';
    case 'poison-message': {
      const poison = finding.poison ?? 0;
      if (finding.plan === referencePlan)
        return `${name(poison)} was dead-lettered in the reference run (every message once, in order): the handler rejects it on every delivery.`;
      const attempts = finding.outcome.events.filter(
        (e) => e.kind === 'start' && e.message === poison,
      ).length;
      return `${name(poison)} was dead-lettered after ${attempts} attempt${attempts === 1 ? '' : 's'} under this plan, though the reference run handled it.`;
    }
    case 'handler-timeout': {
      const hung = finding.outcome.timedOut;
      if (hung?.overran !== undefined)
        return `delivery of ${name(hung.message)} (attempt ${hung.attempt}) ran synchronously for ${hung.overran} ms, over the ${settings.timeout} ms \`timeout\`.`;
      return `delivery of ${name(hung?.message ?? 0)} (attempt ${hung?.attempt ?? 1}) did not settle within ${settings.timeout} ms.`;
    }
  }
}

function seedText(seed: number, path: string | undefined): string {
  return path === undefined ? `seed: ${seed}` : `seed: ${seed}, path: ${JSON.stringify(path)}`;
}

function fileNameOf(name: string | undefined, verdict: DeliveryVerdict, seed: number | undefined): string {
  const stem = fileSlug(name ?? verdict, verdict);
  return `${stem}${seed === undefined ? '' : `-${seed}`}.svg`;
}

function exploredText(details: Explored | undefined): string {
  if (!details) return ' (replayed)';
  const times = (n: number, what: string) => `${what} ${n} time${n === 1 ? '' : 's'}`;
  const simplified = details.simplified ? `, ${times(details.simplified, 'simplified')}` : '';
  return ` (found after ${details.numRuns} plan${details.numRuns === 1 ? '' : 's'}, ${times(details.numShrinks, 'shrunk')}${simplified})`;
}
