import type { SpecRecord } from '@eventspec/core';
import type { TestModule } from 'vitest/node';

/** A failure of the run that no spec record shows: a file that failed to run, an unhandled error, a test. */
export interface RunProblem {
  /** The test file, or `unhandled error`. */
  file: string;
  /** The test's full name, for a test that failed outside any scenario. */
  test?: string;
  /** The error's first lines. */
  message: string;
}

/** Files that failed as a whole (an import or a top-level hook threw) and errors outside any test. */
export function fileProblems(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<{ message?: string; name?: string }> = [],
): RunProblem[] {
  const problems: RunProblem[] = [];
  for (const module of modules) {
    const errors = module.errors();
    for (const error of errors) problems.push({ file: module.relativeModuleId, message: text(error) });
    if (errors.length === 0 && module.state() === 'failed' && !hasFailedTest(module))
      problems.push({ file: module.relativeModuleId, message: 'the file failed to run' });
  }
  for (const error of unhandledErrors) problems.push({ file: 'unhandled error', message: text(error) });
  return problems;
}

/** Tests that failed without leaving a failed spec record (a plain assertion, a timeout, a fixture). */
export function testProblems(modules: ReadonlyArray<TestModule>): RunProblem[] {
  const problems: RunProblem[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'failed') continue;
      const records = (test.meta() as { eventspec?: SpecRecord[] }).eventspec ?? [];
      if (records.some((record) => record.status === 'failed')) continue;
      problems.push({
        file: module.relativeModuleId,
        test: test.fullName,
        message: result.errors?.[0] ? text(result.errors[0]) : 'failed',
      });
    }
  }
  return problems;
}

function hasFailedTest(module: TestModule): boolean {
  for (const test of module.children.allTests()) if (test.result().state === 'failed') return true;
  return false;
}

function text(error: { message?: string; name?: string }): string {
  const message = error.message ?? String(error);
  const name =
    error.name && error.name !== 'Error' && !message.startsWith(error.name) ? `${error.name}: ` : '';
  return `${name}${message}`.split('\n').slice(0, 6).join('\n');
}
