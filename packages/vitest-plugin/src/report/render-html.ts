import type { SpecRecord } from '@eventspec/core';
import { reportScript, reportStyle } from './report-assets.js';
import { plural, type ReportModel, type ReportSubject, stepName } from './report-model.js';

const kindTitles: Record<ReportSubject['kind'], string> = {
  decider: 'Aggregates',
  process: 'Process managers',
  projection: 'Projections',
  invariant: 'Invariants',
  system: 'Systems',
  upcaster: 'Event evolution',
  delivery: 'Consumers under delivery faults',
  contract: 'Contracts',
  broker: 'Brokers',
  topology: 'Topology',
};

/** The report as one self-contained HTML page: no external assets, works offline. */
export function renderHtml(model: ReportModel): string {
  const { totals } = model;
  const summary = [
    `${totals.scenarios} scenarios`,
    `${totals.failed} failed`,
    ...(totals.onPurpose ? [`${totals.onPurpose} failing on purpose (their output is checked)`] : []),
    `${plural(totals.invariants, 'invariant')} over ${totals.invariantRuns} random histories`,
    ...(totals.deliveryChecks
      ? [`${plural(totals.deliveryChecks, 'delivery check')} over ${totals.deliveryPlans} plans`]
      : []),
  ].join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${reportStyle}</style>
</head>
<body>
<aside class="sidebar">
  <div class="brand">eventspec</div>
  <input type="search" id="search" placeholder="Search scenarios…" aria-label="Search scenarios">
  <nav aria-label="Index">${renderIndex(model.subjects)}</nav>
</aside>
<main>
  <header class="page">
    <h1>${escapeHtml(model.title)}</h1>
    <p class="summary ${totals.failed ? 'has-failures' : ''}">${escapeHtml(summary)}</p>
    <p class="generated">Generated ${escapeHtml(model.generatedAt)} from the passing and failing specs of this run.</p>
  </header>
  ${model.subjects.map(renderSubject).join('\n')}
  <p class="empty" id="no-match" hidden>No scenario matches the search.</p>
</main>
<script>${reportScript}</script>
</body>
</html>
`;
}

function renderIndex(subjects: readonly ReportSubject[]): string {
  const groups = new Map<ReportSubject['kind'], ReportSubject[]>();
  for (const subject of subjects) groups.set(subject.kind, [...(groups.get(subject.kind) ?? []), subject]);
  return [...groups]
    .map(
      ([kind, list]) =>
        `<h2>${kindTitles[kind]}</h2><ul>${list
          .map(
            (s) =>
              `<li><a href="#${s.id}" data-subject="${s.id}" class="${s.failed ? 'fail' : 'ok'}">${escapeHtml(s.name)}<span class="count">${s.failed ? `${s.failed} ✗ / ` : ''}${s.entries.length}</span></a></li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
}

function renderSubject(subject: ReportSubject): string {
  const byStep = new Map<string, ReportSubject['entries']>();
  for (const entry of subject.entries) {
    const group = groupOf(entry.record);
    byStep.set(group, [...(byStep.get(group) ?? []), entry]);
  }
  const groups = [...byStep]
    .map(
      ([group, entries]) =>
        `<h3>${escapeHtml(group)}</h3>\n${entries.map((e) => renderEntry(e.record, e.test, e.file, e.onPurpose, e.count)).join('\n')}`,
    )
    .join('\n');
  return `<section class="subject" id="${subject.id}"><h2>${escapeHtml(subject.name)} <small>${kindTitles[subject.kind]}</small></h2>\n${groups}</section>`;
}

const contractGroups = {
  validated: 'Messages checked',
  compatibility: 'Compatibility',
  'pact-consumer': 'Consumers (pacts)',
  'pact-provider': 'Provider verified against the pacts',
} as const;

/** Scenarios are grouped by the command (or event) they test; invariants stand in their own group. */
function groupOf(record: SpecRecord): string {
  if (record.kind === 'invariant') return 'Invariants';
  if (record.kind === 'delivery') return 'Delivery checks';
  if (record.kind === 'contract') return contractGroups[record.action];
  if (record.kind === 'broker') return record.action === 'provided' ? 'Brokers used' : 'Faults injected';
  if (record.kind === 'topology') return 'Declared vs observed';
  return stepName(record.when);
}

function renderEntry(
  record: SpecRecord,
  test: string,
  file: string,
  onPurpose: boolean,
  count: number,
): string {
  const status = record.status === 'passed' ? 'passed' : onPurpose ? 'on-purpose' : 'failed';
  const label = { passed: '✓ passed', failed: '✗ failed', 'on-purpose': '✗ fails on purpose' }[status];
  const badge = `<span class="badge ${status}">${label}</span>`;
  const body =
    record.kind === 'topology'
      ? `<pre class="invariant">${escapeHtml(record.detail)}</pre>${record.svg ? `<figure class="timeline-svg">${record.svg}</figure>` : ''}`
      : record.kind === 'broker'
        ? `<p class="invariant">${escapeHtml(record.detail)}</p>`
        : record.kind === 'contract'
          ? `<p class="invariant">${escapeHtml(count > 1 ? `${count} messages satisfy the contract` : record.detail)} <span class="none">(${escapeHtml(record.mode)}${record.source ? `, ${escapeHtml(record.source)}` : ''})</span></p>`
          : record.kind === 'delivery'
            ? renderDelivery(record)
            : record.kind === 'invariant'
              ? `<p class="invariant"><strong>${escapeHtml(record.name)}</strong> held over ${record.runs} random histories (${record.commands} commands, ${record.rejected} rejected; seed ${record.seed}).</p>`
              : `<dl class="gwt">
  <dt>Given</dt><dd>${record.given.length ? `<ul>${record.given.map((g) => `<li><code>${escapeHtml(g)}</code></li>`).join('')}</ul>` : '<span class="none">no history</span>'}</dd>
  ${record.at ? `<dt>At</dt><dd><code>${escapeHtml(record.at)}</code></dd>` : ''}
  ${record.when !== undefined ? `<dt>When</dt><dd><code>${escapeHtml(record.when)}</code></dd>` : ''}
  <dt>Then</dt><dd>${escapeHtml(record.then)}</dd>
</dl>`;
  const failureText = 'failure' in record ? record.failure : undefined;
  const failure = failureText ? `<pre class="failure">${renderFailure(failureText)}</pre>` : '';
  const search = [test, searchText(record)].join(' ');
  return `<article class="scenario ${status}" data-search="${escapeHtml(search.toLowerCase())}">
<header>${badge}<span class="test">${escapeHtml(test)}</span><span class="file">${escapeHtml(file)}</span></header>
${body}
${failure}
</article>`;
}

function searchText(record: SpecRecord): string {
  if (record.kind === 'invariant') return record.name;
  if (record.kind === 'delivery') return `${record.faults} ${record.verdict ?? ''}`;
  if (record.kind === 'contract' || record.kind === 'broker' || record.kind === 'topology')
    return `${record.subject ?? ''} ${record.detail}`;
  return [...record.given, record.when ?? '', record.then].join(' ');
}

/** A delivery check: what was explored, and for a failure the verdict, the minimal plan and its picture. */
function renderDelivery(record: Extract<SpecRecord, { kind: 'delivery' }>): string {
  const checked = record.status === 'passed' ? `: ${record.plans} delivery plans checked` : '';
  const seed = record.seed === undefined ? '' : ` (seed ${record.seed})`;
  const explored = `<p class="invariant">${record.messages} messages under <strong>${escapeHtml(record.faults)}</strong>${checked}${seed}.</p>`;
  if (record.status === 'passed') return explored;
  const timeline = record.timeline?.length
    ? `<ol class="timeline">${record.timeline.map((step) => `<li><code>${escapeHtml(step.replace(/^\s*\d+\.\s*/, ''))}</code></li>`).join('')}</ol>`
    : '';
  // The SVG is our own markup (escaped text inside), embedded so that the page stays one file.
  const picture = record.svg
    ? `<figure class="timeline-svg">${record.svg.replace(/<\?xml[^>]*>/, '')}</figure>`
    : '';
  return `${explored}<p><strong>${escapeHtml(record.verdict ?? 'failed')}</strong> — the smallest delivery plan:</p>${timeline}${picture}`;
}

/** The failure text with its comparison lines marked: ✓ same, ✗ differing, + unexpected, - missing. */
function renderFailure(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trimStart();
      const kind =
        /^\[\d+\] ✗/.test(trimmed) || trimmed.startsWith('✗')
          ? 'diff-changed'
          : /^\[\d+\] \+/.test(trimmed)
            ? 'diff-unexpected'
            : trimmed.startsWith('- ')
              ? 'diff-missing'
              : /^\[\d+\] ✓/.test(trimmed) || trimmed.startsWith('✓')
                ? 'diff-same'
                : /: expected .*, received /.test(trimmed)
                  ? 'diff-field'
                  : '';
      return kind ? `<span class="${kind}">${escapeHtml(line)}</span>` : escapeHtml(line);
    })
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
