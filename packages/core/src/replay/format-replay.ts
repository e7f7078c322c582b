import { describeDifference } from '../format/describe-difference.js';
import { escapeXml } from '../format/escape-xml.js';
import { describePosition } from './recorded-event.js';
import type { ReplayFailureKind, ReplayReport } from './replay-report.js';

/** The report as text: a summary line, then each kind of problem with its first occurrences. */
export function formatReplayReport(report: ReplayReport): string {
  const lines = [summaryLine(report)];
  if (report.badRecords.count > 0) {
    lines.push(`${report.badRecords.count} bad record(s) skipped:`);
    for (const bad of report.badRecords.first)
      lines.push(`  - ${describePosition(bad.position)}: ${bad.problem}`);
  }
  if (report.unreadable.length > 0) {
    lines.push('Events no upcaster can read:');
    for (const group of report.unreadable) {
      lines.push(
        `  - ${group.type}@${group.version}: ${group.count} event(s), first at ${describePosition(group.first)} — ${group.reason}`,
      );
    }
  }
  for (const [kind, count] of Object.entries(report.failureCounts) as [ReplayFailureKind, number][]) {
    const shown = report.failures.filter((failure) => failure.kind === kind);
    lines.push(
      `${kindTitles[kind]}: ${count}${count > shown.length ? ` (the first ${shown.length} below)` : ''}`,
    );
    for (const failure of shown) {
      lines.push(`  - ${failure.message}`);
      for (const difference of (failure.differences ?? []).slice(0, 8))
        lines.push(`      ${describeDifference(difference, 'state')}`);
    }
  }
  return lines.join('\n');
}

/** The report as a Markdown section, for a CI summary. */
export function formatReplayMarkdown(report: ReplayReport): string {
  const rows = (Object.entries(report.failureCounts) as [ReplayFailureKind, number][]).map(
    ([kind, count]) => `| ${kindTitles[kind]} | ${count} |`,
  );
  for (const group of report.unreadable)
    rows.push(`| unreadable ${group.type}@${group.version} | ${group.count} |`);
  const table = rows.length > 0 ? ['', '| problem | count |', '| --- | --- |', ...rows] : [];
  const details = report.failures.map(
    (failure) => `- \`${failure.kind}\` ${failure.message.replaceAll('|', '\\|')}`,
  );
  return [
    `## Replay of ${report.history}`,
    '',
    `${report.ok ? '✓' : '✗'} ${summaryLine(report)}`,
    ...table,
    '',
    ...details,
    '',
  ].join('\n');
}

/** The report as JUnit XML: one test case per kind of check, failing with its problems. */
export function formatReplayJunit(report: ReplayReport): string {
  const kinds = Object.keys(kindTitles) as ReplayFailureKind[];
  const cases = kinds.map((kind) => {
    const failures = report.failures.filter((failure) => failure.kind === kind);
    const count = report.failureCounts[kind] ?? (kind === 'unreadable' ? report.unreadable.length : 0);
    const text =
      kind === 'unreadable'
        ? report.unreadable
            .map(
              (group) =>
                `${group.type}@${group.version}: ${group.count} event(s), first at ${describePosition(group.first)}`,
            )
            .join('\n')
        : failures.map((failure) => failure.message).join('\n');
    const failure =
      count > 0
        ? `<failure message="${escapeXml(`${count} ${kindTitles[kind]}`)}">${escapeXml(text)}</failure>`
        : '';
    return `    <testcase classname="replay.${escapeXml(report.history)}" name="${escapeXml(kindTitles[kind])}">${failure}</testcase>`;
  });
  const failed = kinds.filter(
    (kind) =>
      (report.failureCounts[kind] ?? 0) > 0 || (kind === 'unreadable' && report.unreadable.length > 0),
  ).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="eventspec replay" tests="${kinds.length}" failures="${failed}">`,
    `  <testsuite name="${escapeXml(report.history)}" tests="${kinds.length}" failures="${failed}" time="${(report.elapsedMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function summaryLine(report: ReplayReport): string {
  const problems =
    Object.values(report.failureCounts).reduce((sum, count) => sum + (count ?? 0), 0) +
    report.unreadable.reduce((sum, group) => sum + group.count, 0);
  return (
    `Replayed ${report.history}: ${report.events} events in ${report.streams} streams (${report.upcast} upcast), ` +
    `${problems === 0 ? 'no problems' : `${problems} problem(s)`}, ${report.eventsPerSecond} events/s`
  );
}

const kindTitles: Record<ReplayFailureKind, string> = {
  'bad-record': 'bad records',
  'out-of-order': 'streams out of order',
  unreadable: 'events no upcaster can read',
  'upcaster-threw': 'upcasters that threw',
  'evolve-threw': 'folds that threw',
  'project-threw': 'projections that threw',
  'react-threw': 'process managers that threw',
  'acted-on-replay': 'process managers acting on replay',
  'non-deterministic': 'non-deterministic folds',
  'not-cloneable': 'states that do not survive structuredClone',
  differs: 'states that differ between old and new',
};
