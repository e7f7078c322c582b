import { escapeXml } from '@eventspec/core/internal';
import type { TopologyDrift, TopologyReport } from './topology-drift.js';

const headline = (report: TopologyReport): string => {
  const { declared, observed } = report.counts;
  const counts = `${declared} declared flow${declared === 1 ? '' : 's'}, ${observed} observed`;
  const failing = report.drift.length;
  if (failing === 0) return `Topology: no drift (${counts})`;
  return `Topology: ${failing} drift${failing === 1 ? '' : 's'}${report.ok ? ' (all ignored)' : ''} (${counts})`;
};

/** What the check could not prove: observed flows without a version or a channel. */
function notChecked(report: TopologyReport): string[] {
  const lines: string[] = [];
  if (report.unversioned > 0)
    lines.push(
      `${report.unversioned} observed flow${report.unversioned === 1 ? '' : 's'} carried no version: matched against every declared version of the type (set the x-eventspec-version header, or observedFlows({ versionOf }))`,
    );
  if (report.unchanneled > 0)
    lines.push(
      `${report.unchanneled} observed flow${report.unchanneled === 1 ? '' : 's'} carried no channel: matched against every channel of the type`,
    );
  return lines;
}

/** The report as text for a terminal: a headline, one line per drift, then what was not checked. */
export function formatTopologyText(report: TopologyReport): string {
  const lines = [headline(report)];
  for (const drift of report.drift) lines.push(`  ✗ ${drift.kind.padEnd(18)} ${drift.message}`);
  const unchecked = notChecked(report);
  if (unchecked.length > 0) lines.push('Not checked:', ...unchecked.map((line) => `  - ${line}`));
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The report as Markdown (a pull-request comment or a job summary): a table of the drift. */
export function formatTopologyMarkdown(report: TopologyReport): string {
  const lines = [`### ${report.ok ? '✅' : '❌'} ${headline(report)}`, ''];
  if (report.drift.length > 0) {
    lines.push('| Drift | Application | Message | Channel | What to do |', '| --- | --- | --- | --- | --- |');
    for (const d of report.drift)
      lines.push(
        `| ${d.kind} | ${cell(d.application)} ${d.action}s | \`${cell(d.type)}${d.version === undefined ? '' : `@${d.version}`}\` | \`${cell(d.channel)}\` | ${cell(d.message)} |`,
      );
    lines.push('');
  }
  const unchecked = notChecked(report);
  if (unchecked.length > 0) lines.push('**Not checked**', '', ...unchecked.map((line) => `- ${line}`), '');
  return `${lines.join('\n')}`;
}

const caseName = (d: Pick<TopologyDrift, 'application' | 'action' | 'type' | 'version' | 'channel'>) =>
  `${d.application} ${d.action}s ${d.type}${d.version === undefined ? '' : `@${d.version}`} on ${d.channel}`;

/** The report as JUnit XML: a test case per flow (declared or observed), a failure per drift. */
export function formatTopologyJunit(report: TopologyReport, ignored: readonly string[] = []): string {
  const failing = (d: TopologyDrift) => !ignored.includes(d.kind);
  const cases = report.edges
    .filter((edge) => edge.status === 'ok')
    .map(
      (edge) =>
        `    <testcase classname="eventspec.topology.${escapeXml(edge.application)}" name="${escapeXml(caseName(edge))}"/>`,
    );
  for (const d of report.drift) {
    const tag = failing(d) ? 'failure' : 'skipped';
    cases.push(
      `    <testcase classname="eventspec.topology.${escapeXml(d.application)}" name="${escapeXml(`${d.kind}: ${caseName(d)}`)}"${d.declared ? ` file="${escapeXml(d.declared.source.split('#')[0]!)}"` : ''}>\n      <${tag} type="${d.kind}" message="${escapeXml(d.message)}"/>\n    </testcase>`,
    );
  }
  const failures = report.drift.filter(failing).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="eventspec topology check" tests="${cases.length}" failures="${failures}">\n  <testsuite name="topology" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
