import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { reportedTests, reportModel } from './report-model.js';

/** Options of the living-documentation report. */
export interface ReportOptions {
  /**
   * Where the HTML report is written.
   * @default '.eventspec/report/index.html'
   */
  outputFile?: string;
  /**
   * Also write the Markdown twin next to it (`report.md`), for pull-request comments.
   * @default true
   */
  markdown?: boolean;
  /** @default 'eventspec report' */
  title?: string;
}

/**
 * A vitest reporter that writes, after a run, the living documentation of the system: every scenario as
 * given / when / then, grouped by aggregate and command, with failures inline. Turn it on with
 * `eventspec({ report: true })`.
 */
export class EventspecReportReporter implements Reporter {
  /** Where the last report was written. */
  lastReport: { html: string; markdown?: string } | undefined;

  constructor(private readonly options: ReportOptions = {}) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const model = reportModel(reportedTests(testModules), this.options.title ?? 'eventspec report');
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
      `eventspec report: ${html} (${totals.scenarios} scenarios, ${totals.failed} failed, ${totals.invariants} invariants)\n`,
    );
  }
}
