export { renderHtml } from './render-html.js';
export { renderMarkdown } from './render-markdown.js';
export type { ReportedTest, ReportModel, ReportSubject } from './report-model.js';
export { reportedTests, reportModel } from './report-model.js';
export type { ReportOptions } from './report-reporter.js';
export { EventspecReportReporter } from './report-reporter.js';
export type { RunProblem } from './run-problems.js';
