import { plural, type ReportModel, stepName } from './report-model.js';

/** The report's Markdown twin, for pull-request comments: failures first, then every subject. */
export function renderMarkdown(model: ReportModel): string {
  const { totals } = model;
  const lines = [
    `# ${model.title}`,
    '',
    `${totals.scenarios} scenarios, ${totals.failed} failed${totals.onPurpose ? ` (and ${totals.onPurpose} failing on purpose)` : ''} · ${plural(totals.invariants, 'invariant')} over ${totals.invariantRuns} random histories${totals.deliveryChecks ? ` · ${plural(totals.deliveryChecks, 'delivery check')} over ${totals.deliveryPlans} plans` : ''}`,
    '',
  ];
  for (const subject of model.subjects) {
    lines.push(`## ${subject.failed ? '✗' : '✓'} ${subject.name} (${subject.kind})`, '');
    for (const { record, test, onPurpose } of subject.entries) {
      const mark = record.status === 'passed' ? '✓' : onPurpose ? '✗ (on purpose)' : '✗';
      if (record.kind === 'broker') {
        lines.push(`- ${record.action === 'provided' ? 'broker' : 'fault'}: ${record.detail}`);
        continue;
      }
      if (record.kind === 'contract') {
        lines.push(`- ${mark} ${record.detail} (${record.mode})`);
        if (record.failure)
          lines.push('', '  ```text', ...record.failure.split('\n').map((l) => `  ${l}`), '  ```', '');
        continue;
      }
      if (record.kind === 'topology') {
        lines.push(
          '',
          '  ```text',
          ...record.detail
            .trimEnd()
            .split('\n')
            .map((l) => `  ${l}`),
          '  ```',
          '',
        );
        continue;
      }
      if (record.kind === 'delivery') {
        lines.push(
          `- ${mark} ${test.split(' > ').at(-1)} — ${record.messages} messages under ${record.faults}: ${record.plans} plans${record.verdict ? ` — ${record.verdict}` : ''}`,
        );
        if (record.timeline?.length)
          lines.push('', '  ```text', ...record.timeline.map((l) => `  ${l}`), '  ```', '');
        continue;
      }
      if (record.kind === 'invariant') {
        lines.push(
          `- ${mark} invariant **${record.name}**: ${record.runs} histories, ${record.commands} commands (seed ${record.seed})`,
        );
      } else {
        const given = record.given.length
          ? record.given.map((g) => g.split(' ')[0]).join(', ')
          : 'no history';
        lines.push(
          `- ${mark} ${test.split(' > ').at(-1)} — given ${given}${record.when ? ` — when \`${stepName(record.when)}\`` : ''} — then ${record.then}`,
        );
      }
      if (record.failure)
        lines.push('', '  ```text', ...record.failure.split('\n').map((l) => `  ${l}`), '  ```', '');
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
