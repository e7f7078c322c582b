import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { onSpecRecord, type SpecRecord } from '@eventspec/core';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { plural, type ReportedTest, reportedTests, reportModel } from './report-model.js';
import { fileProblems, testProblems } from './run-problems.js';

/** Options of the living-documentation report. */
export interface ReportOptions {
  /**
   * Where the HTML report is written; `undefined` (e.g. an unset environment variable) means the default.
   * @default '.eventspec/report/index.html'
   */
  outputFile?: string | undefined;
  /**
   * Also write the Markdown twin next to it (`report.md`), for pull-request comments.
   * @default true
   */
  markdown?: boolean;
  /** @default 'eventspec report' */
  title?: string;
  /** Only the tests of this vitest project (the plugin sets it to the project it is configured in). */
  project?: string;
}

/**
 * A vitest reporter that writes, after a run, the living documentation of the system: every scenario as
 * given / when / then, grouped by aggregate and command, with failures inline. Turn it on with
 * `eventspec({ report: true })`.
 */
export class EventspecReportReporter implements Reporter {
  /** Where the last report was written. */
  lastReport: { html: string; markdown?: string } | undefined;

  /** Records made in the main process during the run — brokers started by the global setup. */
  private readonly runRecords: SpecRecord[] = [];
  private readonly stopListening: () => void;

  constructor(private readonly options: ReportOptions = {}) {
    this.stopListening = onSpecRecord((record) => this.runRecords.push(record));
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
  ): void {
    this.stopListening();
    const { project } = this.options;
    const modules =
      project === undefined ? testModules : testModules.filter((module) => module.project.name === project);
    if (modules.length === 0) return;
    const run: ReportedTest[] = this.runRecords.length
      ? [
          {
            name: 'the test run (global setup)',
            file: 'vitest global setup',
            state: 'passed',
            records: this.runRecords,
          },
        ]
      : [];
    const problems = [...fileProblems(modules, unhandledErrors), ...testProblems(modules)];
    const model = reportModel(
      [...run, ...reportedTests(modules)],
      this.options.title ?? 'eventspec report',
      problems,
    );
    const html = resolve(this.options.outputFile ?? join('.eventspec', 'report', 'index.html'));
    mkdirSync(dirname(html), { recursive: true });
    writeFileSync(html, renderHtml(model));
    this.lastReport = { html };
    if (this.options.markdown !== false) {
      const markdown = join(dirname(html), 'report.md');
      writeFileSync(markdown, renderMarkdown(model));
      this.lastReport.markdown = markdown;
    }
    const { totals } = model;
    process.stdout.write(
      `eventspec report: ${html} (${plural(totals.scenarios, 'scenario')}, ${totals.failed} failed, ${plural(totals.invariants, 'invariant')})\n`,
    );
  }
}
